"""The one composition root: settings in, the whole platform out.

Production (`openzone run`, `migrate`, `chat`), every test fixture and every benchmark call
`bootstrap`; each dependency is a keyword whose default is what production uses, so a test
overrides only what must be fake (the clock, the database it prepared) and runs everything
else — guards, limits, subscribers, the catalog — as a person meets it.
"""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

from core.clock import SystemClock
from core.notify import Dispatcher
from core.ports import Clock
from core.shop import load_catalog
from core.tokens import Signer
from core.wallet import like_subscriber
from core.wallet_ports import PreviewRenderer
from handlers import App, Registry, build_chat, build_registry, render_notice
from openzone import wiring_moderation
from openzone.runtime import Runtime
from openzone.settings import ConfigError, Settings
from openzone.wiring_media import build_media
from storage import Database, upgrade
from storage.media import MediaService
from storage.previews import ThemePreviews

_DEFAULT = object()


def signing_key(settings: Settings) -> bytes:
    """The configured key, else one generated once under data_dir (0600) and reused."""
    if settings.web.signing_key:
        key = settings.web.signing_key.encode()
        if len(key) < 32:
            raise ConfigError("web.signing_key", "…", "at least 32 characters")
        return key
    path = settings.data_dir / "signing.key"
    if not path.exists():
        _make_dir(settings.data_dir, "data_dir")
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip().encode()


def _make_dir(path: Path, key: str) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(key, str(path), f"a directory OpenZone can create and write ({exc.strerror})") from None


async def bootstrap(
    settings: Settings,
    *,
    db: Database | None = None,
    clock: Clock | None = None,
    media: MediaService | None | object = _DEFAULT,
    previews: PreviewRenderer | None | object = _DEFAULT,
    registry: Registry | None = None,
    migrate: bool = True,
) -> Runtime:
    """Build storage → core → handlers from `settings`; front ends attach to the result.

    `db` (default: a Database on `settings.database.url`), `clock` (the system clock), `media`
    (the pipeline from `[media]`), `previews` (Pillow theme cards) and `registry` (every
    feature's commands) are the production defaults unless given. `migrate=False` skips
    bringing the schema to head (the caller has done it).
    """
    # A broken catalog item stops start-up here, naming the item (before touching the database).
    catalog = load_catalog(settings.shop.catalog_path)
    key = signing_key(settings)
    db = db or Database(settings.database.url)
    if migrate:
        await upgrade(db.engine)
    clock = clock or SystemClock()
    wake = asyncio.Event()
    pipeline = build_media(settings) if media is _DEFAULT else media
    services = App(
        registry=registry or build_registry(), uow_factory=db.uow, clock=clock,
        public_url=settings.site.public_url, signer=Signer(key), on_commit=wake.set,
        admins=settings.admin_map(), media=pipeline,  # type: ignore[arg-type]
        catalog=catalog, shop_rules=settings.shop,
        previews=ThemePreviews() if previews is _DEFAULT else previews,  # type: ignore[arg-type]
        limits=settings.moderation.rate_limits(),
    )
    await wiring_moderation.prepare(db.uow, clock, settings)
    dispatcher = Dispatcher(db.uow, clock, render_notice)
    dispatcher.subscribers.append(like_subscriber(settings.shop))
    return Runtime(settings, db, clock, services, build_chat(services), dispatcher, wake)


__all__ = ["bootstrap", "signing_key"]
