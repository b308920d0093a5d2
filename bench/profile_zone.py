"""Where a zone page's time goes: cProfile over the server while one friend reads @alice's zone.

    .venv/bin/python bench/profile_zone.py [--page zone|post|album] [--role friend|circle|stranger|owner]
                                           [--requests 200] [--top 30] [--out /tmp/oz-zone.prof]
                                           [--database-url postgresql+asyncpg://…]

The zone of bench/web.py (bench/_zone.py), served by its own process as `openzone run` serves it,
page cache off; requests one at a time at random cursors (as bench/web.py does), so the profile
is one request's work, not queueing. Prints the functions with the most own time and the most
time below them (server process only: the load generator is not in the profile), then every SQL
statement shape the pages sent and how often per request, with the exact repeats (same SQL and
parameters within one request: a trip that could be saved). The .prof file opens in snakeviz or
`python -m pstats`.
"""

from __future__ import annotations

import argparse
import asyncio
import random

import _util  # noqa: F401  (puts the repo on sys.path)
import aiohttp
from _load import Pick, load, open_links, server, stats
from _profiling import print_profile, print_statements
from _util import database_option, kind, scratch_database_sync
from _zone import seeded
from web import picks


async def _one_by_one(base: str, pick: Pick, n: int, profile_to: str = "") -> dict[str, float]:
    """`n` requests one after another; with `profile_to`, under cProfile. Returns what the server timed."""
    rng = random.Random(5)
    async with aiohttp.ClientSession() as s:
        if profile_to:
            async with s.get(base + "/_bench/profile/start") as r:
                await r.read()
        before = await stats(base)
        for _ in range(n):
            url, cookie = pick(rng)
            async with s.get(base + url, headers={"Cookie": f"oz_session={cookie}"}) as r:
                await r.read()
                if r.status != 200:
                    raise RuntimeError(f"{url}: HTTP {r.status}")
        after = await stats(base)
        if profile_to:
            async with s.get(base + "/_bench/profile/stop", params={"out": profile_to}) as r:
                await r.read()
    return {k: after[k] - before[k] for k in after if k != "rss"}


def print_split(t: dict[str, float], n: int) -> None:
    """One request's wall time in the server, split (one request at a time, so nothing else ran meanwhile)."""
    each = {k: v / n * 1000 for k, v in t.items()}
    rest = each["request_s"] - each["render_s"] - each["sql_s"]
    print(f"one request, without the profiler: {each['request_s']:.2f} ms in the application (all middlewares), "
          f"of which")
    print(f"  {each['sql_s']:6.2f} ms  {t['statements'] / n:.1f} SQL statements, from handing each to the driver to "
          f"its rows ({t['commits'] / n:.2f} commits, {t['rollbacks'] / n:.2f} rollbacks besides)")
    print(f"  {each['render_s']:6.2f} ms  rendering the templates (Jinja2, Markdown, dates)")
    print(f"  {rest:6.2f} ms  the rest: middlewares, session, core, building statements and objects")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", choices=["zone", "post", "album"], default="zone")
    parser.add_argument("--role", choices=["friend", "circle", "stranger", "owner"], default="friend")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", default="/tmp/oz-zone.prof")
    database_option(parser)
    args = parser.parse_args()
    with scratch_database_sync(args.database_url) as url:
        key, data, zone = seeded(url, args.posts, 33, "oz-bench-prof-")
        me = next(i for i, p in enumerate(zone.people) if p.role == args.role)
        with server("zone", db=url, key=key, data=data, cache=False, profile=True) as base:
            cookies = asyncio.run(open_links(base, [p.link for p in zone.people]))
            zone.people = [zone.people[me]]
            pick = picks(zone, [cookies[me]])[args.page]
            asyncio.run(load(base, pick, seconds=0.0, concurrency=1, warm=20))  # warm: templates, statement caches
            split = asyncio.run(_one_by_one(base, pick, args.requests))
            asyncio.run(_one_by_one(base, pick, args.requests, profile_to=args.out))
        print(f"{kind(url)} · {args.page} page as @{zone.people[0].handle} ({args.role}), {args.requests} requests "
              f"one at a time at random cursors, page cache off")
        print_split(split, args.requests)
        print_profile(args.out, args.top, "the server's event loop thread's CPU (SQLite's own thread not included)")
        print_statements(args.out + ".sql", args.top)


if __name__ == "__main__":
    main()
