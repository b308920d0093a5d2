"""The outbox dispatcher: committed events become deliveries, on which messengers.

Who hears of an event is decided in `core.recipients`. Stage 1 (`Dispatcher.run_once`) turns committed events into deliveries — one per reachable
identity of each recipient — and marks the events dispatched in the same transaction, so a crash
loses nothing and repeats nothing. Stage 2 (`deliver_pending`) hands deliveries to a messenger's
sender; a delivery is leased (for its owner, this dispatcher) before sending so two processes never
send the same one. Messengers can't de-duplicate a send, so the guarantee is: nothing is ever lost;
after a clean stop nothing is sent twice (the sender finishes the send in flight and hands back
everything it holds, `release_leases`); after a crash, at most the send in flight then is repeated,
and what the crashed process held waits for its lease (`LEASE`) to end.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from core.events import Event
from core.model import Account
from core.ports import Clock, Delivery, Subscriber, UnitOfWork, UnitOfWorkFactory
from core.recipients import recipients, still_owed

log = logging.getLogger(__name__)

Render = Callable[[UnitOfWork, Event, Account], Awaitable[dict[str, Any] | None]]
Send = Callable[[Delivery], Awaitable[None]]
Outcome = Callable[[str], None]
"""Told of each delivery's outcome as it is recorded: "sent", "failed" (given up on) or "retried"."""
LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 8


async def publish(uow: UnitOfWork, subscribers: Sequence[Subscriber], now: datetime) -> None:
    """Hand what the transaction raised (`uow.events`) to the in-transaction subscribers, which may raise more.

    Whoever commits runs it once the action is done, before committing: chat's router for a command,
    the web's forms for a form (the dispatcher's subscribers, in contrast, hear each stored event after commit).
    """
    while uow.events:
        event = uow.events.pop(0)
        for subscriber in subscribers:
            await subscriber(uow, event, now)


class Unreachable(Exception):
    """Raised by a sender when the messenger says this identity can't be messaged (blocked the bot)."""


class RetryLater(Exception):
    """Raised by a sender when the messenger asks to wait."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry in {seconds}s")
        self.seconds = seconds


class Dispatcher:
    """Moves committed outbox events to per-identity deliveries."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, render: Render, owner: str = "") -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._render = render
        self.owner = owner or secrets.token_hex(8)
        """Whose leases this dispatcher's sends take (one per process): what `release_leases` hands back."""
        self.subscribers: list[Subscriber] = []

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
                    # On their notifications list (/notifications) whether or not a messenger is reachable.
                    await uow.outbox.add_notification(account_id, stored.id, now)
                    for identity in await uow.accounts.identities(account_id):
                        if identity.reachable:
                            await uow.outbox.add_delivery(stored.id, identity, payload, now)
            await uow.outbox.mark_dispatched([s.id for s in events], now)
            await uow.commit()
            return len(events)

    async def deliver(
        self, platform: str, send: Send, *, external_id: str | None = None, limit: int = 50,
        stopping: Callable[[], bool] | None = None, on_outcome: Outcome | None = None,
    ) -> int:
        """Stage 2 with this dispatcher's wording: each notice is re-read as it goes out."""
        return await deliver_pending(
            self._uow_factory, self._clock, platform, send, external_id=external_id, limit=limit, render=self._render,
            owner=self.owner, stopping=stopping, on_outcome=on_outcome,
        )

    async def release_leases(self) -> int:
        """Hand back at once every delivery this dispatcher still holds (a clean stop); returns how many."""
        async with self._uow_factory() as uow:
            released = await uow.outbox.release_owned(self.owner, self._clock.now())
            await uow.commit()
        return released

    async def next_due(self, platforms: list[str], after: datetime) -> datetime | None:
        """When a delivery on `platforms` falls due after `after` (a retry, a crashed sender's lease ending).

        Not what is due already: that is sent, or waits behind an earlier one that has a time of its own."""
        async with self._uow_factory() as uow:
            return await uow.outbox.next_due(platforms, after)


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
    render: Render | None, owner: str | None,
) -> list[Delivery]:
    async with uow_factory() as uow:
        now = clock.now()
        batch: list[Delivery] = []
        stale: list[int] = []
        for leased in await uow.outbox.lease_deliveries(platform, limit, now, now + LEASE, external_id, owner):
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


async def _record(uow: UnitOfWork, now: datetime, delivery: Delivery, outcome: tuple[str, float]) -> str:
    """Write down how the send went; returns "sent", "failed" (given up on) or "retried"."""
    match outcome:
        case ("unreachable", _):
            await uow.outbox.set_reachable(delivery.platform, delivery.external_id, False)
            await uow.outbox.mark_failed(delivery.id, now, give_up=True)
            return "failed"
        case ("retry", seconds):
            give_up = delivery.attempts + 1 >= MAX_ATTEMPTS
            await uow.outbox.mark_failed(delivery.id, now + timedelta(seconds=seconds), give_up=give_up)
            return "failed" if give_up else "retried"
    await uow.outbox.mark_sent(delivery.id, now)
    return "sent"


async def deliver_pending(
    uow_factory: UnitOfWorkFactory, clock: Clock, platform: str, send: Send, *,
    external_id: str | None = None, limit: int = 50, render: Render | None = None, owner: str | None = None,
    stopping: Callable[[], bool] | None = None, on_outcome: Outcome | None = None,
) -> int:
    """Send what is owed on `platform` (optionally to one identity); returns how many were sent.

    Each identity's deliveries go out in event order: after one fails, the identity's later ones
    wait for its retry. Each is checked against the present first (`_as_owed_now`).
    Once `stopping()` is true no new send starts (the one in flight finishes and is recorded).
    Whatever was leased and not sent — a failure, a stop, a cancelled task — is handed back before
    returning, so nothing stays claimed by a sender that has stopped.
    """
    batch = await _lease(uow_factory, clock, platform, limit, external_id, render, owner)
    unsettled = {d.id for d in batch}
    held: set[str] = set()  # identities whose delivery failed in this batch: their later ones wait
    unrecorded: tuple[Delivery, tuple[str, float]] | None = None
    sent = 0
    try:
        for delivery in batch:
            if stopping is not None and stopping():
                break
            if delivery.external_id in held:
                continue
            outcome = await _attempt(send, platform, delivery)
            unrecorded = (delivery, outcome)
            async with uow_factory() as uow:
                label = await _record(uow, clock.now(), delivery, outcome)
                await uow.commit()
            unrecorded = None
            unsettled.discard(delivery.id)
            if on_outcome is not None:
                on_outcome(label)
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
