"""The built platform (see openzone.bootstrap) and its background loops: outbox, upkeep, shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from collections.abc import Iterable

from aiohttp import web

from adapters.web import RawHandler, WebMetrics, create_app
from core.outbox import Dispatcher
from core.ports import Clock, Delivery
from handlers import Router, Services
from openzone import wiring_moderation
from openzone.metrics import Metrics
from openzone.settings import Settings
from storage import Database
from storage.media import MediaService
from storage.migrate import not_ready

log = logging.getLogger(__name__)

Send = Callable[[Delivery], Awaitable[None]]


MEDIA_GRACE = 3600.0  # seconds a stored file may wait for its row (an upload in flight)
SWEEP_EVERY = 3600.0
# Each viewer's own pages are kept this long: reloads are cheap, changes show within a second.
PAGE_TTL = 1.0


@dataclass
class Runtime:
    settings: Settings
    db: Database
    clock: Clock
    services: Services
    router: Router
    dispatcher: Dispatcher
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    metrics: Metrics = field(default_factory=Metrics)
    _observe: WebMetrics | None = field(default=None, repr=False)

    def web_app(self, routes: Iterable[tuple[str, str, RawHandler]] = (), page_ttl: float = PAGE_TTL) -> web.Application:
        """The web view over these services, as `openzone run` serves it (bot webhooks in `routes`).

        `page_ttl=0` turns the per-viewer page cache off (the web benchmark's uncached figure).
        """
        if self._observe is None:  # one set of HTTP counters per registry, however many apps are made
            m = self.settings.metrics
            self._observe = WebMetrics(self.metrics.registry, self.metrics.lag_refresher(self.db, self.clock),
                                       m.token, m.allow, access_log=self.settings.log.access, enabled=m.enabled)
        return create_app(self.services, self.settings.site.name, list(routes), page_ttl=page_ttl, observe=self._observe,
                          ready=lambda: not_ready(self.db.engine))

    async def dispatch_all(self) -> int:
        """Drain the outbox once (stage 1): events → deliveries."""
        total = 0
        while n := await self.dispatcher.run_once():
            total += n
        return total

    async def deliver(self, platform: str, send: Send, external_id: str | None = None) -> int:
        metered = self.metrics.metered_send(platform, send)
        return await self.dispatcher.deliver(platform, metered, external_id=external_id)

    async def run_dispatcher(self, senders: dict[str, Send]) -> None:
        """Forever: wait for a commit (or the poll interval), dispatch, then deliver per messenger."""
        interval = self.settings.worker.poll_interval
        next_sweep = time.monotonic() + 60  # not at start-up: let a restart settle first
        while True:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=interval)
            self.wake.clear()
            try:
                await wiring_moderation.expire(self.db.uow, self.clock)  # ends of timed bans and mutes
                await self.dispatch_all()
                for platform, send in senders.items():
                    await self.deliver(platform, send)
                if time.monotonic() >= next_sweep:
                    next_sweep = time.monotonic() + SWEEP_EVERY
                    await self.sweep()
            except Exception:
                log.exception("outbox dispatch failed; retrying in %ss", interval)
                await asyncio.sleep(interval)

    async def sweep(self) -> None:
        """Hourly upkeep: expired keyed state (update de-dup keys, flows, windows) and orphaned media."""
        async with self.db.uow() as uow:
            expired = await uow.state.purge(self.clock.now())
            await uow.commit()
        removed = await self.sweep_media()
        if expired or removed:
            log.info("upkeep: %d expired state keys, %d unreferenced media files removed", expired, removed)

    async def sweep_media(self, grace: float = MEDIA_GRACE) -> int:
        """Delete stored media no photo refers to any more (failed batches, deleted photos)."""
        media = self.services.media
        if not isinstance(media, MediaService):
            return 0
        async with self.db.uow() as uow:
            keep = await uow.albums.media_keys()
        return await media.sweep(keep, time.time() - grace)

    async def close(self) -> None:
        if self.services.media is not None:
            await self.services.media.aclose()  # type: ignore[attr-defined]
        await self.db.dispose()
