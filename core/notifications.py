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
from core.ports import Notification, UnitOfWork
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
    """How many of `entries` were unread before this look: exactly what the list marks unread."""
    newest_id: int
    """The newest notification looked at (0: none): what `mark_read` marks up to."""


async def _still_true(uow: UnitOfWork, account: Account, n: Notification) -> Entry | None:
    """The one rule of what is listed, and so of what is counted unread: `n` as an entry, None when
    it is no longer true (its event gone, or the account no longer among those who hear of it)."""
    event = await uow.outbox.event(n.event_id)
    if event is None or (isinstance(event, tuple(RECHECKED)) and account.id not in await recipients(uow, event)):
        return None
    return Entry(n.id, event, n.created_at, n.read_at is None)


async def latest(uow: UnitOfWork, account: Account, limit: int = LATEST) -> Latest:
    """The account's latest notifications that are still true, newest first, with how many of them are unread."""
    rows = await uow.outbox.notifications(account.id, limit)
    entries = [e for n in rows if (e := await _still_true(uow, account, n)) is not None]
    return Latest(entries, sum(e.unread for e in entries), rows[0].id if rows else 0)


async def mark_read(uow: UnitOfWork, now: datetime, account: Account, up_to_id: int) -> int:
    """Everything up to `up_to_id` (the newest looked at) is read now: one statement.

    What the look counted is among it; what arrived since has a higher id and stays unread."""
    return await uow.outbox.mark_read(account.id, up_to_id, now)


async def unread(uow: UnitOfWork, account: Account) -> int:
    """The unread count of the account's notification rows (a web header's badge): one statement.

    What stops being true by the account's own answer (a friend request accepted, declined or
    blocked) is read from then on (core.social.friends); what stops being true otherwise (a
    since-banned person's like, a removed comment) counts here until the account's next look,
    which lists it no more and marks it read."""
    return await uow.outbox.unread_count(account.id)
