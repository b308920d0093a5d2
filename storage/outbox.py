"""The outbox, deliveries and small keyed state on SQLAlchemy."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.events import Event, load_event
from core.model import Identity
from core.ports import Delivery, StoredEvent
from storage.dialect import built, dialect_name, insert_ignore, run, upsert
from storage.tables import DeliveryRow, IdentityRow, OutboxRow, StateRow

LEASE = timedelta(seconds=60)
_ADD_EVENT = insert(OutboxRow).values(
    kind=bindparam("kind"), payload=bindparam("payload"), created_at=bindparam("created_at"), dispatched_at=None,
)


class SqlOutboxRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, event: Event, at: datetime) -> None:
        conn = await self.s.connection()  # Core insert: no ORM unit-of-work flush on the hot path
        await conn.execute(_ADD_EVENT, {"kind": event.kind, "payload": event.payload(), "created_at": at})

    async def claim(self, limit: int) -> list[StoredEvent]:
        q = select(OutboxRow).where(OutboxRow.dispatched_at.is_(None)).order_by(OutboxRow.id).limit(limit)
        if dialect_name(self.s) == "postgresql":
            # Several dispatchers share the outbox: each takes rows the others haven't locked.
            q = q.with_for_update(skip_locked=True)
        rows = (await self.s.scalars(q)).all()
        return [StoredEvent(r.id, load_event(r.kind, r.payload)) for r in rows]

    async def mark_dispatched(self, event_ids: list[int], at: datetime) -> None:
        if event_ids:
            await self.s.execute(update(OutboxRow).where(OutboxRow.id.in_(event_ids)).values(dispatched_at=at))

    async def event(self, event_id: int) -> Event | None:
        row = await self.s.get(OutboxRow, event_id)
        return load_event(row.kind, row.payload) if row is not None else None

    async def add_delivery(self, event_id: int, identity: Identity, payload: dict[str, Any], at: datetime) -> None:
        await self.s.execute(insert_ignore(self.s, DeliveryRow).values(
            event_id=event_id, platform=identity.platform, external_id=identity.external_id,
            payload=payload, created_at=at, next_attempt_at=at, attempts=0, gave_up=False,
        ))

    async def pending_deliveries(
        self, platform: str, limit: int, now: datetime, external_id: str | None = None,
    ) -> list[Delivery]:
        q = select(DeliveryRow).where(
            DeliveryRow.platform == platform, DeliveryRow.sent_at.is_(None),
            DeliveryRow.gave_up.is_(False), DeliveryRow.next_attempt_at <= now,
        )
        if external_id is not None:
            q = q.where(DeliveryRow.external_id == external_id)
        q = q.order_by(DeliveryRow.id).limit(limit)
        if dialect_name(self.s) == "postgresql":
            q = q.with_for_update(skip_locked=True)
        rows = (await self.s.scalars(q)).all()
        if rows:
            # Lease: nobody else picks these up while we send; a crash frees them after LEASE.
            await self.s.execute(
                update(DeliveryRow).where(DeliveryRow.id.in_([r.id for r in rows])).values(next_attempt_at=now + LEASE)
            )
        return [Delivery(r.id, r.platform, r.external_id, r.payload, r.attempts, r.event_id) for r in rows]

    async def mark_sent(self, delivery_id: int, at: datetime) -> None:
        await self.s.execute(update(DeliveryRow).where(DeliveryRow.id == delivery_id).values(sent_at=at))

    async def mark_failed(self, delivery_id: int, retry_at: datetime, give_up: bool) -> None:
        await self.s.execute(update(DeliveryRow).where(DeliveryRow.id == delivery_id).values(
            attempts=DeliveryRow.attempts + 1, next_attempt_at=retry_at, gave_up=give_up,
        ))

    async def set_reachable(self, platform: str, external_id: str, reachable: bool) -> None:
        await self.s.execute(
            update(IdentityRow).where(IdentityRow.platform == platform, IdentityRow.external_id == external_id)
            .values(reachable=reachable)
        )


_GET_STATE = select(StateRow.value, StateRow.expires_at).where(StateRow.key == bindparam("key"))


def _add_once(dialect: str) -> Any:
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(StateRow).values(
        key=bindparam("key"), value={}, expires_at=bindparam("expires_at"),
    ).on_conflict_do_nothing()


class SqlStateRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, key: str, now: datetime) -> dict[str, Any] | None:
        row = (await run(self.s, _GET_STATE, {"key": key})).first()
        if row is None or (row.expires_at is not None and row.expires_at <= now):
            return None
        return dict(row.value)

    async def put(self, key: str, value: dict[str, Any], expires_at: datetime | None) -> None:
        await self.s.execute(upsert(self.s, StateRow, {"key": key, "value": value, "expires_at": expires_at}, ["key"]))

    async def delete(self, key: str) -> None:
        await self.s.execute(delete(StateRow).where(StateRow.key == key))

    async def add_once(self, key: str, expires_at: datetime) -> bool:
        result = await run(self.s, built(self.s, "add_once", _add_once), {"key": key, "expires_at": expires_at})
        return bool(result.rowcount)

    async def purge(self, now: datetime) -> int:
        result = await self.s.execute(delete(StateRow).where(StateRow.expires_at < now))
        return int(result.rowcount)  # type: ignore[attr-defined]
