"""An account's notifications list: what the outbox delivered, or would have, to them (`/notifications`).

Written by the dispatcher (core.outbox) as it creates deliveries, one row per recipient account and
event, whether or not a messenger was reachable. Read back as what is still true: an event about
what people did is asked again who hears of it (core.recipients), so a removed comment or a since-
banned person's like drops out of the list, as it would from a delivery not yet sent.

The web header's count is the account's unread rows (read with the page: storage.pages). What the
account's own answer makes untrue is marked read at that moment (core.social.friends: a request
answered); what stops being true otherwise is counted until the next look, which drops it and marks
it read.
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
    newest_id: int
    """The newest notification looked at (0: none): what `mark_read` marks up to."""


async def latest(uow: UnitOfWork, account: Account, limit: int = LATEST) -> Latest:
    """The account's latest notifications that are still true, newest first (each says whether it is unread)."""
    entries: list[Entry] = []
    rows = await uow.outbox.notifications(account.id, limit)
    for n in rows:
        event = await uow.outbox.event(n.event_id)
        if event is None or (isinstance(event, tuple(RECHECKED)) and account.id not in await recipients(uow, event)):
            continue
        entries.append(Entry(n.id, event, n.created_at, n.read_at is None))
    return Latest(entries, rows[0].id if rows else 0)


async def mark_read(uow: UnitOfWork, now: datetime, account: Account, up_to_id: int) -> int:
    """Everything up to `up_to_id` (the newest looked at) is read now: one statement.

    What the look counted is among it; what arrived since has a higher id and stays unread."""
    return await uow.outbox.mark_read(account.id, up_to_id, now)

