"""Wires the web view into `openzone run`: one aiohttp server for pages, feeds and bot webhooks."""

from __future__ import annotations

import logging

from aiohttp import web

from adapters.web import create_app
from openzone.serve import Part, Wiring

log = logging.getLogger("openzone.web")
# Each viewer's own pages are kept this long: reloads are cheap, changes show within a second.
PAGE_TTL = 1.0


class WebPart:
    """The web server as a Part: AppRunner + TCPSite on the shared loop (never run_app)."""

    name = "web"

    def __init__(self, wiring: Wiring) -> None:
        self._wiring = wiring
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        runtime = self._wiring.runtime
        settings = runtime.settings
        # Routes are read now, not at build time: bot parts built before us may have added theirs.
        application = create_app(runtime.app, settings.site.name, list(self._wiring.routes), page_ttl=PAGE_TTL)
        self._runner = web.AppRunner(application, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, settings.web.host, settings.web.port)
        await site.start()
        log.info("Web view on http://%s:%s (public URL %s)", settings.web.host, settings.web.port,
                 settings.site.public_url)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def build(wiring: Wiring) -> Part:
    return WebPart(wiring)


__all__ = ["PAGE_TTL", "WebPart", "build"]
