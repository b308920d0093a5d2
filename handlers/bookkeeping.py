"""Keyed-state notes an adapter makes after a reply went out, written without a transaction of their own.

Which post a sent card shows is known only once the messenger answered the send — after the
command's transaction committed. Written at once, each note was a second transaction per command
(on SQLite a second commit, which the next update waited for). Instead a note waits here and rides
on the next transaction the router commits, whoever's message it is; if none comes within
`linger` seconds it is written on its own. Until written, this process reads it from here (`get`);
`flush` writes what waits when an adapter stops.

A note is a courtesy (a reaction on a card read as a like), never a command's effect: one that
dies with a killed process leaves that card's reactions meaning nothing, as a lost write always did.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

from core.ports import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)
LINGER = 0.5
"""Seconds a note waits for another transaction to ride on before it is written on its own."""

Note = tuple[dict[str, Any], datetime | None, float]
"""The value, when it expires, and when it was noted (the loop's clock)."""
Notes = dict[str, Note]


class Bookkeeping:
    """`uow.state.put`s waiting to be written: the router writes them with the transactions it commits."""

    def __init__(self, uow_factory: UnitOfWorkFactory | None, linger: float = LINGER) -> None:
        self.uow_factory = uow_factory
        self.linger = linger
        self._waiting: Notes = {}
        self._timer: asyncio.TimerHandle | None = None
        self._writing: set[asyncio.Task[None]] = set()

    def put(self, key: str, value: dict[str, Any], expires_at: datetime | None) -> None:
        """Note `value` under `key`: written with the next transaction, or alone after `linger` seconds."""
        loop = asyncio.get_running_loop()
        self._waiting[key] = (value, expires_at, loop.time())
        self._arm(self.linger)

    def get(self, key: str, now: datetime) -> dict[str, Any] | None:
        """A note not written yet (None: written already, or never made — ask the database)."""
        found = self._waiting.get(key)
        if found is None or (found[1] is not None and found[1] <= now):
            return None
        return found[0]

    async def write(self, uow: UnitOfWork) -> Notes:
        """Write what waits in `uow`'s transaction; tell `written` what this returns once it committed.

        Until then the notes stay here, readable, and still waiting if the transaction rolls back."""
        if not self._waiting:
            return {}
        notes = dict(self._waiting)
        for key, (value, expires_at, _noted) in notes.items():
            await uow.state.put(key, value, expires_at)
        return notes

    def written(self, notes: Notes) -> None:
        """`notes` are committed: forget them (not one noted again meanwhile, which is newer)."""
        for key, note in notes.items():
            if self._waiting.get(key) is note:
                del self._waiting[key]

    async def flush(self) -> None:
        """Write what waits now, in a transaction of its own (an adapter stopping)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._writing:
            await asyncio.gather(*self._writing, return_exceptions=True)
        await self._write_alone()

    def _arm(self, delay: float) -> None:
        if self._timer is None and self.uow_factory is not None:  # no factory: a bare Services in a unit test
            self._timer = asyncio.get_running_loop().call_later(delay, self._due)

    def _due(self) -> None:
        self._timer = None
        if not self._waiting:
            return  # transactions took them meanwhile
        # On a busy bot every note rides on a transaction within moments: only one left waiting
        # `linger` seconds is written alone.
        waited = asyncio.get_running_loop().time() - min(note[2] for note in self._waiting.values())
        if waited < self.linger:
            self._arm(self.linger - waited)
            return
        task = asyncio.ensure_future(self._write_logged())
        self._writing.add(task)
        task.add_done_callback(self._writing.discard)

    async def _write_alone(self) -> None:
        if self.uow_factory is None or not self._waiting:
            return
        async with self.uow_factory() as uow:
            notes = await self.write(uow)
            await uow.commit()
        self.written(notes)

    async def _write_logged(self) -> None:
        try:
            await self._write_alone()
        except Exception:  # noqa: BLE001 — still waiting: the next transaction, or the next timer, writes them
            log.exception("writing %d bookkeeping notes failed", len(self._waiting))
            self._arm(self.linger)


__all__ = ["Bookkeeping", "LINGER", "Notes"]
