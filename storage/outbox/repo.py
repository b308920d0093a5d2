"""The outbox and its deliveries on SQLAlchemy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.events import Event, load_event
from core.model import Identity
from core.ports import Delivery, Notification, StoredEvent
from storage.accounts.tables import IdentityRow
from storage.dialect import built, dialect_name, insert_ignore, run
from storage.errors import repository
from storage.outbox.tables import DeliveryRow, NotificationRow, OutboxRow

_ADD_EVENT = insert(OutboxRow).values(
    kind=bindparam("kind"), payload=bindparam("payload"), created_at=bindparam("created_at"), dispatched_at=None,
)
CHANNEL = "openzone_outbox"
"""PostgreSQL's notification channel: workers LISTEN on it (storage.outbox.wakeups) and wake at each commit."""
_NOTIFY = text(f"SELECT pg_notify('{CHANNEL}', '')")
_ADD_EVENT_NOTIFYING = _ADD_EVENT.returning(func.pg_notify(CHANNEL, ""))


async def notify_workers(session: AsyncSession) -> None:
    """On PostgreSQL, wake every listening worker when this transaction commits (nothing if it rolls back).

    Once per transaction: PostgreSQL folds equal notifications of one transaction into one anyway.
    SQLite has one process; its worker is woken in-process after the commit (handlers' on_commit)."""
    if dialect_name(session) != "postgresql":
        return
    if _notified(session):
        return
    await (await session.connection()).execute(_NOTIFY)
    _notified(session, True)


def _notified(session: AsyncSession, now: bool = False) -> bool:
    """Whether this transaction has notified the workers already (`now`: it just did)."""
    transaction = session.get_transaction()
    if now:
        session.info["notified"] = transaction
    return session.info.get("notified") is transaction


def _lease(dialect: str, one_identity: bool = False) -> Any:
    """UPDATE … RETURNING the due deliveries of a platform, oldest event first, leased until `until`.

    Due means: not sent, not given up, its time has come, no earlier delivery to the same
    identity is waiting (leased elsewhere or backing off), and no earlier event is still
    undispatched (its deliveries may not exist yet).
    """
    due, earlier = aliased(DeliveryRow), aliased(DeliveryRow)
    ids = select(due.id).where(
        due.platform == bindparam("b_platform"), due.sent_at.is_(None), due.gave_up.is_(False),
        due.next_attempt_at <= bindparam("b_now"),
        ~exists().where(
            earlier.platform == due.platform, earlier.external_id == due.external_id,
            earlier.sent_at.is_(None), earlier.gave_up.is_(False), earlier.event_id < due.event_id,
            earlier.next_attempt_at > bindparam("b_now"),
        ),
        ~exists().where(OutboxRow.dispatched_at.is_(None), OutboxRow.id < due.event_id),
    )
    if one_identity:
        ids = ids.where(due.external_id == bindparam("b_external_id"))
    ids = ids.order_by(due.event_id, due.id).limit(bindparam("b_limit"))
    if dialect == "postgresql":
        ids = ids.with_for_update(skip_locked=True, of=due)  # several senders share the deliveries
    return (
        update(DeliveryRow).where(DeliveryRow.id.in_(ids))
        .values(next_attempt_at=bindparam("b_until"), leased_by=bindparam("b_owner"))
        .returning(DeliveryRow.id, DeliveryRow.event_id, DeliveryRow.platform, DeliveryRow.external_id,
                   DeliveryRow.payload, DeliveryRow.attempts)
    )


@repository
class SqlOutboxRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session
        self.added = False

    async def add(self, event: Event, at: datetime) -> None:
        self.added = True
        conn = await self.s.connection()  # Core insert: no ORM unit-of-work flush on the hot path
        params = {"kind": event.kind, "payload": event.payload(), "created_at": at}
        if dialect_name(self.s) == "postgresql" and not _notified(self.s):
            # The first event of a transaction notifies the workers in its own statement (no second trip).
            await conn.execute(_ADD_EVENT_NOTIFYING, params)
            _notified(self.s, True)
            return
        await conn.execute(_ADD_EVENT, params)

    async def claim(self, limit: int) -> list[StoredEvent]:
        q = select(OutboxRow).where(OutboxRow.dispatched_at.is_(None)).order_by(OutboxRow.id).limit(limit)
        if dialect_name(self.s) == "postgresql":
            # Several dispatchers share the outbox: each takes rows the others haven't locked.
            q = q.with_for_update(skip_locked=True)
        else:
            # SQLite reads outside any write transaction: without taking the write lock first, two
            # processes (`openzone run` and `openzone chat`) read and dispatch the same events.
            await self.s.execute(update(OutboxRow).where(OutboxRow.id == -1).values(dispatched_at=None))
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
        await notify_workers(self.s)  # the senders of other processes (`--role telegram`) have work now

    async def lease_deliveries(
        self, platform: str, limit: int, now: datetime, until: datetime, external_id: str | None = None,
        owner: str | None = None,
    ) -> list[Delivery]:
        # One conditional UPDATE takes the lease, so two senders never take the same row (on
        # SQLite a SELECT followed by an UPDATE would let both read the row first).
        stmt = built(self.s, "lease_deliveries", _lease)
        if external_id is not None:
            stmt = built(self.s, "lease_deliveries_of", lambda d: _lease(d, one_identity=True))
        params = {"b_platform": platform, "b_now": now, "b_until": until, "b_limit": limit,
                  "b_external_id": external_id, "b_owner": owner}
        rows = sorted((await run(self.s, stmt, params)).all(), key=lambda r: (r.event_id, r.id))
        if not rows:
            return []
        # A delivery another sender holds (or one locked while we looked) may precede ours: what
        # would overtake it goes back, so each identity hears of events in their order.
        taken = [r.id for r in rows]
        first_other = dict((await self.s.execute(
            select(DeliveryRow.external_id, func.min(DeliveryRow.event_id)).where(
                DeliveryRow.platform == platform, DeliveryRow.external_id.in_({r.external_id for r in rows}),
                DeliveryRow.sent_at.is_(None), DeliveryRow.gave_up.is_(False), DeliveryRow.id.not_in(taken),
            ).group_by(DeliveryRow.external_id)
        )).all())
        keep = [r for r in rows if r.event_id < first_other.get(r.external_id, r.event_id + 1)]
        await self._hand_back(sorted(set(taken) - {r.id for r in keep}), now)
        return [Delivery(r.id, r.platform, r.external_id, r.payload, r.attempts, r.event_id) for r in keep]

    async def _hand_back(self, delivery_ids: list[int], now: datetime) -> None:
        if delivery_ids:
            await self.s.execute(update(DeliveryRow).where(
                DeliveryRow.id.in_(delivery_ids), DeliveryRow.sent_at.is_(None),
            ).values(next_attempt_at=now, leased_by=None))

    async def release(self, delivery_ids: list[int], now: datetime) -> None:
        if delivery_ids:
            await self._hand_back(delivery_ids, now)
            await notify_workers(self.s)  # another process may take them at once

    async def release_owned(self, owner: str, now: datetime) -> int:
        # A failed delivery waiting for its retry has no owner any more (mark_failed): it keeps its time.
        result = await self.s.execute(update(DeliveryRow).where(
            DeliveryRow.leased_by == owner, DeliveryRow.sent_at.is_(None), DeliveryRow.gave_up.is_(False),
        ).values(next_attempt_at=now, leased_by=None))
        released = int(result.rowcount)  # type: ignore[attr-defined]
        if released:
            await notify_workers(self.s)
        return released

    async def next_due(self, platforms: list[str], after: datetime) -> datetime | None:
        return (await self.s.execute(select(func.min(DeliveryRow.next_attempt_at)).where(
            DeliveryRow.platform.in_(platforms), DeliveryRow.sent_at.is_(None), DeliveryRow.gave_up.is_(False),
            DeliveryRow.next_attempt_at > after,
        ))).scalar() if platforms else None

    async def withdraw(self, delivery_ids: list[int]) -> None:
        if delivery_ids:
            await self.s.execute(update(DeliveryRow).where(DeliveryRow.id.in_(delivery_ids)).values(gave_up=True))

    async def mark_sent(self, delivery_id: int, at: datetime) -> None:
        await self.s.execute(update(DeliveryRow).where(DeliveryRow.id == delivery_id).values(sent_at=at, leased_by=None))

    async def mark_failed(self, delivery_id: int, retry_at: datetime, give_up: bool) -> None:
        await self.s.execute(update(DeliveryRow).where(DeliveryRow.id == delivery_id).values(
            attempts=DeliveryRow.attempts + 1, next_attempt_at=retry_at, gave_up=give_up, leased_by=None,
        ))

    async def set_reachable(self, platform: str, external_id: str, reachable: bool) -> None:
        await self.s.execute(
            update(IdentityRow).where(IdentityRow.platform == platform, IdentityRow.external_id == external_id)
            .values(reachable=reachable)
        )

    # --- each account's notifications list ----------------------------------------------------------
    async def add_notification(self, account_id: int, event_id: int, at: datetime) -> None:
        await self.s.execute(insert_ignore(self.s, NotificationRow).values(
            account_id=account_id, event_id=event_id, created_at=at,
        ))

    async def notifications(self, account_id: int, limit: int) -> list[Notification]:
        rows = await self.s.scalars(
            select(NotificationRow).where(NotificationRow.account_id == account_id)
            .order_by(NotificationRow.id.desc()).limit(limit)
        )
        return [Notification(r.id, r.account_id, r.event_id, r.created_at, r.read_at) for r in rows]

    async def unread_count(self, account_id: int) -> int:
        q = select(func.count()).select_from(NotificationRow).where(
            NotificationRow.account_id == account_id, NotificationRow.read_at.is_(None),
        )
        return int(await self.s.scalar(q) or 0)

    async def mark_read_of(self, account_id: int, event: Event, at: datetime) -> int:
        fields = event.payload()
        if not all(isinstance(v, (int, str)) and not isinstance(v, bool) for v in fields.values()):
            raise TypeError(f"only int and str fields are matched: {fields}")
        payload = OutboxRow.payload
        about = exists().where(  # by the notification's event: its key, then its kind and fields
            OutboxRow.id == NotificationRow.event_id, OutboxRow.kind == event.kind,
            *[(payload[k].as_integer() if isinstance(v, int) else payload[k].as_string()) == v
              for k, v in fields.items()],
        )
        result = await self.s.execute(
            update(NotificationRow).where(
                NotificationRow.account_id == account_id, NotificationRow.read_at.is_(None), about,
            ).values(read_at=at).execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def mark_read(self, account_id: int, up_to_id: int, at: datetime) -> int:
        result = await self.s.execute(
            update(NotificationRow).where(
                NotificationRow.account_id == account_id, NotificationRow.id <= up_to_id,
                NotificationRow.read_at.is_(None),
            ).values(read_at=at).execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
