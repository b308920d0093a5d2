"""Feed latency with 1,000,000 posts and a reader with 500 friends, on SQLite or PostgreSQL; prints the plan.

    .venv/bin/python bench/feed.py [--posts 1000000] [--users 10000] [--friends 500] [--database-url postgresql+asyncpg://…]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import time
from datetime import datetime, timezone
from typing import Any

import _util  # noqa: F401  (puts the repo on sys.path)
from _util import Bulk, close_database, database_option, is_postgres, kind, ms, open_database, pct, peak_rss_mb, sqlite_path

from core import privacy
from core.model import Account
from core.posts import service as posts
from sqlalchemy.dialects import postgresql, sqlite
from storage import Database, upgrade
from storage.posts.repo import SqlPostRepo

READER = 1


POST_COLUMNS = ["id", "author_id", "kind", "title", "body", "visibility", "circle_id", "shared_post_id", "status",
                "created_at", "edited_at", "like_count", "comment_count", "share_count"]


async def seed(url: str, n_posts: int, n_users: int, n_friends: int) -> None:
    """Bulk rows straight into the database: the reader's inbox holds every post of their friends."""
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    rng = random.Random(7)
    friends = rng.sample(range(2, n_users + 1), n_friends)
    friend_set = set(friends)
    vis = ["public", "friends", "friends", "private"]
    async with Bulk(url) as bulk:
        await bulk.insert("accounts", [(i, f"user{i}", f"User {i}", "", "friends", "public", 0, now)
                                       for i in range(1, n_users + 1)],
                          ["id", "handle", "display_name", "bio", "default_visibility", "zone_visibility", "link_epoch",
                           "created_at"])
        await bulk.insert("friendships", [(READER, f) for f in friends] + [(f, READER) for f in friends],
                          ["account_id", "friend_id"])
        batch: list[tuple[Any, ...]] = []
        inbox: list[tuple[int, int, int]] = []
        for pid in range(1, n_posts + 1):
            author = rng.randint(1, n_users)
            batch.append((pid, author, "post", "", f"post {pid}", vis[pid % 4], None, None, "active", now, None, 0, 0, 0))
            if author in friend_set or author == READER:
                inbox.append((READER, pid, author))
            if len(batch) == 50_000:
                await bulk.insert("posts", batch, POST_COLUMNS)
                batch = []
        if batch:
            await bulk.insert("posts", batch, POST_COLUMNS)
        await bulk.insert("feed_items", inbox, ["owner_id", "post_id", "author_id"])
    print(f"seeded {n_posts:,} posts by {n_users:,} users; reader has {n_friends} friends, {len(inbox):,} inbox rows")


async def query_plan(db: Database, url: str, before: int) -> list[str]:
    """How the database runs the paged feed statement (EXPLAIN QUERY PLAN / EXPLAIN)."""
    stmt = SqlPostRepo.feed_query(privacy.content_rule(privacy.Viewer(READER)), paged=True)
    params = {"viewer_id": READER, "before": before, "limit": 10, "param_1": 0}
    if not is_postgres(url):
        compiled = stmt.compile(dialect=sqlite.dialect())
        values = [params.get(k, compiled.params.get(k)) for k in compiled.positiontup or []]
        con = sqlite3.connect(sqlite_path(url))
        try:
            return [row[-1] for row in con.execute("EXPLAIN QUERY PLAN " + str(compiled), values).fetchall()]
        finally:
            con.close()
    compiled = stmt.compile(dialect=postgresql.psycopg2.dialect())  # %(name)s placeholders, filled in below

    def literal(value: object) -> str:
        return str(value) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"

    sql = str(compiled) % {k: literal(params.get(k, v)) for k, v in compiled.params.items()}
    async with db.engine.connect() as conn:
        return [row[0] for row in (await conn.exec_driver_sql("EXPLAIN " + sql)).all()]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--friends", type=int, default=500)
    parser.add_argument("--reads", type=int, default=2_000)
    database_option(parser)
    args = parser.parse_args()
    url = await open_database(args.database_url)
    try:
        await measure(url, args)
    finally:
        await close_database(url)


async def measure(url: str, args: argparse.Namespace) -> None:
    db = Database(url)
    await upgrade(db.engine)
    t0 = time.perf_counter()
    await seed(url, args.posts, args.users, args.friends)
    print(f"seed time: {time.perf_counter() - t0:.1f} s")

    async with db.uow() as uow:
        reader = await uow.accounts.get(READER)
    assert isinstance(reader, Account)
    rng = random.Random(3)
    first, paged, query_only = [], [], []
    for n in range(args.reads):
        async with db.uow() as uow:
            start = time.perf_counter()
            page = await posts.feed(uow, reader)
            first.append(time.perf_counter() - start)
            before = rng.randint(1, args.posts)
            start = time.perf_counter()
            await posts.feed(uow, reader, before=before)
            paged.append(time.perf_counter() - start)
            start = time.perf_counter()
            await uow.posts.feed(READER, privacy.content_rule(privacy.Viewer(READER)), before=before, limit=10)
            query_only.append(time.perf_counter() - start)
    assert len(page) == 10
    plan = await query_plan(db, url, args.posts // 2)
    await db.dispose()

    print(f"{kind(url)}")
    print(f"feed page (10 posts, with authors and likes), first page : p50 {ms(pct(first, 50))}  p99 {ms(pct(first, 99))}")
    print(f"feed page at a random cursor                          : p50 {ms(pct(paged, 50))}  p99 {ms(pct(paged, 99))}")
    print(f"feed query alone at a random cursor                   : p50 {ms(pct(query_only, 50))}  p99 {ms(pct(query_only, 99))}")
    print("target: p99 < 5 ms on SQLite")
    print("query plan:")
    for row in plan:
        print("   ", row)
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
