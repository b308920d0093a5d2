"""Cost as the work grows: feed and zone page latency at 1,000, 100,000 and 1,000,000 posts.

    .venv/bin/python bench/feed.py [--sizes 1000,100000,1000000] [--users 10000] [--friends 500]
                                   [--reads 1000] [--pages 300] [--zone-seconds 60]
                                   [--database-url postgresql+asyncpg://…] [--json FILE]

For each size a fresh database (a temp SQLite file, or a scratch database on --database-url's
PostgreSQL server) gets that many posts by 10,000 people, written in bulk (executemany on
SQLite, COPY on PostgreSQL; the seeding time is printed). The reader has 500 friends; one of them,
@user2, wrote a tenth of all posts (100,000 at the largest size), so her zone grows with the
database. Measured, one at a time:

- the reader's feed (core's `feed`: 10 posts with authors, like state and counts), first page
  and at random cursors, and the feed statement alone;
- @user2's zone page as the reader sees it (GET /z/user2?before=ID at random cursors, page cache
  off), served in this process by the platform `openzone.bootstrap` built, through the session
  cookie her signed link gives: 300 pages, or fewer when they are slow (`--zone-seconds`; the count
  is printed).

Target: feed p99 < 5 ms at 1,000,000 posts, on SQLite and on PostgreSQL; both curves flat.

On a shared machine a p99 is mostly other processes: for the slowest 1% of the pages at a cursor
it prints how much of their time the loop's thread and its PostgreSQL backend (a local server)
spent runnable but waiting for a CPU (/proc/…/schedstat); what is left is the statement's work.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import _util  # noqa: F401  (puts the repo on sys.path)
from _load import client, free_port, open_links
from _util import (
    Bulk, bench_settings, close_database, database_option, is_postgres, json_option, kind, ms, open_database, pct,
    peak_rss_mb, platform, sqlite_path, write_json,
)
from aiohttp import web

from adapters.web import markdown
from core import privacy
from core.model import Account
from core.posts import service as posts
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from storage import Database, upgrade
from storage.posts.repo import SqlPostRepo

READER, ZONE = 1, 2  # the reader, and the friend whose zone grows
POST_COLUMNS = ["id", "author_id", "kind", "title", "body", "visibility", "circle_id", "shared_post_id", "status",
                "created_at", "edited_at", "like_count", "comment_count", "share_count", "body_html"]
# A body's HTML as /post stores it (openzone wires this renderer into core), without its cache: the zone pages
# are served in this process, and must not find the bodies rendered there already.
RENDER = lambda body: markdown.STAMP + markdown.render.__wrapped__(body)  # noqa: E731 - markdown.for_storage uncached


async def seed(url: str, n_posts: int, n_users: int, n_friends: int) -> int:
    """Bulk rows straight into the database; the reader's inbox holds every post of their friends. Returns its size."""
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    rng = random.Random(7)
    friends = [ZONE] + rng.sample(range(3, n_users + 1), n_friends - 1)
    friend_set = set(friends)
    vis = ["public", "friends", "friends", "private"]
    inbox = 0
    async with Bulk(url) as bulk:
        await bulk.insert("accounts", [(i, f"user{i}", f"User {i}", "", "friends", "public", 0, start)
                                       for i in range(1, n_users + 1)],
                          ["id", "handle", "display_name", "bio", "default_visibility", "zone_visibility", "link_epoch",
                           "created_at"])
        await bulk.insert("friendships", [(READER, f) for f in friends] + [(f, READER) for f in friends],
                          ["account_id", "friend_id"])
        for first in range(1, n_posts + 1, 50_000):
            batch: list[tuple[Any, ...]] = []
            items: list[tuple[int, int, int]] = []
            for pid in range(first, min(first + 50_000, n_posts + 1)):
                author = ZONE if pid % 10 == 0 else rng.randint(3, n_users)
                body = f"post {pid}"
                batch.append((pid, author, "post", "", body, vis[pid % 4], None, None, "active",
                              start + timedelta(seconds=pid), None, 0, 0, 0, RENDER(body)))
                if author in friend_set:
                    items.append((READER, pid, author))
            await bulk.insert("posts", batch, POST_COLUMNS)
            await bulk.insert("feed_items", items, ["owner_id", "post_id", "author_id"])
            inbox += len(items)
    return inbox


async def query_plan(db: Database, url: str, before: int) -> list[str]:
    """How the database runs the paged feed statement (EXPLAIN QUERY PLAN / EXPLAIN), its values written in."""
    stmt = SqlPostRepo.feed_query(privacy.content_rule(privacy.Viewer(READER)), paged=True)
    # Every value rendered into the text (the LIMIT is already: literal_execute, storage.posts.statements.feed).
    sql = str(stmt.params(viewer_id=READER, before=before, limit=10).compile(
        dialect=(postgresql.dialect() if is_postgres(url) else sqlite.dialect()), compile_kwargs={"literal_binds": True}))
    if not is_postgres(url):
        con = sqlite3.connect(sqlite_path(url))
        try:
            return [row[-1] for row in con.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
        finally:
            con.close()
    async with db.engine.connect() as conn:
        return [row[0] for row in (await conn.exec_driver_sql("EXPLAIN " + sql)).all()]


def _waiting(pids: list[int]) -> float:
    """Seconds this thread and the processes `pids` have spent runnable but waiting for a CPU (Linux schedstat)."""
    paths = [Path("/proc/thread-self/schedstat"), *(Path(f"/proc/{pid}/schedstat") for pid in pids)]
    try:
        return sum(int(path.read_text().split()[1]) for path in paths) / 1e9
    except (OSError, IndexError, ValueError):
        return float("nan")


async def _backend(db: Database, url: str) -> list[int]:
    """The PostgreSQL server process behind the connection the reads will use (pooled LIFO, one at a time), when local."""
    if not is_postgres(url) or make_url(url).host not in ("127.0.0.1", "localhost"):
        return []
    async with db.engine.connect() as conn:
        pid = (await conn.exec_driver_sql("SELECT pg_backend_pid()")).scalar()
    try:
        return [pid] if Path(f"/proc/{pid}/comm").read_text().strip() == "postgres" else []
    except OSError:
        return []


async def feed_reads(db: Database, url: str, n_posts: int, reads: int) -> dict[str, list[float]]:
    """Timed feed reads; `waited` holds, for each page at a cursor, how long of it was spent waiting for a CPU
    (this thread and its PostgreSQL backend): a slow page that waited is the machine, not the statement."""
    async with db.uow() as uow:
        reader = await uow.accounts.get(READER)
    assert isinstance(reader, Account)
    pids = await _backend(db, url)
    rng = random.Random(3)
    got: dict[str, list[float]] = {"first": [], "paged": [], "query": [], "waited": []}
    for _ in range(reads):
        async with db.uow() as uow:
            start = time.perf_counter()
            page = await posts.feed(uow, reader)
            got["first"].append(time.perf_counter() - start)
            before = rng.randint(1, n_posts)
            waited = _waiting(pids)
            start = time.perf_counter()
            await posts.feed(uow, reader, before=before)
            got["paged"].append(time.perf_counter() - start)
            got["waited"].append(_waiting(pids) - waited)
            start = time.perf_counter()
            await uow.posts.feed(READER, privacy.content_rule(privacy.Viewer(READER)), before=before, limit=10)
            got["query"].append(time.perf_counter() - start)
    assert len(page) == 10
    return got


def slowest_waited(got: dict[str, list[float]]) -> tuple[float, float]:
    """The slowest 1% of the pages at a cursor: their mean time, and how much of it was waiting for a CPU."""
    slow = sorted(zip(got["paged"], got["waited"]), reverse=True)[:max(1, len(got["paged"]) // 100)]
    return sum(t for t, _ in slow) / len(slow), sum(w for _, w in slow) / len(slow)


async def zone_reads(runtime: Any, n_posts: int, pages: int, budget: float) -> list[float]:
    """@user2's zone page for the reader at random cursors, over HTTP from this process, one at a time:
    `pages` of them, or as many as `budget` seconds allow (at least 20) when each page is slow."""
    async with runtime.db.uow() as uow:
        reader, owner = await uow.accounts.get(READER), await uow.accounts.get(ZONE)
    link = runtime.services.zone_url(reader, owner, runtime.clock.now())
    runner = web.AppRunner(runtime.web_app(page_ttl=0.0), access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    base, rng, latencies = f"http://127.0.0.1:{port}", random.Random(4), []
    try:
        (cookie,) = await open_links(base, [link[link.index("/z/"):]])
        async with client(1) as s:
            deadline = time.perf_counter() + budget
            for n in range(pages + 20):
                if n >= 40 and time.perf_counter() > deadline:
                    break
                start = time.perf_counter()
                async with s.get(f"{base}/z/user{ZONE}?before={rng.randint(1, n_posts + 1)}",
                                 headers={"Cookie": f"oz_session={cookie}"}) as r:
                    await r.read()
                    if r.status != 200:
                        raise RuntimeError(f"zone page: HTTP {r.status}")
                if n >= 20:  # after a warm-up
                    latencies.append(time.perf_counter() - start)
    finally:
        await runner.cleanup()
    return latencies


async def one_size(server_url: str, n_posts: int, args: argparse.Namespace) -> dict[str, Any]:
    url = await open_database(server_url)
    try:
        db = Database(url)
        await upgrade(db.engine)
        t0 = time.perf_counter()
        inbox = await seed(url, n_posts, args.users, args.friends)
        seeded = time.perf_counter() - t0
        print(f"  {n_posts:>9,} posts: seeded in {seeded:.1f} s (reader's inbox {inbox:,} rows, "
              f"@user{ZONE}'s zone {n_posts // 10:,} posts)", flush=True)
        got = await feed_reads(db, url, n_posts, args.reads)
        slow, waited = slowest_waited(got)
        del got["waited"]
        plan = await query_plan(db, url, n_posts // 2)
        runtime = await platform(bench_settings(url), db=db, migrate=False)
        try:
            got["zone"] = await zone_reads(runtime, n_posts, args.pages, args.zone_seconds)
        finally:
            await runtime.close()
    finally:
        await close_database(url)
    row = {"posts": n_posts, "seed_s": seeded, "plan": plan, "zone_pages": len(got["zone"]), "slowest_1pct": slow,
           "slowest_1pct_waiting": waited}
    for name, samples in got.items():
        row[f"{name}_p50"], row[f"{name}_p99"] = pct(samples, 50), pct(samples, 99)
    row["feed_p99"] = max(row["first_p99"], row["paged_p99"])
    print(f"            feed first page p50 {ms(row['first_p50'])} p99 {ms(row['first_p99'])} · at a random cursor "
          f"p50 {ms(row['paged_p50'])} p99 {ms(row['paged_p99'])} · statement alone p99 {ms(row['query_p99'])} · "
          f"zone page ({row['zone_pages']}) p50 {ms(row['zone_p50'])} p99 {ms(row['zone_p99'])}"
          f"\n            slowest 1% of the pages at a cursor: {ms(slow)} on average, of which {ms(waited)} waiting for a "
          f"CPU (the loop's thread{' and its PostgreSQL backend' if is_postgres(url) else ''}, Linux schedstat): the rest is "
          "the work", flush=True)
    return row


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000,1000000", help="post counts, comma-separated")
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--friends", type=int, default=500)
    parser.add_argument("--reads", type=int, default=1_000, help="feed reads per size")
    parser.add_argument("--pages", type=int, default=300, help="zone pages per size")
    parser.add_argument("--zone-seconds", type=float, default=60.0,
                        help="stop the zone pages of a size after this long (once 20 are timed)")
    database_option(parser)
    json_option(parser)
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    label = kind(args.database_url or "sqlite")
    print(f"{label} · reader with {args.friends} friends among {args.users:,} people · {args.reads:,} feed reads "
          f"and {args.pages} zone pages per size, one at a time")
    rows = [await one_size(args.database_url, n, args) for n in sizes]
    print(f"\n{label}: the curve, p50 / p99 (flat is the target; feed page p99 < 5 ms at 1,000,000 posts)")
    print(f"  {'posts':>9}  {'seeding':>8}  {'feed page (worse of first, cursor)':>36}  {'feed statement':>22}  "
          f"{'zone page':>22}")
    for r in rows:
        feed50 = max(r["first_p50"], r["paged_p50"])
        print(f"  {r['posts']:>9,}  {r['seed_s']:>6.1f} s  {ms(feed50) + ' / ' + ms(r['feed_p99']):>36}  "
              f"{ms(r['query_p50']) + ' / ' + ms(r['query_p99']):>22}  {ms(r['zone_p50']) + ' / ' + ms(r['zone_p99']):>22}")
    print(f"query plan of the paged feed at {rows[-1]['posts']:,} posts:")
    for line in rows[-1]["plan"]:
        print("   ", line)
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    write_json(args.json, {"database": label, "sizes": rows, "rss": peak_rss_mb()})


if __name__ == "__main__":
    asyncio.run(main())
