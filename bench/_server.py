"""The server side of the web benchmarks: one child process serving either the platform or a bare hello.

    python bench/_server.py zone|hello --db URL --port N --key KEY --data DIR [--no-cache] [--profile]

It prints `ready` once listening. The platform is built by `openzone.bootstrap` and served as
`openzone run` serves it (`runtime.web_app`); the benchmark adds, from outside, one route under
`/_bench/` that reports what it counted: statements and transaction ends on the platform's engine
(bench/_sql.py), page cache hits and misses, and this process's peak RSS. With `--profile`,
`/_bench/profile/start` and `/_bench/profile/stop?out=FILE` run cProfile over the requests in between,
and every statement is kept, tagged with the request that sent it.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import itertools
import pickle
import time
from pathlib import Path
from typing import Any

import _util  # noqa: F401  (puts the repo on sys.path)
from _sql import TAG, Statements
from aiohttp import web


def vmhwm_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a process (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Counting:
    """Wraps the page cache's lookup to count hits and misses (the cache itself is untouched)."""

    def __init__(self, cache: Any) -> None:
        self.hits = self.misses = 0
        self._get = cache.get
        cache.get = self.get

    def get(self, key: Any) -> Any:
        entry = self._get(key)
        if entry is None:
            self.misses += 1
        else:
            self.hits += 1
        return entry


async def build(args: argparse.Namespace) -> web.Application:
    if args.kind == "hello":
        async def hello(request: web.Request) -> web.Response:
            return web.Response(text="Hello, world")

        application = web.Application()
        application.router.add_get("/", hello)
        _bench_routes(application, None, None)
        return application
    from _zone import settings_for

    from adapters.web.cache import CACHE
    from adapters.web.context import PAGES
    from openzone.runtime import PAGE_TTL

    from _util import platform

    runtime = await platform(settings_for(args.db, args.port, args.key, args.data), migrate=False)
    statements = Statements(record=args.profile).attach(runtime.db.engine)
    application = runtime.web_app(page_ttl=0.0 if args.no_cache else PAGE_TTL)
    counting = Counting(application[CACHE])
    if args.profile:
        application.middlewares.insert(0, _tagged)  # outermost: every statement of a request carries its number
        _time_rendering(application[PAGES])
    _bench_routes(application, statements, counting)
    return application


_REQUESTS = itertools.count(1)
TIMES = {"request_s": 0.0, "render_s": 0.0}
"""With --profile: wall time inside the application (all middlewares) and inside template rendering."""


@web.middleware
async def _tagged(request: web.Request, handler: Any) -> web.StreamResponse:
    if request.path.startswith("/_bench/"):
        return await handler(request)
    token = TAG.set(f"{next(_REQUESTS)} {request.path_qs}")
    t0 = time.perf_counter()
    try:
        return await handler(request)
    finally:
        TIMES["request_s"] += time.perf_counter() - t0
        TAG.reset(token)


def _time_rendering(pages: Any) -> None:
    """Time both ways a page is rendered: whole (`render`) and as a kept frame with its holes (`framed`)."""
    for name in ("render", "framed"):
        setattr(pages, name, _timed(getattr(pages, name)))


def _timed(render: Any) -> Any:
    def timed(*args: Any, **kwargs: Any) -> str:
        t0 = time.perf_counter()
        try:
            return render(*args, **kwargs)
        finally:
            TIMES["render_s"] += time.perf_counter() - t0

    return timed


def _bench_routes(application: web.Application, statements: Statements | None, counting: Counting | None) -> None:
    profiler: list[cProfile.Profile] = []

    async def stats(request: web.Request) -> web.Response:
        now = statements.snapshot() if statements else None
        return web.json_response({
            "statements": now.statements if now else 0, "commits": now.commits if now else 0,
            "rollbacks": now.rollbacks if now else 0, "hits": counting.hits if counting else 0,
            "misses": counting.misses if counting else 0, "sql_s": now.seconds if now else 0.0,
            **TIMES, "rss": vmhwm_mb(),
        })

    async def start(request: web.Request) -> web.Response:
        if statements is not None:
            statements.log.clear()
        # CPU time of this thread (the event loop): idle waits for the next request are not counted.
        profiler.append(cProfile.Profile(time.thread_time))
        profiler[-1].enable()
        return web.json_response({})

    async def stop(request: web.Request) -> web.Response:
        profiler[-1].disable()
        out = request.query["out"]
        profiler[-1].dump_stats(out)
        if statements is not None:
            Path(out + ".sql").write_bytes(pickle.dumps(statements.by_tag()))
        return web.json_response({"out": out})

    application.router.add_get("/_bench/stats", stats)
    application.router.add_get("/_bench/profile/start", start)
    application.router.add_get("/_bench/profile/stop", stop)


async def serve(args: argparse.Namespace) -> None:
    application = await build(args)
    if args.kind != "hello":
        from openzone.serve import settle_heap

        settle_heap()  # as `openzone run` does once its parts are up
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", args.port).start()
    print("ready", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["zone", "hello"])
    parser.add_argument("--db", default="")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", default="")
    parser.add_argument("--data", default="")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass


__all__ = ["Counting", "build", "vmhwm_mb"]

if __name__ == "__main__":
    main()
