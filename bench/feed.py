"""Feed latency with 1,000,000 posts and a reader with 500 friends, on SQLite; prints the plan.

    .venv/bin/python bench/feed.py [--posts 1000000] [--users 10000] [--friends 500]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import time

import _util  # noqa: F401  (puts the repo on sys.path)
from _util import ms, pct, peak_rss_mb, temp_sqlite_url

from core import privacy
from core.model import Account
from core.posts import service as posts
from sqlalchemy.dialects import sqlite
from storage import Database, upgrade
from storage.posts.repo import SqlPostRepo

READER = 1


def seed(path: str, n_posts: int, n_users: int, n_friends: int) -> None:
    """Bulk rows straight into SQLite: the reader's inbox holds every post of their friends."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    now = "2026-01-01 00:00:00.000000"
    rng = random.Random(7)
    con.executemany(
        "INSERT INTO accounts (id, handle, display_name, bio, default_visibility, zone_visibility, link_epoch, created_at)"
        " VALUES (?, ?, ?, '', 'friends', 'public', 0, ?)",
        [(i, f"user{i}", f"User {i}", now) for i in range(1, n_users + 1)],
    )
    friends = rng.sample(range(2, n_users + 1), n_friends)
    friend_set = set(friends)
    con.executemany("INSERT INTO friendships VALUES (?, ?)", [(READER, f) for f in friends] + [(f, READER) for f in friends])
    vis = ["public", "friends", "friends", "private"]
    batch, inbox = [], []
    for pid in range(1, n_posts + 1):
        author = rng.randint(1, n_users)
        batch.append((pid, author, "post", "", f"post {pid}", vis[pid % 4], None, None, "active", now, None, 0, 0, 0))
        if author in friend_set or author == READER:
            inbox.append((READER, pid, author))
        if len(batch) == 50_000:
            con.executemany("INSERT INTO posts VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            batch = []
    if batch:
        con.executemany("INSERT INTO posts VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
    con.executemany("INSERT INTO feed_items (owner_id, post_id, author_id) VALUES (?, ?, ?)", inbox)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    print(f"seeded {n_posts:,} posts by {n_users:,} users; reader has {n_friends} friends, {len(inbox):,} inbox rows")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--friends", type=int, default=500)
    parser.add_argument("--reads", type=int, default=2_000)
    args = parser.parse_args()
    url, path = temp_sqlite_url()
    db = Database(url)
    await upgrade(db.engine)
    t0 = time.perf_counter()
    seed(str(path), args.posts, args.users, args.friends)
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

    stmt = SqlPostRepo.feed_query(privacy.content_rule(privacy.Viewer(READER)), paged=True)
    sql = str(stmt.compile(dialect=sqlite.dialect()))
    con = sqlite3.connect(str(path))
    params = {"viewer_id": READER, "before": args.posts // 2, "limit": 10, "param_1": 0}
    compiled = stmt.compile(dialect=sqlite.dialect())
    values = [params.get(k, compiled.params.get(k)) for k in compiled.positiontup or []]
    plan = con.execute("EXPLAIN QUERY PLAN " + sql, values).fetchall()
    con.close()
    await db.dispose()

    print(f"feed page (10 posts, with authors and likes), first page : p50 {ms(pct(first, 50))}  p99 {ms(pct(first, 99))}")
    print(f"feed page at a random cursor                          : p50 {ms(pct(paged, 50))}  p99 {ms(pct(paged, 99))}")
    print(f"feed query alone at a random cursor                   : p50 {ms(pct(query_only, 50))}  p99 {ms(pct(query_only, 99))}")
    print("target: p99 < 5 ms on SQLite")
    print("query plan:")
    for row in plan:
        print("   ", row[-1])
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
