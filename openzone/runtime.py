"""The composition root: builds storage → core → handlers, and runs the background loops."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from core.clock import SystemClock
from core.notify import Dispatcher, deliver_pending
from core.ports import Clock, Delivery
from core.shop import load_catalog
from core.wallet import ShopRules, like_subscriber
from core.tokens import Signer
from handlers import App, Chat, build_chat, build_registry, render_notice
from openzone import wiring_moderation
from openzone.config import ConfigError, Settings
from openzone.wiring_media import build_media
from storage.media import MediaService
from storage import Database, upgrade
from storage.previews import ThemePreviews

log = logging.getLogger(__name__)

Send = Callable[[Delivery], Awaitable[None]]


def signing_key(settings: Settings) -> bytes:
    """The configured key, else one generated once under data_dir (0600) and reused."""
    if settings.web.signing_key:
        key = settings.web.signing_key.encode()
        if len(key) < 32:
            raise ConfigError("web.signing_key", "…", "at least 32 characters")
        return key
    path = settings.data_dir / "signing.key"
    if not path.exists():
        import secrets

        settings.data_dir.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip().encode()


MEDIA_GRACE = 3600.0  # seconds a stored file may wait for its row (an upload in flight)
SWEEP_EVERY = 3600.0


@dataclass
class Runtime:
    settings: Settings
    db: Database
    clock: Clock
    app: App
    chat: Chat
    dispatcher: Dispatcher
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    async def create(cls, settings: Settings, clock: Clock | None = None, migrate: bool = True) -> Runtime:
        # A broken catalog item stops start-up here, naming the item (before touching the database).
        catalog = load_catalog(settings.shop.catalog_path)
        shop = settings.shop
        rules = ShopRules(shop.timezone, shop.checkin_reward, shop.streak_days, shop.streak_bonus,
                          shop.post_reward, shop.like_reward, shop.like_daily_cap)
        db = Database(settings.database.url)
        if migrate:
            await upgrade(db.engine)
        clock = clock or SystemClock()
        wake = asyncio.Event()
        app = App(
            registry=build_registry(), uow_factory=db.uow, clock=clock,
            public_url=settings.site.public_url, signer=Signer(signing_key(settings)),
            on_commit=wake.set, admins=settings.admin_map(), media=build_media(settings),
            catalog=catalog, shop_rules=rules, previews=ThemePreviews(),
            limits=settings.moderation.rate_limits(),
        )
        await wiring_moderation.prepare(db.uow, clock, settings)
        dispatcher = Dispatcher(db.uow, clock, render_notice)
        dispatcher.subscribers.append(like_subscriber(rules))
        return cls(settings, db, clock, app, build_chat(app), dispatcher, wake)

    async def dispatch_all(self) -> int:
        """Drain the outbox once (stage 1): events → deliveries."""
        total = 0
        while n := await self.dispatcher.run_once():
            total += n
        return total

    async def deliver(self, platform: str, send: Send, external_id: str | None = None) -> int:
        return await deliver_pending(self.db.uow, self.clock, platform, send, external_id=external_id)

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
        media = self.app.media
        if not isinstance(media, MediaService):
            return 0
        async with self.db.uow() as uow:
            keep = await uow.albums.media_keys()
        return await asyncio.to_thread(media.store.sweep, keep, time.time() - grace)

    async def close(self) -> None:
        if self.app.media is not None:
            self.app.media.close()  # type: ignore[attr-defined]
        await self.db.dispose()
