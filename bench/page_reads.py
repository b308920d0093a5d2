"""A page's reads alone: core's zone, post and album pages over storage, no HTTP and no templates.

    .venv/bin/python bench/page_reads.py [--page zone|post|album|all] [--role friend|circle|stranger|owner]
                                         [--requests 2000] [--rounds 3] [--posts 1000] [--profile FILE] [--top 30]
                                         [--database-url postgresql+asyncpg://…]

The zone of bench/web.py (bench/_zone.py), read the way its web pages read it: one unit of work per
page, as `adapters.web.zone_views.zone_page` opens it, with what that page's handler asks of core
(the zone with the reader; then the posts at a random cursor, the post with its talk, or the
album). One page at a time, so the figure is one page's CPU in core, storage, SQLAlchemy and the
driver (the process's CPU time; the wall time adds, on PostgreSQL, the server's round trips). With `--profile`, the loop runs again under
cProfile and its top functions print.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

import _util  # noqa: F401  (puts the repo on sys.path)
from _profiling import print_profile
from _util import database_option, kind, platform, scratch_database_sync
from _zone import OWNER, seeded, settings_for

from core.albums import service as albums
from core.posts import reading
from core.privacy import Viewer
from core.zones import post_in_zone, zone_page

Page = Callable[[random.Random], Awaitable[Any]]


def pages(runtime: Any, zone: Any, viewer: Viewer) -> dict[str, Page]:
    me = next(p for p in zone.people if p.role != "owner") if viewer.account_id is None else None
    person = me or zone.people[0]
    catalog, site_zone = runtime.services.catalog, runtime.services.time_zone
    now = runtime.clock.now

    async def header(uow: Any) -> Any:
        return await zone_page(uow, viewer, catalog, OWNER, now(), site_zone=site_zone,
                               reader=viewer.account_id is not None)

    async def zone_reads(rng: random.Random) -> Any:
        async with runtime.db.uow() as uow:
            page = await header(uow)
            before = rng.randint(zone.first_post + 1, zone.last_post + 1)
            return await reading.zone_posts(uow, viewer, page.owner, before=before)

    async def post_reads(rng: random.Random) -> Any:
        async with runtime.db.uow() as uow:
            page = await header(uow)
            return await post_in_zone(uow, viewer, page.owner, rng.choice(person.posts))

    async def album_reads(rng: random.Random) -> Any:
        async with runtime.db.uow() as uow:
            page = await header(uow)
            return await albums.album_by_id(uow, viewer, page.owner, rng.choice(person.albums))

    return {"zone": zone_reads, "post": post_reads, "album": album_reads}


async def _loop(page: Page, n: int) -> tuple[float, float]:
    """(CPU, wall) seconds per page: this process's CPU (SQLite's thread included) is the figure that
    the other processes on a shared machine disturb least."""
    rng = random.Random(5)
    c0, t0 = time.process_time(), time.perf_counter()
    for _ in range(n):
        await page(rng)
    return (time.process_time() - c0) / n, (time.perf_counter() - t0) / n


async def run(url: str, data: str, key: str, zone: Any, args: argparse.Namespace) -> None:
    runtime = await platform(settings_for(url, 8080, key, data))
    try:
        async with runtime.db.uow() as uow:
            person = next(p for p in zone.people if p.role == args.role)
            account = await uow.accounts.by_handle(person.handle)
        viewer = Viewer(account.id)
        zone.people = [person]
        chosen = ["zone", "post", "album"] if args.page == "all" else [args.page]
        found = pages(runtime, zone, viewer)
        for name in chosen:
            await _loop(found[name], 100)  # warm: statement caches, the pool
            cpu, wall = min([await _loop(found[name], args.requests) for _ in range(args.rounds)])
            print(f"{kind(url)} · {name} page's reads as @{person.handle} ({args.role}): {cpu * 1e6:6.0f} µs CPU, "
                  f"{wall * 1e6:6.0f} µs wall a page (best of {args.rounds} × {args.requests})", flush=True)
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for name in chosen:
                await _loop(found[name], args.requests)
            profile.disable()
            profile.dump_stats(args.profile)
            print_profile(args.profile, args.top, "the loop's CPU (" + ", ".join(chosen) + " pages)")
    finally:
        await runtime.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", choices=["zone", "post", "album", "all"], default="all")
    parser.add_argument("--role", choices=["friend", "circle", "stranger", "owner"], default="friend")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", default="", metavar="FILE")
    parser.add_argument("--top", type=int, default=30)
    database_option(parser)
    args = parser.parse_args()
    with scratch_database_sync(args.database_url) as url:
        key, data, zone = seeded(url, args.posts, 3, "oz-bench-reads-")
        asyncio.run(run(url, data, key, zone, args))


if __name__ == "__main__":
    main()
