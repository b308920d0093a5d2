"""`[metrics] listen`: a small HTTP server of its own for /metrics, /healthz and /readyz, in every role.

The web part serves these on the web port; a worker or bot process has no web port, yet its
delivery and command counters live only in it — this is where Prometheus scrapes them.
"""

from __future__ import annotations

import logging

from aiohttp import web

from adapters.web import metrics_app
from openzone.config_checks import listen_address
from openzone.parts import Part, Wiring
from openzone.settings import ConfigError

log = logging.getLogger("openzone.metrics")


class MetricsPart:
    """The metrics server as a Part: AppRunner + TCPSite on the shared loop."""

    name = "metrics"

    def __init__(self, wiring: Wiring) -> None:
        self._runtime = wiring.runtime
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        listen = self._runtime.settings.metrics.listen
        host, port = listen_address(listen)
        self._runner = web.AppRunner(metrics_app(self._runtime.observer(), self._runtime.not_ready), access_log=None)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, host, port).start()
        except OSError as exc:  # taken, or not an address of this machine
            await self._runner.cleanup()
            self._runner = None
            raise ConfigError("metrics.listen", listen, f"a free address of this machine ({exc.strerror or exc})") from None
        log.info("Metrics on http://%s/metrics", listen)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def build(wiring: Wiring) -> Part | None:
    """The metrics server, or None when `[metrics] listen` is empty (or metrics are off)."""
    m = wiring.runtime.settings.metrics
    return MetricsPart(wiring) if m.listen and m.enabled else None


__all__ = ["MetricsPart", "build"]
