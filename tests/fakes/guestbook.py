"""Guestbook entries in memory (storage/guestbook/repo.py's semantics), filtered by tests.fakes.seeing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.guestbook.model import Entry
from core.model import PostStatus
from core.privacy import Predicate
from tests.fakes import seeing
from tests.fakes.tables import Store


class MemoryGuestbookRepo:
    def __init__(self, uow: Store) -> None:
        self.uow = uow

    async def add(self, entry: Entry) -> Entry:
        t = await self.uow.write()
        stored = replace(entry, id=t.next_id("guestbook_entries"), reply="", replied_at=None)
        t.guestbook[stored.id] = stored
        return stored

    async def get(self, entry_id: int) -> Entry | None:
        return self.uow.read.guestbook.get(entry_id)

    async def get_visible(self, entry_id: int, viewer_id: int | None, rule: Predicate) -> Entry | None:
        t = self.uow.read
        entry = t.guestbook.get(entry_id)
        if entry is None or entry.owner_id not in t.accounts or not seeing.shows_entry(t, entry, viewer_id, rule):
            return None
        return entry

    async def listing(
        self, owner_id: int, viewer_id: int | None, rule: Predicate, *, before: int | None, limit: int,
    ) -> list[Entry]:
        t = self.uow.read
        if owner_id not in t.accounts:
            return []
        found = [e for e in t.guestbook.values() if e.owner_id == owner_id and (before is None or e.id < before)
                 and seeing.shows_entry(t, e, viewer_id, rule)]
        return sorted(found, key=lambda e: e.id, reverse=True)[:limit]

    async def set_reply(self, entry_id: int, owner_id: int, body: str, at: datetime) -> bool:
        t = await self.uow.write()
        entry = t.guestbook.get(entry_id)
        if entry is None or entry.owner_id != owner_id:
            return False
        t.guestbook[entry_id] = replace(entry, reply=body, replied_at=at)
        return True

    async def set_status(self, entry_id: int, status: str) -> None:
        t = await self.uow.write()
        if (entry := t.guestbook.get(entry_id)) is not None:
            t.guestbook[entry_id] = replace(entry, status=PostStatus(status))

    async def delete(self, entry_id: int) -> bool:
        t = await self.uow.write()
        return t.guestbook.pop(entry_id, None) is not None
