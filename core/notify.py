"""The outbox dispatcher and the notifier's rules: who hears of an event, on which messengers.

Stage 1 (`Dispatcher.run_once`) turns committed events into deliveries — one per reachable
identity of each recipient — and marks the events dispatched in the same transaction, so a crash
loses nothing and repeats nothing. Stage 2 (`deliver_pending`) hands deliveries to a messenger's
sender; a delivery is leased before sending so two processes never send the same one.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from core import privacy
from core.events import ByEventType, CommentAdded, Event, FriendAccepted, FriendRequested, IdentityLinked, PostLiked, PostShared
from core.model import Account
from core.ports import Clock, Delivery, UnitOfWork, UnitOfWorkFactory
from core.privacy import Viewer

log = logging.getLogger(__name__)

Render = Callable[[UnitOfWork, Event, Account], Awaitable[dict[str, Any] | None]]
Send = Callable[[Delivery], Awaitable[None]]
LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 8


class Unreachable(Exception):
    """Raised by a sender when the messenger says this identity can't be messaged (blocked the bot)."""


class RetryLater(Exception):
    """Raised by a sender when the messenger asks to wait."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry in {seconds}s")
        self.seconds = seconds


async def _may_see_post(uow: UnitOfWork, account_id: int, post_id: int) -> bool:
    rule = privacy.content_rule(Viewer(account_id))
    return await uow.posts.get_visible(post_id, account_id, rule) is not None


async def _may_see_comment(uow: UnitOfWork, account_id: int, comment_id: int, post_id: int) -> bool:
    """Decided when the event is dispatched: a comment removed, hidden or by a since-banned author is news to no one."""
    viewer = Viewer(account_id)
    comment = await uow.posts.get_comment_visible(comment_id, account_id, privacy.comment_rule(viewer))
    return comment is not None and await _may_see_post(uow, account_id, post_id)


async def present_to(uow: UnitOfWork, actor: int, wanted: list[int]) -> list[int]:
    """Those of `wanted` who may hear of what `actor` did (also for a feature's own recipients).

    Nobody hears of what a banned person did, and a banned person hears only of their ban
    (moderation's own notices are sent by their own recipients function)."""
    banned = await uow.moderation.banned_among([actor, *wanted])
    return [a for a in wanted if a not in banned and privacy.present(Viewer(a), actor, actor in banned)]


RecipientsFunc = Callable[[UnitOfWork, Event], Awaitable[list[int]]]
EXTRA_RECIPIENTS: ByEventType[RecipientsFunc] = ByEventType()
# A feature says who hears of its own events (e.g. a gift's recipient): @recipients_for(GiftSent).
recipients_for = EXTRA_RECIPIENTS.register


async def recipients(uow: UnitOfWork, event: Event) -> list[int]:
    """Accounts to notify of `event`; nobody hears of what they may not see."""
    if (extra := EXTRA_RECIPIENTS.get(event)) is not None:
        return await extra(uow, event)
    match event:
        case FriendRequested(from_id=sender, to_id=to):
            return [] if await uow.social.is_blocked(to, sender) else await present_to(uow, sender, [to])
        case FriendAccepted(by_id=by, requester_id=requester):
            return await present_to(uow, by, [requester])
        case CommentAdded(comment_id=cid, author_id=actor, post_id=post_id, post_author_id=owner,
                          parent_author_id=parent):
            wanted = [a for a in dict.fromkeys([owner, parent]) if a is not None and a != actor]
            # Someone who blocked the commenter doesn't hear from them (a reply on a third zone).
            return [a for a in await present_to(uow, actor, wanted)
                    if not await uow.social.is_blocked(a, actor) and await _may_see_comment(uow, a, cid, post_id)]
        case PostLiked(by_id=actor, author_id=author, post_id=post_id) | PostShared(
            by_id=actor, author_id=author, post_id=post_id
        ):
            if author == actor or not await _may_see_post(uow, author, post_id):
                return []
            return await present_to(uow, actor, [author])
        case IdentityLinked(account_id=account):
            return [account]
    return []


# Events about what people did: re-checked just before sending, so what was removed, hidden or
# done by a since-banned person after the event was dispatched is not delivered late.
RECHECKED = (CommentAdded, PostLiked, PostShared, FriendRequested, FriendAccepted)


async def still_owed(uow: UnitOfWork, delivery: Delivery) -> bool:
    """Whether the delivery's recipient would still hear of its event, asked again at sending time."""
    event = await uow.outbox.event(delivery.event_id) if delivery.event_id is not None else None
    if not isinstance(event, RECHECKED):
        return True
    account = await uow.accounts.by_identity(delivery.platform, delivery.external_id)
    return account is not None and account.id in await recipients(uow, event)


class Dispatcher:
    """Moves committed outbox events to per-identity deliveries."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, render: Render) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._render = render
        self.subscribers: list[Callable[[UnitOfWork, Event, datetime], Awaitable[None]]] = []

    async def run_once(self, limit: int = 100) -> int:
        async with self._uow_factory() as uow:
            now = self._clock.now()
            events = await uow.outbox.claim(limit)
            for stored in events:
                for subscriber in self.subscribers:
                    await subscriber(uow, stored.event, now)
                for account_id in await recipients(uow, stored.event):
                    account = await uow.accounts.get(account_id)
                    if account is None:
                        continue
                    payload = await self._render(uow, stored.event, account)
                    if payload is None:
                        continue
                    for identity in await uow.accounts.identities(account_id):
                        if identity.reachable:
                            await uow.outbox.add_delivery(stored.id, identity, payload, now)
            await uow.outbox.mark_dispatched([s.id for s in events], now)
            await uow.commit()
            return len(events)

    async def deliver(self, platform: str, send: Send, *, external_id: str | None = None, limit: int = 50) -> int:
        """Stage 2 with this dispatcher's wording: each notice is re-read as it goes out."""
        return await deliver_pending(
            self._uow_factory, self._clock, platform, send, external_id=external_id, limit=limit, render=self._render,
        )


async def _as_owed_now(uow: UnitOfWork, delivery: Delivery, render: Render | None) -> Delivery | None:
    """The delivery as it should go out now, or None when it is no longer owed.

    With `render`, its event is worded again for today's recipient: a report handled meanwhile
    (or a comment removed) is withdrawn instead of arriving late with live buttons.
    """
    if not await still_owed(uow, delivery):
        return None
    if render is None or delivery.event_id is None:
        return delivery
    event = await uow.outbox.event(delivery.event_id)
    account = await uow.accounts.by_identity(delivery.platform, delivery.external_id)
    payload = await render(uow, event, account) if event is not None and account is not None else None
    return replace(delivery, payload=payload) if payload is not None else None


async def _lease(
    uow_factory: UnitOfWorkFactory, clock: Clock, platform: str, limit: int, external_id: str | None,
    render: Render | None,
) -> list[Delivery]:
    async with uow_factory() as uow:
        now = clock.now()
        batch: list[Delivery] = []
        stale: list[int] = []
        for leased in await uow.outbox.lease_deliveries(platform, limit, now, now + LEASE, external_id):
            if (current := await _as_owed_now(uow, leased, render)) is not None:
                batch.append(current)
            else:
                stale.append(leased.id)
        await uow.outbox.withdraw(stale)  # never sent: what they said is no longer true
        await uow.commit()
    return batch


async def _attempt(send: Send, platform: str, delivery: Delivery) -> tuple[str, float]:
    try:
        await send(delivery)
    except Unreachable:
        return ("unreachable", 0.0)
    except RetryLater as exc:
        return ("retry", exc.seconds)
    except Exception:
        log.exception("delivery %s to %s failed", delivery.id, platform)
        return ("retry", min(2 ** delivery.attempts * 5, 3600))
    return ("sent", 0.0)


async def _record(uow: UnitOfWork, now: datetime, delivery: Delivery, outcome: tuple[str, float]) -> None:
    match outcome:
        case ("sent", _):
            await uow.outbox.mark_sent(delivery.id, now)
        case ("unreachable", _):
            await uow.outbox.set_reachable(delivery.platform, delivery.external_id, False)
            await uow.outbox.mark_failed(delivery.id, now, give_up=True)
        case ("retry", seconds):
            await uow.outbox.mark_failed(
                delivery.id, now + timedelta(seconds=seconds), give_up=delivery.attempts + 1 >= MAX_ATTEMPTS
            )


async def deliver_pending(
    uow_factory: UnitOfWorkFactory, clock: Clock, platform: str, send: Send, *,
    external_id: str | None = None, limit: int = 50, render: Render | None = None,
) -> int:
    """Send what is owed on `platform` (optionally to one identity); returns how many were sent.

    Each identity's deliveries go out in event order: after one fails, the identity's later ones
    wait for its retry. Each is checked against the present first (`_as_owed_now`).
    Whatever was leased and not sent — a failure, a cancelled task — is handed back before
    returning, so nothing stays claimed by a sender that has stopped.
    """
    batch = await _lease(uow_factory, clock, platform, limit, external_id, render)
    unsettled = {d.id for d in batch}
    held: set[str] = set()  # identities whose delivery failed in this batch: their later ones wait
    unrecorded: tuple[Delivery, tuple[str, float]] | None = None
    sent = 0
    try:
        for delivery in batch:
            if delivery.external_id in held:
                continue
            outcome = await _attempt(send, platform, delivery)
            unrecorded = (delivery, outcome)
            async with uow_factory() as uow:
                await _record(uow, clock.now(), delivery, outcome)
                await uow.commit()
            unrecorded = None
            unsettled.discard(delivery.id)
            if outcome[0] == "sent":
                sent += 1
            else:
                held.add(delivery.external_id)
    finally:
        if unsettled:  # stopped early (cancelled, or the database failed): settle what we know
            async with uow_factory() as uow:
                if unrecorded is not None:
                    await _record(uow, clock.now(), *unrecorded)
                    unsettled.discard(unrecorded[0].id)
                await uow.outbox.release(sorted(unsettled), clock.now())
                await uow.commit()
    return sent
