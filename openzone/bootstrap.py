"""The one composition root: settings in, the whole platform out.

Production (`openzone run`, `migrate`, `chat`), every test fixture and every benchmark call
`bootstrap`; each dependency is a keyword whose default is what production uses, so a test
overrides only what must be fake (the clock, the database it prepared) and runs everything
else — guards, limits, subscribers, the catalog — as a person meets it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from adapters.web import markdown
from adapters.web.urls import PATHS
from core.care import service as care
from core.clock import SystemClock
from core.outbox import Dispatcher
from core.ports import Clock
from core.posts.ports import BodyRenderer
from core.shop.catalog import load_catalog
from core.shop.looks import PreviewRenderer
from core.shop.rewards import like_subscriber, post_subscriber
from core.tokens import Signer
from core.i18n import Languages
from handlers import Services, Registry, build_router, build_registry, notice_renderer
from openzone import wiring_moderation
from openzone.keys import signing_key
from openzone.metrics import MeteredRouter, Metrics
from openzone.runtime import Runtime
from openzone.settings import ConfigError, Settings
from openzone.wiring_media import open_media
from storage import Database, upgrade
from storage.media import MediaService
from storage.previews import ThemePreviews

_DEFAULT = object()
log = logging.getLogger(__name__)


def _open(url: str) -> Database:
    try:
        return Database(url)
    except OSError as exc:  # SQLite's directory can't be created
        raise ConfigError("database.url", _shown(url), f"a database file OpenZone can create ({exc.strerror})") from None


def _reason(exc: Exception) -> str:
    """What the driver said, without SQLAlchemy's statement dump."""
    if isinstance(exc, OperationalError):
        return str(exc.orig)
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def lease_owner() -> str:
    """Who this process is, on its deliveries' leases (host, pid, a nonce): what a clean stop hands back."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


async def bootstrap(
    settings: Settings,
    *,
    db: Database | None = None,
    clock: Clock | None = None,
    media: MediaService | None | object = _DEFAULT,
    previews: PreviewRenderer | None | object = _DEFAULT,
    registry: Registry | None = None,
    render_body: BodyRenderer | None = markdown.for_storage,
    migrate: bool = True,
) -> Runtime:
    """Build storage → core → handlers from `settings`; front ends attach to the result.

    `db` (default: a Database on `settings.database.url`), `clock` (the system clock), `media`
    (the pipeline from `[media]`), `previews` (Pillow theme cards) and `registry` (every
    feature's commands) are the production defaults unless given; `render_body` (the web's Markdown renderer)
    turns each post body into the HTML stored with it as it is written (None: bodies are rendered when shown).
    `migrate=False` skips bringing the schema to head (the caller has done it).
    """
    for note in settings.deprecated:  # the old way still works; say once how to write it now
        log.warning(note)
    # A broken catalog item stops start-up here, naming the item (before touching the database).
    catalog = load_catalog(settings.shop.catalog_path)
    rules = settings.shop_rules
    db = db or _open(settings.database.url)
    if migrate:
        try:
            await upgrade(db.engine)
        except (OSError, OperationalError) as exc:  # nobody listens there, or the file can't be written
            await db.dispose()
            raise ConfigError("database.url", _shown(settings.database.url),
                              f"a database OpenZone can reach and write ({_reason(exc)})") from None
    clock = clock or SystemClock()
    try:
        key = await signing_key(settings, db, clock.now())
    except ConfigError:  # e.g. a data_dir that can't be created: stop with the engine closed
        await db.dispose()
        raise
    metrics = Metrics()  # this platform's own registry: runtimes in one process never share counters
    wake = asyncio.Event()
    try:
        pipeline = await open_media(settings) if media is _DEFAULT else media
    except ConfigError:  # the bucket can't be reached: stop with the engine closed
        await db.dispose()
        raise
    services = Services(
        registry=registry or build_registry(), uow_factory=db.uow, clock=clock, links=PATHS,
        public_url=settings.public_url, signer=Signer(key), on_commit=wake.set,
        admins=settings.admin_map(), media=pipeline,  # type: ignore[arg-type]
        catalog=catalog, shop_rules=rules,
        previews=ThemePreviews() if previews is _DEFAULT else previews,  # type: ignore[arg-type]
        render_body=render_body,
        limits=settings.moderation.rate_limits(), on_limited=metrics.limited,
        subscribers=[post_subscriber(rules), care.on_post_created],  # in the command's transaction
        languages=Languages.load(default=settings.site.language), time_zone=settings.site.time_zone,
    )
    await wiring_moderation.prepare(db.uow, clock, settings)
    dispatcher = Dispatcher(db.uow, clock, notice_renderer(services.languages), owner=lease_owner())
    dispatcher.subscribers.append(like_subscriber(rules))  # after commit, once per stored event
    router = MeteredRouter(build_router(services), metrics)
    return Runtime(settings, db, clock, services, router, dispatcher, wake, metrics)


__all__ = ["bootstrap", "signing_key"]
