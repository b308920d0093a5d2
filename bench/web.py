"""Web pages as many viewers load them: zone, post and album pages at 32 connections, next to a bare hello.

    .venv/bin/python bench/web.py [--posts 1000] [--strangers 33] [--seconds 5] [--concurrency 32]
                                  [--database-url postgresql+asyncpg://USER@HOST/DB] [--json FILE]

A zone of @alice (bench/_zone.py: ~1,000 posts with photos, comments and likes, five albums) is
looked at by 64 people — her, 10 friends in her circle @family, 20 other friends and 33 strangers —
each with the session cookie the web view gave them for the link the bot answered their `/zone
alice` with. Each request is one of them, chosen at random, asking for a zone page at a random
cursor (`?before=ID`), a random post they may see, or a random album they may see. Nobody reloads
one page, so the one-second per-viewer page cache rarely answers: its hit rate is printed, and the
headline is the figure with the cache off, which no per-viewer cache answers.

Each server runs in its own process, as `openzone run` serves the web view; this process is the
load generator (Python, same machine: see bench/_load.py). A bare aiohttp hello handler is loaded
the same way in the same run. Printed per page kind: requests/s, p50/p99 latency, statements and
transaction ends per request (counted on the server's engine: bench/_sql.py) and the server's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

import _util  # noqa: F401  (puts the repo on sys.path)
from _load import Pick, Result, load, open_links, server
from _util import database_option, json_option, kind, ms, pct, scratch_database_sync, write_json
from _zone import OWNER, Person, Zone, seeded

KINDS = ("zone", "post", "album")


def picks(zone: Zone, cookies: list[str]) -> dict[str, Pick]:
    people: list[tuple[Person, str]] = list(zip(zone.people, cookies))

    def zone_page(rng: Any) -> tuple[str, str]:
        _, cookie = rng.choice(people)
        return f"/z/{OWNER}?before={rng.randint(zone.first_post + 1, zone.last_post + 1)}", cookie

    def post_page(rng: Any) -> tuple[str, str]:
        person, cookie = rng.choice(people)
        return f"/z/{OWNER}/p/{rng.choice(person.posts)}", cookie

    def album_page(rng: Any) -> tuple[str, str]:
        person, cookie = rng.choice(people)
        return f"/z/{OWNER}/albums/{rng.choice(person.albums)}", cookie

    return {"zone": zone_page, "post": post_page, "album": album_page}


def line(label: str, r: Result, cache: bool = False) -> str:
    sql = (f"{r.per_request('statements'):5.1f} stmt + {r.per_request('commits'):.2f} commit + "
           f"{r.per_request('rollbacks'):.2f} rollback" if r.server.get("statements") else f"{'—':>5}")
    hits = f"   cache hits {r.hit_rate:6.1%}" if cache else ""
    return (f"  {label:<26} {r.rps:8,.0f} req/s   p50 {ms(pct(r.latencies, 50)):>10}   "
            f"p99 {ms(pct(r.latencies, 99)):>10}   {sql}{hits}")


def figures(r: Result) -> dict[str, float]:
    return {"rps": r.rps, "p50": pct(r.latencies, 50), "p99": pct(r.latencies, 99), "n": r.n,
            "statements": r.per_request("statements"), "commits": r.per_request("commits"),
            "rollbacks": r.per_request("rollbacks"), "hit_rate": r.hit_rate, "rss": r.server["rss"]}


def measure(url: str, args: argparse.Namespace) -> dict[str, Any]:
    t0 = time.perf_counter()
    key, data, zone = seeded(url, args.posts, args.strangers, "oz-bench-web-")
    roles = {r: sum(p.role == r for p in zone.people) for r in ("owner", "circle", "friend", "stranger")}
    print(f"{kind(url)} · @{OWNER}'s zone: {args.posts:,} posts, seeded in {time.perf_counter() - t0:.0f} s · "
          f"{len(zone.people)} sessions ({roles['owner']} owner, {roles['circle']} in @family, "
          f"{roles['friend']} other friends, {roles['stranger']} strangers) · {args.concurrency} connections, "
          f"{args.seconds:g} s per run", flush=True)
    out: dict[str, Any] = {"database": kind(url), "posts": args.posts, "sessions": len(zone.people)}

    def run(base: str, pick: Pick) -> Result:
        # Warmed to a running server's steady state: on PostgreSQL each pooled connection prepares its
        # statements on first use, and the server plans each afresh for its first five runs (then keeps a
        # generic plan), so two requests a connection left the first half second of the run at twice the
        # latency: most of the p99. Ten a connection, and the run measures what a server does all day.
        return asyncio.run(load(base, pick, args.seconds, args.concurrency, warm=10 * args.concurrency))

    with server("hello") as base:
        out["hello"] = figures(hello := run(base, lambda rng: ("/", "")))
    print(line("bare aiohttp hello", hello), flush=True)
    rss = 0.0
    for cache in (False, True):
        with server("zone", db=url, key=key, data=data, cache=cache) as base:
            chosen = picks(zone, asyncio.run(open_links(base, [p.link for p in zone.people])))
            for name in KINDS:
                r = run(base, chosen[name])
                out[f"{name}_{'cached' if cache else 'nocache'}"] = figures(r)
                print(line(f"{name} page, {'page cache' if cache else 'no cache'}", r, cache), flush=True)
            if cache:  # what the old figure measured: one friend reloading one page; not a target
                friend = next(i for i, p in enumerate(zone.people) if p.role == "friend")
                cookie = asyncio.run(open_links(base, [zone.people[friend].link]))[0]
                r = run(base, lambda rng: (f"/z/{OWNER}", cookie))
                out["reload_cached"] = figures(r)
                print(line("one friend reloading /z", r, cache) + "   (no one browses like this)", flush=True)
            rss = max(rss, r.server["rss"])
    out["rss"] = rss
    share = out["zone_nocache"]["rps"] / out["hello"]["rps"]
    print(f"{kind(url)}: zone page, no cache = {share:.1%} of hello (target ≥ 10%) · zone p99 "
          f"{ms(out['zone_nocache']['p99'])} at {args.concurrency} connections (target < 50 ms) · "
          f"server peak RSS {rss:.0f} MB (target < 200 MB)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--strangers", type=int, default=33, help="strangers among the viewers (default 33: 64 in all)")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=32)
    database_option(parser)
    json_option(parser)
    args = parser.parse_args()
    with scratch_database_sync(args.database_url) as url:
        write_json(args.json, measure(url, args))


if __name__ == "__main__":
    main()
