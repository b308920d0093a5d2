"""Guestbook entries on SQLAlchemy: listings filtered in the query by core.privacy.guestbook_rule."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Select, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.guestbook.model import Entry
from core.privacy import Predicate
from storage.accounts.tables import AccountRow
from storage.errors import repository
from storage.guestbook import convert
from storage.guestbook.tables import GuestbookEntryRow
from storage.privacy_sql import ENTRY_COLUMNS, compile_rule


@lru_cache(maxsize=64)
def _visible(rule: Predicate, anonymous: bool) -> Select[tuple[GuestbookEntryRow]]:
    return (select(GuestbookEntryRow).join(AccountRow, AccountRow.id == GuestbookEntryRow.owner_id)
            .where(compile_rule(rule, None if anonymous else 0, ENTRY_COLUMNS)))


@lru_cache(maxsize=64)
def _one(rule: Predicate, anonymous: bool) -> Select[tuple[GuestbookEntryRow]]:
    return _visible(rule, anonymous).where(GuestbookEntryRow.id == bindparam("entry_id"))


@lru_cache(maxsize=64)
def _listing(rule: Predicate, anonymous: bool, paged: bool) -> Select[tuple[GuestbookEntryRow]]:
    q = _visible(rule, anonymous).where(GuestbookEntryRow.owner_id == bindparam("owner_id"))
    if paged:
        q = q.where(GuestbookEntryRow.id < bindparam("before"))
    return q.order_by(GuestbookEntryRow.id.desc()).limit(bindparam("limit"))


@repository
class SqlGuestbookRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, entry: Entry) -> Entry:
        entry_id = await self.s.scalar(insert(GuestbookEntryRow).values(
            owner_id=entry.owner_id, author_id=entry.author_id, body=entry.body, private=entry.private,
            status=entry.status.value, created_at=entry.created_at, reply="", replied_at=None,
        ).returning(GuestbookEntryRow.id))
        assert entry_id is not None
        return dataclasses.replace(entry, id=entry_id, reply="", replied_at=None)

    async def get(self, entry_id: int) -> Entry | None:
        row = await self.s.scalar(select(GuestbookEntryRow).where(GuestbookEntryRow.id == entry_id))
        return convert.entry(row) if row is not None else None

    async def get_visible(self, entry_id: int, viewer_id: int | None, rule: Predicate) -> Entry | None:
        row = await self.s.scalar(_one(rule, viewer_id is None), {"viewer_id": viewer_id, "entry_id": entry_id})
        return convert.entry(row) if row is not None else None

    async def listing(
        self, owner_id: int, viewer_id: int | None, rule: Predicate, *, before: int | None, limit: int,
    ) -> list[Entry]:
        params = {"viewer_id": viewer_id, "owner_id": owner_id, "before": before, "limit": limit}
        rows = await self.s.scalars(_listing(rule, viewer_id is None, before is not None), params)
        return [convert.entry(r) for r in rows]

    async def set_reply(self, entry_id: int, owner_id: int, body: str, at: datetime) -> bool:
        result = await self.s.execute(
            update(GuestbookEntryRow)
            .where(GuestbookEntryRow.id == entry_id, GuestbookEntryRow.owner_id == owner_id)
            .values(reply=body, replied_at=at).execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def set_status(self, entry_id: int, status: str) -> None:
        await self.s.execute(update(GuestbookEntryRow).where(GuestbookEntryRow.id == entry_id).values(status=status)
                             .execution_options(synchronize_session=False))

    async def delete(self, entry_id: int) -> bool:
        result = await self.s.execute(delete(GuestbookEntryRow).where(GuestbookEntryRow.id == entry_id)
                                      .execution_options(synchronize_session=False))
        return bool(result.rowcount)  # type: ignore[attr-defined]
