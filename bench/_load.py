"""The client side of the web benchmarks: a server child process, sessions from signed links, and the load.

The load generator is Python (aiohttp's client) on the same machine, so it takes CPU from the
server: that is why every figure is printed beside a bare aiohttp hello handler loaded the same
way in the same run, and why the ratio is the figure to compare across machines.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

SERVER = Path(__file__).resolve().with_name("_server.py")
COOKIE = "oz_session"  # adapters.web.session.COOKIE
LOCAL = {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}

Pick = Callable[[random.Random], tuple[str, str]]
"""Chooses the next request: (path and query, session cookie or "")."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(kind: str, *, db: str = "", key: str = "", data: str = "", cache: bool = True,
           profile: bool = False, port: int = 0) -> Iterator[str]:
    """A child process serving `kind` (zone: the platform; hello: bare aiohttp); yields its base URL."""
    port = port or free_port()
    args = [sys.executable, str(SERVER), kind, "--port", str(port), "--db", db, "--key", key, "--data", data,
            *([] if cache else ["--no-cache"]), *(["--profile"] if profile else [])]
    child = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env={**os.environ, **LOCAL})
    try:
        assert child.stdout is not None
        if child.stdout.readline().strip() != "ready":
            raise RuntimeError(f"{kind} server did not start (exit {child.wait()})")
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        child.wait(timeout=20)


def client(concurrency: int) -> aiohttp.ClientSession:
    # No cookie jar: each request carries the one viewer's cookie it is sent for.
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency),
                                 cookie_jar=aiohttp.DummyCookieJar())


async def open_links(base: str, links: list[str]) -> list[str]:
    """Each signed link opened once, as a browser does: the web view answers 303 with a session cookie,
    and the browser follows it to the zone (the day's visit is recorded then, not during the load)."""
    cookies = []
    async with client(8) as s:
        for link in links:
            async with s.get(base + link, allow_redirects=False) as r:
                if r.status != 303 or COOKIE not in r.cookies:
                    raise RuntimeError(f"{link}: HTTP {r.status} without a session cookie")
                cookie, clean = r.cookies[COOKIE].value, r.headers["Location"]
            async with s.get(base + clean, headers={"Cookie": f"{COOKIE}={cookie}"}) as r:
                if r.status != 200:
                    raise RuntimeError(f"{clean}: HTTP {r.status}")
            cookies.append(cookie)
    return cookies


async def stats(base: str) -> dict[str, float]:
    async with aiohttp.ClientSession() as s, s.get(base + "/_bench/stats") as r:
        return dict(await r.json())


@dataclass
class Result:
    n: int
    elapsed: float
    latencies: list[float]
    server: dict[str, float]
    """What the server counted during the timed part (statements, commits, rollbacks, hits, misses) and its peak RSS."""

    @property
    def rps(self) -> float:
        return self.n / self.elapsed

    def per_request(self, what: str) -> float:
        return self.server[what] / max(self.n, 1)

    @property
    def hit_rate(self) -> float:
        looked = self.server["hits"] + self.server["misses"]
        return self.server["hits"] / looked if looked else 0.0


async def load(base: str, pick: Pick, seconds: float, concurrency: int, warm: int = 0, seed: int = 1) -> Result:
    """`concurrency` connections requesting `pick`'s choices back to back for `seconds` (after `warm` requests)."""
    rng = random.Random(seed)
    latencies: list[float] = []

    async with client(concurrency) as s:
        async def one() -> float:
            path, cookie = pick(rng)
            t0 = time.perf_counter()
            async with s.get(base + path, headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else None,
                             allow_redirects=False) as r:
                await r.read()
                if r.status != 200:
                    raise RuntimeError(f"{path}: HTTP {r.status}")
            return time.perf_counter() - t0

        async def warmer(k: int) -> None:
            for _ in range(k):
                await one()

        await asyncio.gather(*(warmer(warm // concurrency + 1) for _ in range(concurrency)))
        before = await stats(base)
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            while time.perf_counter() < deadline:
                latencies.append(await one())

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
        after = await stats(base)
    counted: dict[str, Any] = {k: after[k] - before[k] for k in after if k != "rss"}
    counted["rss"] = after["rss"]
    return Result(len(latencies), elapsed, latencies, counted)


__all__ = ["Pick", "Result", "free_port", "load", "open_links", "server", "stats"]
