"""Wires the web view into `openzone run`: one aiohttp server for pages, feeds, bot webhooks and sockets."""

from __future__ import annotations

import errno
import logging
import os

from aiohttp import web

from openzone.parts import Part, Wiring
from openzone.settings import ConfigError

log = logging.getLogger("openzone.web")


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
        app = runtime.web_app(self._wiring.routes)
        for path, socket in self._wiring.sockets:
            app.router.add_get(path, socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, settings.web.host, settings.web.port)
        try:
            await site.start()
        except OSError as exc:  # the port is taken, or the host is not an address of this machine
            await self._runner.cleanup()
            self._runner = None
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError("web.port", settings.web.port, f"a free port ({os.strerror(exc.errno)})") from None
            raise ConfigError("web.host", settings.web.host, f"an address of this machine ({exc.strerror or exc})") from None
        log.info("Web view on http://%s:%s (public URL %s)", settings.web.host, settings.web.port,
                 settings.public_url)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def build(wiring: Wiring) -> Part:
    return WebPart(wiring)


__all__ = ["WebPart", "build"]
