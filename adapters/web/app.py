"""The aiohttp application of the web view: routes, middlewares, state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web
from prometheus_client import CollectorRegistry

from adapters.web import (
    albums, cache, forms, guestbook, metrics, people, photo_forms, reader, security, session, shop, themes, urls, views,
)
from adapters.web.context import PAGES, READY, SITE, Probe, RawHandler, Site
from adapters.web.render import Pages
from core import i18n
from handlers import Services

MAX_BODY = 4 * 1024 * 1024  # webhook updates are small; nothing else accepts a body


def _raw(handler: RawHandler) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Adapt a platform-neutral (headers, body) handler, e.g. the Telegram webhook."""

    async def route(request: web.Request) -> web.Response:
        status, headers, body = await handler(dict(request.headers), await request.read())
        return web.Response(status=status, headers=headers, body=body)

    return route


def create_app(
    services: Services, site_name: str = "OpenZone", raw_routes: Iterable[tuple[str, str, RawHandler]] = (),
    page_ttl: float = 0.0, observe: metrics.WebMetrics | None = None, ready: Probe | None = None,
) -> web.Application:
    """The web view over a handlers.Services (its uow factory, clock, signer and public URL).

    page_ttl > 0 keeps each viewer's own pages for that many seconds (see adapters.web.cache).
    `observe` counts requests into its registry and serves `/metrics` (default: a registry of its own).
    `ready` says why the process can't serve (`/readyz` answers 503 with it); without it, always ready.
    """
    application = web.Application(
        # The reader's language and zone are set outside the error pages, so those speak it too; the
        # cache is inside, so its key knows the language the browser asked for. A typed `/z/alice/`
        # (or `//z//alice`) is sent to the page it means, not the 404 page.
        middlewares=[metrics.observed, security.security_headers, reader.reading, security.error_pages,
                     web.normalize_path_middleware(append_slash=False, remove_slash=True), session.open_links,
                     cache.cached_pages],
        client_max_size=MAX_BODY,
    )
    application[SITE] = Site(
        site_name, services.public_url, services.uow_factory, services.clock, services.signer,
        limits=services.limits, admins=services.admins, subscribers=tuple(services.subscribers),
        on_commit=services.on_commit, time_zone=services.time_zone,
    )
    application[PAGES] = Pages(site_name, services.languages)
    application[session.SESSIONS] = session.SessionCookies()
    application[reader.READING] = reader.Reading(services.languages, i18n.zone(services.time_zone))
    if ready is not None:
        application[READY] = ready
    application[metrics.METRICS] = observe or metrics.WebMetrics(CollectorRegistry())
    application.router.add_get(urls.METRICS, metrics.scrape)
    # Entries age on the platform's clock (tests move it; production's is the system clock).
    application[cache.CACHE] = cache.PageCache(page_ttl, now=lambda: services.clock.now().timestamp())
    application.add_routes(views.routes())
    application.add_routes(albums.routes())
    application.add_routes(people.routes())
    application.add_routes(shop.routes())
    application.add_routes(guestbook.routes())
    application.add_routes(forms.routes())
    application.add_routes(photo_forms.routes())
    application[themes.THEMES] = themes.Themes(services.catalog, services.previews)
    if services.media is not None:
        application[albums.MEDIA] = services.media
    for method, path, handler in raw_routes:
        application.router.add_route(method, path, _raw(handler))
    return application
