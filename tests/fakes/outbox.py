"""The outbox, deliveries and small keyed state in memory (storage/outbox.py's semantics)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from core.events import Event, load_event
from core.model import Identity
from core.ports import Delivery, Notification, StoredEvent
from tests.fakes.tables import DeliveryRow, NotificationRow, OutboxRow, Store, Tables, as_json


def _pending(d: DeliveryRow) -> bool:
    return d.sent_at is None and not d.gave_up


def _due(t: Tables, d: DeliveryRow, platform: str, now: datetime) -> bool:
    """The lease's WHERE: not sent, its time come, nothing earlier to the same identity waiting,
    and no earlier event still undispatched (its deliveries may not exist yet)."""
    if d.platform != platform or not _pending(d) or d.next_attempt_at > now:
        return False
    if any(e.platform == d.platform and e.external_id == d.external_id and _pending(e)
           and e.event_id < d.event_id and e.next_attempt_at > now for e in t.deliveries.values()):
        return False
    return not any(o.dispatched_at is None and o.id < d.event_id for o in t.outbox.values())


class MemoryOutboxRepo:
    def __init__(self, uow: Store) -> None:
        self.uow = uow
        self.added = False

    async def add(self, event: Event, at: datetime) -> None:
        self.added = True
        t = await self.uow.write()
        row = OutboxRow(t.next_id("outbox"), event.kind, as_json(event.payload()), at)
        t.outbox[row.id] = row

    async def claim(self, limit: int) -> list[StoredEvent]:
        t = await self.uow.write()  # locked for this transaction, as FOR UPDATE
        rows = sorted((r for r in t.outbox.values() if r.dispatched_at is None), key=lambda r: r.id)[:limit]
        return [StoredEvent(r.id, load_event(r.kind, as_json(r.payload))) for r in rows]

    async def mark_dispatched(self, event_ids: list[int], at: datetime) -> None:
        if event_ids:
            t = await self.uow.write()
            for i in event_ids:
                if i in t.outbox:
                    t.outbox[i] = replace(t.outbox[i], dispatched_at=at)

    async def event(self, event_id: int) -> Event | None:
        row = self.uow.read.outbox.get(event_id)
        return load_event(row.kind, as_json(row.payload)) if row is not None else None

    async def add_delivery(self, event_id: int, identity: Identity, payload: dict[str, Any], at: datetime) -> None:
        t = await self.uow.write()
        key = (event_id, identity.platform, identity.external_id)
        if any((d.event_id, d.platform, d.external_id) == key for d in t.deliveries.values()):
            return  # ON CONFLICT DO NOTHING
        row = DeliveryRow(t.next_id("deliveries"), event_id, identity.platform, identity.external_id,
                          as_json(payload), at, next_attempt_at=at)
        t.deliveries[row.id] = row

    async def add_notification(self, account_id: int, event_id: int, at: datetime) -> None:
        t = await self.uow.write()
        if any((n.account_id, n.event_id) == (account_id, event_id) for n in t.notifications.values()):
            return  # ON CONFLICT DO NOTHING
        row = NotificationRow(t.next_id("notifications"), account_id, event_id, at)
        t.notifications[row.id] = row

    async def notifications(self, account_id: int, limit: int) -> list[Notification]:
        mine = sorted((n for n in self.uow.read.notifications.values() if n.account_id == account_id),
                      key=lambda n: n.id, reverse=True)[:limit]
        return [Notification(n.id, n.account_id, n.event_id, n.created_at, n.read_at) for n in mine]

    async def unread_count(self, account_id: int) -> int:
        return sum(1 for n in self.uow.read.notifications.values() if n.account_id == account_id and n.read_at is None)

    async def mark_read(self, account_id: int, up_to_id: int, at: datetime) -> int:
        t = await self.uow.write()
        doomed = [k for k, n in t.notifications.items()
                  if n.account_id == account_id and n.id <= up_to_id and n.read_at is None]
        for k in doomed:
            t.notifications[k] = replace(t.notifications[k], read_at=at)
        return len(doomed)

    async def mark_read_of(self, account_id: int, event: Event, at: datetime) -> int:
        t = await self.uow.write()
        about = {i for i, r in t.outbox.items() if r.kind == event.kind and as_json(r.payload) == as_json(event.payload())}
        doomed = [k for k, n in t.notifications.items()
                  if n.account_id == account_id and n.read_at is None and n.event_id in about]
        for k in doomed:
            t.notifications[k] = replace(t.notifications[k], read_at=at)
        return len(doomed)

    async def lease_deliveries(
        self, platform: str, limit: int, now: datetime, until: datetime, external_id: str | None = None,
        owner: str | None = None,
    ) -> list[Delivery]:
        t = await self.uow.write()
        due = sorted((d for d in t.deliveries.values() if _due(t, d, platform, now)
                      and (external_id is None or d.external_id == external_id)),
                     key=lambda d: (d.event_id, d.id))[:limit]
        for d in due:
            t.deliveries[d.id] = replace(d, next_attempt_at=until, leased_by=owner)
        taken = {d.id for d in due}
        first_other: dict[str, int] = {}
        for e in t.deliveries.values():
            if e.platform == platform and _pending(e) and e.id not in taken:
                first_other[e.external_id] = min(first_other.get(e.external_id, e.event_id), e.event_id)
        keep = [d for d in due if d.event_id < first_other.get(d.external_id, d.event_id + 1)]
        await self.release(sorted(taken - {d.id for d in keep}), now)
        return [Delivery(d.id, d.platform, d.external_id, as_json(d.payload), d.attempts, d.event_id) for d in keep]

    async def _update(self, delivery_ids: list[int], **values: Any) -> None:
        if delivery_ids:
            t = await self.uow.write()
            for i in delivery_ids:
                if i in t.deliveries:
                    t.deliveries[i] = replace(t.deliveries[i], **values)

    async def release(self, delivery_ids: list[int], now: datetime) -> None:
        t = self.uow.read
        await self._update([i for i in delivery_ids if i in t.deliveries and t.deliveries[i].sent_at is None],
                           next_attempt_at=now, leased_by=None)

    async def release_owned(self, owner: str, now: datetime) -> int:
        t = self.uow.read
        held = [d.id for d in t.deliveries.values() if d.leased_by == owner and _pending(d)]
        await self._update(held, next_attempt_at=now, leased_by=None)
        return len(held)

    async def next_due(self, platforms: list[str], after: datetime) -> datetime | None:
        due = [d.next_attempt_at for d in self.uow.read.deliveries.values()
               if d.platform in platforms and _pending(d) and d.next_attempt_at > after]
        return min(due, default=None)

    async def withdraw(self, delivery_ids: list[int]) -> None:
        await self._update(delivery_ids, gave_up=True)

    async def mark_sent(self, delivery_id: int, at: datetime) -> None:
        await self._update([delivery_id], sent_at=at, leased_by=None)

    async def mark_failed(self, delivery_id: int, retry_at: datetime, give_up: bool) -> None:
        t = await self.uow.write()
        if (d := t.deliveries.get(delivery_id)) is not None:
            t.deliveries[delivery_id] = replace(d, attempts=d.attempts + 1, next_attempt_at=retry_at, gave_up=give_up,
                                                     leased_by=None)

    async def set_reachable(self, platform: str, external_id: str, reachable: bool) -> None:
        t = await self.uow.write()
        for i, r in list(t.identities.items()):
            if (r.platform, r.external_id) == (platform, external_id):
                t.identities[i] = replace(r, reachable=reachable)


class MemoryStateRepo:
    def __init__(self, uow: Store) -> None:
        self.uow = uow

    async def get(self, key: str, now: datetime) -> dict[str, Any] | None:
        row = self.uow.read.state.get(key)
        if row is None or (row[1] is not None and row[1] <= now):
            return None
        return as_json(row[0])  # type: ignore[no-any-return]

    async def put(self, key: str, value: dict[str, Any], expires_at: datetime | None) -> None:
        (await self.uow.write()).state[key] = (as_json(value), expires_at)

    async def delete(self, key: str) -> None:
        (await self.uow.write()).state.pop(key, None)

    async def add_once(self, key: str, expires_at: datetime | None) -> bool:
        t = await self.uow.write()
        if key in t.state:
            return False
        t.state[key] = ({}, expires_at)
        return True

    async def purge(self, now: datetime) -> int:
        t = await self.uow.write()
        gone = [k for k, (_, at) in t.state.items() if at is not None and at < now]
        for k in gone:
            del t.state[k]
        return len(gone)
