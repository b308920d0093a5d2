"""What the platform counts, in one `CollectorRegistry` per built platform (never the global one).

Router commands are measured around `Router.handle` here, deliveries as the outbox records each
outcome (core.outbox's `on_outcome`), so handlers and core stay free of prometheus; the web view
counts its own requests (adapters.web.metrics) into the same registry.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from contextvars import ContextVar

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from chat import Incoming, Reply
from core.ports import Clock
from handlers import Router
from handlers.trace import REQUEST_ID
from storage import Database, oldest_undelivered


class Metrics:
    """The platform's counters; `registry` is what `/metrics` exposes."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry
        self.commands = Counter("openzone_chat_commands", "Chat messages handled, by messenger and command.",
                                ["messenger", "command"], registry=r)
        self.command_latency = Histogram("openzone_chat_command_duration_seconds",
                                         "Time to handle a chat message, by messenger and command.",
                                         ["messenger", "command"], registry=r)
        self.deliveries = Counter("openzone_deliveries", "Notifications handed to a messenger, by outcome "
                                  "(sent; failed: unreachable, given up on; retried: will be tried again).",
                                  ["messenger", "outcome"], registry=r)
        self.refusals = Counter("openzone_rate_limit_refusals", "Messages refused by a rate limit, by messenger.",
                                ["messenger"], registry=r)
        self.outbox_lag = Gauge("openzone_outbox_lag_seconds",
                                "Age of the oldest event not yet delivered to everyone it is owed to (0: none).",
                                registry=r)

    def limited(self, messenger: str) -> None:
        self.refusals.labels(messenger).inc()

    def delivered(self, messenger: str) -> Callable[[str], None]:
        """Counts each delivery's outcome as the outbox records it: sent, failed (given up on) or retried."""

        def count(outcome: str) -> None:
            self.deliveries.labels(messenger, outcome).inc()

        return count

    def lag_refresher(self, db: Database, clock: Clock) -> Callable[[], Awaitable[None]]:
        """Computes the outbox lag gauge at scrape time, with one query."""

        async def refresh() -> None:
            oldest = await oldest_undelivered(db)
            self.outbox_lag.set(max(0.0, (clock.now() - oldest).total_seconds()) if oldest else 0.0)

        return refresh


_ROUTED: ContextVar[list[str]] = ContextVar("openzone_routed")
"""The label of the message `MeteredRouter.handle` is handling in this task (one box per call)."""


class MeteredRouter(Router):
    """The same Router, its `handle` timed and counted and given an update id for the log lines."""

    def __init__(self, inner: Router, metrics: Metrics) -> None:
        # Not Router.__init__: the same routes, guards and flows as the Router built, shared rather than rebuilt.
        self.__dict__.update(inner.__dict__)
        self.metrics = metrics

    async def handle(self, incoming: Incoming, bot_username: str | None = None) -> list[Reply]:
        update_id = incoming.dedup_key or f"{incoming.sender.platform}:{uuid.uuid4().hex[:12]}"
        token = REQUEST_ID.set(update_id)
        box = ["unknown"]  # unless the router resolves the message (it fails before, e.g. in the database)
        routed = _ROUTED.set(box)
        started = time.perf_counter()
        try:
            return await super().handle(incoming, bot_username)
        finally:
            labels = (incoming.sender.platform, box[0])
            self.metrics.commands.labels(*labels).inc()
            self.metrics.command_latency.labels(*labels).observe(time.perf_counter() - started)
            _ROUTED.reset(routed)
            REQUEST_ID.reset(token)

    def routed(self, label: str) -> None:
        """The router's own label for the message (parsed once, in `Router._resolve`)."""
        if (box := _ROUTED.get(None)) is not None:
            box[0] = label


__all__ = ["Metrics", "MeteredRouter"]
