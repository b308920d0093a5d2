"""An account's notifications list: what the outbox delivered, or would have, to them (`/notifications`).

Written by the dispatcher (core.outbox) as it creates deliveries, one row per recipient account and
event, whether or not a messenger was reachable. Read back as what is still true: an event about
what people did is asked again who hears of it (core.recipients), so a removed comment or a since-
banned person's like drops out of the list, as it would from a delivery not yet sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.events import Event
from core.model import Account
from core.ports import UnitOfWork
from core.recipients import RECHECKED, recipients

LATEST = 20


@dataclass(frozen=True)
class Entry:
    id: int
    event: Event
    at: datetime
    unread: bool


@dataclass(frozen=True)
class Latest:
    entries: list[Entry]
    """Newest first, only what is still true."""
    unread: int
    """How many of the account's notifications were unread before this look."""
    newest_id: int
    """The newest notification looked at (0: none): what `mark_read` marks up to."""


async def latest(uow: UnitOfWork, account: Account, limit: int = LATEST) -> Latest:
    """The account's latest notifications that are still true, newest first, with the unread count."""
    entries: list[Entry] = []
    rows = await uow.outbox.notifications(account.id, limit)
    for n in rows:
        event = await uow.outbox.event(n.event_id)
        if event is None or (isinstance(event, tuple(RECHECKED)) and account.id not in await recipients(uow, event)):
            continue
        entries.append(Entry(n.id, event, n.created_at, n.read_at is None))
    return Latest(entries, await uow.outbox.unread_count(account.id), rows[0].id if rows else 0)


async def mark_read(uow: UnitOfWork, now: datetime, account: Account, up_to_id: int) -> int:
    """Everything up to `up_to_id` (the newest shown) is read now: one statement."""
    return await uow.outbox.mark_read(account.id, up_to_id, now)


async def unread(uow: UnitOfWork, account: Account) -> int:
    """The unread count (a web header's badge): one statement."""
    return await uow.outbox.unread_count(account.id)
