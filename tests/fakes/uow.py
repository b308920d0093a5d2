"""An in-memory unit of work: every repository of core.ports on dicts, for the fast tier of rule tests.

Like cosmicpython's `FakeUnitOfWork`, with the transaction semantics of the SQL one
(storage.database.SqlUnitOfWork): nothing is seen by others before `commit()`, a rollback or
leaving the block discards it. Writers are serialised as SQLite serialises them: the first
write of a unit of work waits for the others' commit, then works on a copy of what is
committed; reads before it see what is committed at the time (read committed). So every
conditional statement (balance ≥ price, tries, counters, claims) is decided on the latest
committed rows, and N parallel tasks meet the same bounds as on a database.

Tests and benches only: production never imports `tests`.
"""

from __future__ import annotations

import asyncio

from core.events import Event
from tests.fakes.accounts import MemoryAccountRepo
from tests.fakes.albums import MemoryAlbumRepo
from tests.fakes.guestbook import MemoryGuestbookRepo
from tests.fakes.moderation import MemoryModerationRepo
from tests.fakes.outbox import MemoryOutboxRepo, MemoryStateRepo
from tests.fakes.pages import MemoryPageReads
from tests.fakes.posts import MemoryPostRepo
from tests.fakes.social import MemorySocialRepo
from tests.fakes.tables import Tables
from tests.fakes.visits import MemoryVisitRepo
from tests.fakes.wallet import MemoryWalletRepo

WRITE_WAIT = 10.0
"""Seconds a first write waits for another unit of work's commit before it is called a deadlock."""


class MemoryDatabase:
    """Holds the committed tables; hands out units of work (the `Database` of this fake)."""

    url = "sqlite+aiosqlite:///:memory:"

    def __init__(self) -> None:
        self.committed = Tables()
        self.writer = asyncio.Lock()

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self)

    async def dispose(self) -> None:
        """Nothing to close (the Database interface)."""


class InMemoryUnitOfWork:
    """One transaction over a MemoryDatabase; the repositories read and write through it."""

    def __init__(self, db: MemoryDatabase) -> None:
        self.db = db
        self._draft: Tables | None = None
        self.accounts = MemoryAccountRepo(self)
        self.posts = MemoryPostRepo(self)
        self.social = MemorySocialRepo(self)
        self.outbox = MemoryOutboxRepo(self)
        self.state = MemoryStateRepo(self)
        self.albums = MemoryAlbumRepo(self)
        self.wallet = MemoryWalletRepo(self)
        self.moderation = MemoryModerationRepo(self)
        self.visits = MemoryVisitRepo(self)
        self.guestbook = MemoryGuestbookRepo(self)
        self.pages = MemoryPageReads(self)
        self.events: list[Event] = []

    @property
    def read(self) -> Tables:
        """The rows this transaction sees: its own writes, else what is committed now."""
        return self._draft if self._draft is not None else self.db.committed

    async def write(self) -> Tables:
        """The rows to change: the first call takes the write lock and copies what is committed."""
        if self._draft is None:
            try:
                await asyncio.wait_for(self.db.writer.acquire(), WRITE_WAIT)
            except TimeoutError:
                raise RuntimeError("a unit of work waited for another's commit: two open writers in one task?") from None
            self._draft = self.db.committed.copy()
        return self._draft

    async def __aenter__(self) -> InMemoryUnitOfWork:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.rollback()

    async def commit(self) -> None:
        if self._draft is not None:
            self.db.committed = self._draft
            self._end()

    async def rollback(self) -> None:
        self.events.clear()  # what was raised is undone with the rest
        self.outbox.added = False
        if self._draft is not None:
            self._end()

    def _end(self) -> None:
        self._draft = None
        self.db.writer.release()


__all__ = ["InMemoryUnitOfWork", "MemoryDatabase"]
