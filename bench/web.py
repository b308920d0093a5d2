"""Zone page throughput: a friend GETs /z/HANDLE (1,000 posts) at 32 concurrent connections.

The server runs in its own process (as `openzone run` would serve it); this process is the
Python load generator. In the same run a bare aiohttp "hello" handler is served and loaded
the same way, so the zone figure reads as a fraction of what aiohttp itself can do here.

    .venv/bin/python bench/web.py [--posts 1000] [--seconds 5] [--concurrency 32] [--database-url postgresql+asyncpg://…]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import _util  # noqa: F401  (puts the repo on sys.path)
from _util import close_database, database_option, kind, ms, open_database, pct

HERE = Path(__file__).resolve()


# --- server side (runs in the child process) --------------------------------------------------
async def _serve(kind: str, db_url: str, port: int, key: bytes, cache: bool) -> None:
    from aiohttp import web

    if kind == "hello":
        async def hello(request: web.Request) -> web.Response:
            return web.Response(text="Hello, world")

        application = web.Application()
        application.router.add_get("/", hello)
    else:
        from _util import bench_settings, platform

        from openzone.runtime import PAGE_TTL
        from openzone.settings import Site, Web

        settings = bench_settings(db_url, site=Site(public_url=f"http://127.0.0.1:{port}"),
                                  web=Web(port=port, signing_key=key.decode()))
        runtime = await platform(settings, migrate=False)
        application = runtime.web_app(page_ttl=PAGE_TTL if cache else 0.0)
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print("ready", flush=True)
    await asyncio.Event().wait()


# --- data ---------------------------------------------------------------------------------------
async def _seed(db_url: str, n_posts: int, key: bytes) -> str:
    """alice with n_posts (mixed audiences), bob her friend; returns bob's session cookie."""
    from core.accounts import service as accounts
    from core.social import friends
    from core.posts import service as posts
    from core.clock import SystemClock
    from core.tokens import Signer
    from storage import Database, upgrade

    db = Database(db_url)
    await upgrade(db.engine)
    now = SystemClock().now()
    async with db.uow() as uow:
        alice, _ = await accounts.ensure_account(uow, now, "console", "alice", "Alice Liddell", "alice")
        bob, _ = await accounts.ensure_account(uow, now, "console", "bob", "Bob", "bob")
        await accounts.change_bio(uow, alice, "Curious explorer of rabbit holes.")
        await friends.request_friend(uow, now, bob, alice)
        await friends.accept_friend(uow, now, alice, bob)
        audiences = [posts.Audience(v) for v in (posts.Visibility.PUBLIC, posts.Visibility.FRIENDS,
                                                 posts.Visibility.PRIVATE)]
        for n in range(n_posts):
            p = await posts.create_post(uow, now, alice, f"Post number {n} with **some** _markdown_ and a "
                                        f"[link](https://example.org/{n}).", audiences[n % 3])
            if n % 10 == 0 and p.visibility is not posts.Visibility.PRIVATE:
                await posts.add_comment(uow, now, bob, p.id, f"nice {n}")
                await posts.like(uow, now, bob, p.id)
        await uow.commit()
    await db.dispose()
    return Signer(key).session(bob.id, bob.link_epoch, now)


# --- load generator -----------------------------------------------------------------------------
async def _load(url: str, cookie: str, seconds: float, concurrency: int) -> tuple[int, list[float], float]:
    import aiohttp

    latencies: list[float] = []
    conn = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=conn, cookies={"oz_session": cookie} if cookie else None) as s:
        async def warm() -> None:
            for _ in range(20):
                async with s.get(url) as r:
                    assert r.status == 200, r.status
                    await r.read()

        await asyncio.gather(*(warm() for _ in range(concurrency)))
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            while (t0 := time.perf_counter()) < deadline:
                async with s.get(url) as r:
                    await r.read()
                    if r.status != 200:
                        raise RuntimeError(f"{url}: HTTP {r.status}")
                latencies.append(time.perf_counter() - t0)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return len(latencies), latencies, elapsed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _vmhwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _run(kind: str, db_url: str, key: bytes, path: str, cookie: str, args: argparse.Namespace) -> dict[str, float]:
    port = _free_port()
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    child = subprocess.Popen(
        [sys.executable, str(HERE), "--serve", kind, "--db", db_url, "--port", str(port), "--key", key.hex(),
         *(["--no-cache"] if args.no_cache else [])],
        stdout=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        n, lat, elapsed = asyncio.run(_load(f"http://127.0.0.1:{port}{path}", cookie, args.seconds, args.concurrency))
        rss = _vmhwm_mb(child.pid)
    finally:
        child.terminate()
        child.wait(timeout=10)
    result = {"rps": n / elapsed, "p50": pct(lat, 50), "p99": pct(lat, 99), "rss": rss, "n": n}
    print(f"{kind:>5}: {n:,} requests in {elapsed:.1f}s = {result['rps']:,.0f} req/s · "
          f"p50 {ms(result['p50'])} · p99 {ms(result['p99'])} · server peak RSS {rss:.0f} MB", flush=True)
    return result


def _measure(db_url: str, args: argparse.Namespace) -> tuple[dict[str, float], dict[str, float]]:
    key = secrets.token_urlsafe(32).encode()  # a signing key as config would hold it
    t0 = time.perf_counter()
    cookie = asyncio.run(_seed(db_url, args.posts, key))
    print(f"{kind(db_url)}: seeded a zone with {args.posts:,} posts in {time.perf_counter() - t0:.1f}s; "
          f"{args.concurrency} concurrent connections, {args.seconds:.0f}s per run")
    return _run("zone", db_url, key, "/z/alice", cookie, args), _run("hello", db_url, key, "/", "", args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--no-cache", action="store_true", help="serve the zone without the per-viewer page cache")
    parser.add_argument("--serve", choices=["zone", "hello"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    database_option(parser)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.serve, args.db, args.port, bytes.fromhex(args.key), not args.no_cache))
        return
    db_url = asyncio.run(open_database(args.database_url))
    try:
        zone, hello = _measure(db_url, args)
    finally:
        asyncio.run(close_database(db_url))
    share = zone["rps"] / hello["rps"]
    print(f"{kind(db_url)}:", end=" ")
    print(f"zone page = {share:.1%} of hello (target ≥ 10%) · zone p99 {ms(zone['p99'])} (target < 50 ms) · "
          f"zone server peak RSS {zone['rss']:.0f} MB (target < 200 MB)")


if __name__ == "__main__":
    main()
