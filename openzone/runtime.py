"""The built platform (see openzone.bootstrap) and its background loops: outbox, upkeep, shutdown.

The outbox loop sleeps until something wakes it: a commit in this process (handlers' on_commit),
another process's commit (storage.outbox.wakeups: NOTIFY on PostgreSQL, data_version on SQLite), the
next delivery falling due (a retry, a crashed sender's lease ending), or — the safety net —
`[worker] poll_interval`.
"""

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
from core import ratelimit
from core.outbox import Dispatcher, Outcome
from core.posts.ports import VersionedRenderer
from core.posts.service import rerender
from core.ports import Clock, Delivery
from handlers import Router, Services
from openzone import wiring_moderation
from openzone.metrics import Metrics
from openzone.settings import Settings
from storage import Database
from storage.media import MediaService
from storage.migrate import not_ready
from storage.outbox.wakeups import Waker, waker

log = logging.getLogger(__name__)

Send = Callable[[Delivery], Awaitable[None]]


MEDIA_GRACE = 3600.0  # seconds a stored file may wait for its row (an upload in flight)
SWEEP_EVERY = 3600.0
# Each viewer's own pages are kept this long: reloads are cheap, changes show within a second.
PAGE_TTL = 1.0
STOP_GRACE = 5.0  # seconds a clean stop waits for the send in flight before cancelling it
RETRY_AFTER_ERROR = 5.0  # seconds before the outbox loop tries again after a failure (database down)
RERENDER_SPAN = 5_000  # post numbers one batch of rerender_bodies looks through (a range of the key)
RERENDER_BATCH = 100  # bodies one batch renders at most: one short transaction, a few ms of the loop


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
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    """Set by a clean stop: the outbox loop starts no new send."""
    _observe: WebMetrics | None = field(default=None, repr=False)

    def observer(self) -> WebMetrics:
        """What HTTP servers of this process count and who may scrape `/metrics` (one per registry)."""
        if self._observe is None:
            m = self.settings.metrics
            self._observe = WebMetrics(self.metrics.registry, self.metrics.lag_refresher(self.db, self.clock),
                                       m.token, m.allow, access_log=self.settings.log.access, enabled=m.enabled)
        return self._observe

    async def not_ready(self) -> str | None:
        """Why this process can't serve (database unreachable, schema behind), or None."""
        return await not_ready(self.db.engine)

    def web_app(self, routes: Iterable[tuple[str, str, RawHandler]] = (), page_ttl: float = PAGE_TTL) -> web.Application:
        """The web view over these services, as `openzone run` serves it (bot webhooks in `routes`).

        `page_ttl=0` turns the per-viewer page cache off (the web benchmark's uncached figure).
        """
        return create_app(self.services, self.settings.site.name, list(routes), page_ttl=page_ttl,
                          observe=self.observer(), ready=self.not_ready)

    def waker(self) -> Waker | None:
        """What wakes this process's outbox loop at other processes' commits (LISTEN, or SQLite's data_version)."""
        return waker(self.db.url, self.wake.set)

    async def dispatch_all(self) -> int:
        """Drain the outbox once (stage 1): events → deliveries."""
        total = 0
        while n := await self.dispatcher.run_once():
            total += n
        return total

    async def deliver(self, platform: str, send: Send, external_id: str | None = None,
                      on_outcome: Outcome | None = None) -> int:
        counted = self.metrics.delivered(platform)

        def told(outcome: str) -> None:
            counted(outcome)
            if on_outcome is not None:
                on_outcome(outcome)

        return await self.dispatcher.deliver(platform, send, external_id=external_id,
                                             stopping=self.stopping.is_set, on_outcome=told)

    async def deliver_all(self, platform: str, send: Send) -> None:
        """Send batch after batch until a batch sends nothing (or a stop begins)."""
        while not self.stopping.is_set():
            outcomes: list[str] = []
            await self.deliver(platform, send, on_outcome=outcomes.append)
            if not outcomes:
                return

    async def run_dispatcher(self, senders: dict[str, Send]) -> None:
        """Until a clean stop: wait for a wake-up, end timed sanctions, dispatch, deliver per messenger."""
        interval = self.settings.worker.poll_interval
        next_sweep = time.monotonic() + 60  # not at start-up: let a restart settle first
        pause = 0.0  # the first turn at once: what was owed before this start
        while not self.stopping.is_set():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=pause)
            self.wake.clear()
            if self.stopping.is_set():
                return
            try:
                await wiring_moderation.expire(self.db.uow, self.clock)  # ends of timed bans and mutes
                await self.dispatch_all()
                for platform, send in senders.items():
                    await self.deliver_all(platform, send)
                if time.monotonic() >= next_sweep:
                    next_sweep = time.monotonic() + SWEEP_EVERY
                    await self.sweep()
                pause = await self._until_due(list(senders), interval)
            except Exception:
                log.exception("outbox dispatch failed; retrying in %ss", RETRY_AFTER_ERROR)
                pause = min(interval, RETRY_AFTER_ERROR)

    async def _until_due(self, platforms: list[str], interval: float) -> float:
        """Seconds until a delivery falls due here (a retry, an expired lease), at most `interval`."""
        due = await self.dispatcher.next_due(platforms, self.clock.now())
        if due is None:
            return interval
        return min(interval, max(0.0, (due - self.clock.now()).total_seconds()))

    async def stop_outbox(self, task: asyncio.Task[None] | None, grace: float = STOP_GRACE) -> int:
        """A clean stop: no new send, the one in flight finishes (up to `grace` s), every lease handed back.

        Returns how many leased deliveries were handed back (another process may send them at once).
        """
        self.stopping.set()
        self.wake.set()
        if task is not None and not task.done():
            _, pending = await asyncio.wait([task], timeout=grace)
            for t in pending:
                log.warning("outbox: a send still running after %ss is cancelled", grace)
                t.cancel()
            await asyncio.gather(task, return_exceptions=True)
        released = await self.dispatcher.release_leases()
        if released:
            log.info("outbox: handed back %d notifications to the other workers", released)
        return released

    async def rerender_bodies(self) -> int:
        """Once at start, in the background: the posts whose stored HTML the wired renderer didn't make
        (written before migration 0020, or under older rules: markdown.RULES) get its HTML, so no page
        renders them per request any more. Batch by batch, each its own transaction, resting as long as a
        batch that rendered took (half the loop at most); nothing to do costs a key-range scan per
        RERENDER_SPAN posts. How many posts got HTML."""
        render = self.services.render_body
        if not isinstance(render, VersionedRenderer):
            return 0
        total = 0
        try:
            async with self.db.uow() as uow:
                top = await uow.posts.last_id()
            done = 0
            while done < top and not self.stopping.is_set():
                began = time.monotonic()
                async with self.db.uow() as uow:
                    stored, done = await rerender(uow, render, done + 1, min(done + RERENDER_SPAN, top),
                                                  RERENDER_BATCH)
                    await uow.commit()
                total += stored
                await asyncio.sleep(time.monotonic() - began if stored else 0)
        except Exception:  # noqa: BLE001 — a page renders what has no HTML: nothing is lost but time
            log.exception("rendering stored post HTML again failed after %d posts", total)
        if total:
            log.info("upkeep: %d posts' HTML rendered again under today's rules", total)
        return total

    async def sweep(self) -> None:
        """Hourly upkeep: expired keyed state (update de-dup keys, flows, windows), old rate-limit hits, orphaned media."""
        now = self.clock.now()
        async with self.db.uow() as uow:
            expired = await uow.state.purge(now)
            # Claims count only their window's hits, so old ones are forgotten here, not on every message.
            await uow.moderation.prune_hits(ratelimit.forget_before(self.services.limits, now))
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
        try:
            await self.services.bookkeeping.flush()  # notes an adapter made and did not flush yet
        except Exception:  # noqa: BLE001 — closing goes on: a card note is a courtesy
            log.exception("bookkeeping notes lost on close")
        if self.services.media is not None:
            await self.services.media.aclose()  # type: ignore[attr-defined]
        await self.db.dispose()
