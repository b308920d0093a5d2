"""Seeing the web view run: requests and latency per route, the `/metrics` scrape, the request id.

The registry is handed in by the composition root (never prometheus' global one), so several
platforms in one process — tests, benchmarks — each count only their own traffic. Requests are
labelled by the route's pattern (`/z/{handle}`), never by the raw path: a label per handle or
per typo would grow without bound.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest

from adapters.web.context import Handler
from handlers import REQUEST_ID

access = logging.getLogger("openzone.access")
UNMATCHED = "(unmatched)"  # a 404 for a path no route knows: one label for them all


@dataclass
class WebMetrics:
    """What the web view measures and who may scrape it (built by openzone.bootstrap)."""

    registry: CollectorRegistry
    refresh: Callable[[], Awaitable[None]] | None = None
    """Run before each scrape: gauges worth a query (the outbox lag) are computed then."""
    token: str = field(default="", repr=False)
    """If set, a scrape with `Authorization: Bearer TOKEN` is let in from any address."""
    allow: Sequence[str] = ("127.0.0.1", "::1")
    """Addresses or networks let in without the token."""
    access_log: bool = False
    """One INFO line per request on the `openzone.access` logger."""
    enabled: bool = True
    """False: `/metrics` answers 404, as if it did not exist (requests are still counted)."""

    def __post_init__(self) -> None:
        self.requests = Counter("openzone_http_requests", "HTTP requests answered, by route pattern and status.",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("openzone_http_request_duration_seconds", "Time to answer an HTTP request.",
                                 ["method", "route"], registry=self.registry)
        self._networks = [ipaddress.ip_network(a, strict=False) for a in self.allow]
        # prometheus' labels() validates and takes a lock on every call; its children never change, so each
        # (method, route, status)'s pair is looked up once. Routes are patterns and statuses few: bounded.
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def observe(self, method: str, route: str, status: int, elapsed: float) -> None:
        """Count one answered request and its latency."""
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            children = self._children[key] = (self.requests.labels(method, route, str(status)),
                                              self.latency.labels(method, route))
        children[0].inc()
        children[1].observe(elapsed)

    def admits(self, request: web.Request) -> bool:
        """A scrape is let in by the token (if one is set) or from an allowed address."""
        header = request.headers.get("Authorization", "")
        if self.token and secrets.compare_digest(header.encode(), f"Bearer {self.token}".encode()):
            return True
        try:
            address = ipaddress.ip_address((request.remote or "").split("%")[0])
        except ValueError:
            return False
        return any(address in net for net in self._networks)


METRICS = web.AppKey("metrics", WebMetrics)


def route_of(request: web.Request) -> str:
    """The matched route's pattern (`/z/{handle}`), or one shared label for unmatched paths."""
    info = request.match_info
    route = info.route if info is not None else None
    resource = route.resource if route is not None else None
    return resource.canonical if resource is not None else UNMATCHED


@web.middleware
async def observed(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Outermost: give the request an id (on every log line), count it and time it."""
    token = REQUEST_ID.set(request.headers.get("X-Request-Id", "")[:64] or secrets.token_hex(8))
    metrics = request.app[METRICS]
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        elapsed = time.perf_counter() - started
        metrics.observe(request.method, route_of(request), status, elapsed)
        if metrics.access_log:
            access.info("%s %s %s %.1fms %s", request.method, request.rel_url.path, status, elapsed * 1000,
                        request.remote or "-")
        REQUEST_ID.reset(token)


async def scrape(request: web.Request) -> web.Response:
    """`GET /metrics`: Prometheus' text format, to the token or an allowed address only."""
    metrics = request.app[METRICS]
    if not metrics.enabled:
        raise web.HTTPNotFound()
    if not metrics.admits(request):
        raise web.HTTPForbidden(text="Metrics are not open to this address; send the metrics token.")
    if metrics.refresh is not None:
        await metrics.refresh()
    return web.Response(body=generate_latest(metrics.registry), headers={"Content-Type": CONTENT_TYPE_PLAIN_0_0_4})


async def _alive(request: web.Request) -> web.Response:
    return web.Response(text="ok", headers={"Cache-Control": "no-store"})


def metrics_app(observe: WebMetrics, ready: Callable[[], Awaitable[str | None]]) -> web.Application:
    """`/metrics`, `/healthz` and `/readyz` alone: what a process without the web view is scraped at."""

    async def readiness(request: web.Request) -> web.Response:
        problem = await ready()
        if problem is not None:
            return web.Response(status=503, text=f"not ready: {problem}", headers={"Cache-Control": "no-store"})
        return web.Response(text="ready", headers={"Cache-Control": "no-store"})

    application = web.Application(middlewares=[observed])
    application[METRICS] = observe
    application.router.add_get("/metrics", scrape)
    application.router.add_get("/healthz", _alive)
    application.router.add_get("/readyz", readiness)
    return application


__all__ = ["METRICS", "WebMetrics", "metrics_app", "observed", "route_of", "scrape"]
