"""Site-wide values every host must agree on, kept in the database: the signing key.

With PostgreSQL several hosts serve one site; each has its own data_dir, so a key generated into
a file there would differ per host and a cookie from one would be refused by the next. The key is
instead claimed once with an insert-or-ignore and read back: however many processes start at
once, the first insert wins and all of them read the same value.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update

from storage.database import Database
from storage.dialect import insert_ignore
from storage.outbox.tables import DeliveryRow, OutboxRow
from storage.state.tables import SiteKeyRow

SIGNING_KEY = "signing_key"


async def shared_key(db: Database, name: str, candidate: str, now: datetime) -> str:
    """The key stored under `name`; `candidate` becomes it if there is none yet (first start wins)."""
    async with db.sessions() as session, session.begin():
        await session.execute(insert_ignore(session, SiteKeyRow).values(name=name, value=candidate, created_at=now))
    async with db.sessions() as session:
        return (await session.execute(select(SiteKeyRow.value).where(SiteKeyRow.name == name))).scalar_one()


async def replace_key(db: Database, name: str, value: str, now: datetime) -> None:
    """Store a new key under `name` (rotation): every link and cookie signed with the old one ends."""
    async with db.sessions() as session, session.begin():
        result = await session.execute(
            update(SiteKeyRow).where(SiteKeyRow.name == name).values(value=value, created_at=now))
        if result.rowcount == 0:  # type: ignore[attr-defined]
            await session.execute(insert_ignore(session, SiteKeyRow).values(name=name, value=value, created_at=now))


async def oldest_undelivered(db: Database) -> datetime | None:
    """When the oldest event still owed to someone was made: not dispatched, or a delivery unsent."""
    async with db.sessions() as session:
        event = (await session.execute(
            select(func.min(OutboxRow.created_at)).where(OutboxRow.dispatched_at.is_(None)))).scalar()
        owed = (await session.execute(
            select(func.min(OutboxRow.created_at)).join(DeliveryRow, DeliveryRow.event_id == OutboxRow.id)
            .where(DeliveryRow.sent_at.is_(None), DeliveryRow.gave_up.is_(False)))).scalar()
    found = [t for t in (event, owed) if t is not None]
    return min(found) if found else None


__all__ = ["SIGNING_KEY", "SiteKeyRow", "oldest_undelivered", "replace_key", "shared_key"]
