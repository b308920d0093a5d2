"""Mixed chat commands through the handler layer on SQLite vs a bare SQLAlchemy insert+commit loop.

    .venv/bin/python bench/commands.py [--users 10000] [--commands 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import time

import _util  # noqa: F401  (puts the repo on sys.path)
from _util import bench_settings, ms, pct, peak_rss_mb, platform, temp_sqlite_url

from chat import Incoming, Sender
from handlers import Router
from sqlalchemy import Column, Integer, MetaData, String, Table, insert
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from storage import Database, upgrade


def seed(path: str, users: int, friends_each: int) -> None:
    """Accounts, console identities and friendships, written directly (setup is not measured)."""
    con = sqlite3.connect(path)
    now = "2026-01-01 00:00:00.000000"
    con.executemany(
        "INSERT INTO accounts (id, handle, display_name, bio, default_visibility, zone_visibility, link_epoch, created_at)"
        " VALUES (?, ?, ?, '', 'friends', 'public', 0, ?)",
        [(i, f"user{i}", f"User {i}", now) for i in range(1, users + 1)],
    )
    con.executemany(
        "INSERT INTO identities (platform, external_id, account_id, display_name, reachable) VALUES ('console', ?, ?, '', 1)",
        [(f"user{i}", i) for i in range(1, users + 1)],
    )
    rng = random.Random(1)
    pairs = set()
    for i in range(1, users + 1):
        for _ in range(friends_each // 2):
            j = rng.randint(1, users)
            if j != i:
                pairs.add((i, j))
                pairs.add((j, i))
    con.executemany("INSERT INTO friendships (account_id, friend_id) VALUES (?, ?)", sorted(pairs))
    con.commit()
    con.close()


async def run_commands(router: Router, users: int, count: int) -> list[float]:
    rng = random.Random(2)
    latencies: list[float] = []
    post_ids: list[int] = []
    for n in range(count):
        user = f"user{rng.randint(1, users)}"
        roll = rng.random()
        if roll < 0.4 or not post_ids:
            text = f"/post public benchmark post {n}"
        elif roll < 0.6:
            text = f"/comment {rng.choice(post_ids)} nice {n}"
        elif roll < 0.85:
            text = f"/like {rng.choice(post_ids)}"
        else:
            text = "/feed"
        start = time.perf_counter()
        replies = await router.handle(Incoming(Sender("console", user, user, user), text=text))
        latencies.append(time.perf_counter() - start)
        for r in replies:
            if r.post_id and text.startswith("/post"):
                post_ids.append(r.post_id)
                break
    return latencies


async def bare_loop(engine: AsyncEngine, count: int, table_name: str) -> list[float]:
    table = Table(table_name, MetaData(), Column("id", Integer, primary_key=True), Column("body", String(200)))
    async with engine.begin() as conn:
        await conn.run_sync(table.metadata.create_all)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    latencies = []
    for n in range(count):
        start = time.perf_counter()
        async with sessions() as session:
            await session.execute(insert(table).values(body=f"row {n}"))
            await session.commit()
        latencies.append(time.perf_counter() - start)
    return latencies


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--commands", type=int, default=3_000)
    args = parser.parse_args()
    url, path = temp_sqlite_url()
    db = Database(url)
    await upgrade(db.engine)
    seed(str(path), args.users, friends_each=20)
    # The platform as `openzone run` builds it: every guard and built-in limit in place.
    runtime = await platform(bench_settings(url), db=db, migrate=False)
    await run_commands(runtime.router, args.users, 200)  # warm caches and the connection pool

    t0 = time.perf_counter()
    lat = await run_commands(runtime.router, args.users, args.commands)
    mixed_rate = len(lat) / (time.perf_counter() - t0)
    # The baseline: plain SQLAlchemy async on stock aiosqlite, same file, same pragmas.
    stock = create_async_engine(url, connect_args={"timeout": 30})
    t0 = time.perf_counter()
    bare = await bare_loop(stock, args.commands, "bench_stock")
    bare_rate = len(bare) / (time.perf_counter() - t0)
    await stock.dispose()
    t0 = time.perf_counter()
    ours = await bare_loop(db.engine, args.commands, "bench_one_trip")
    ours_rate = len(ours) / (time.perf_counter() - t0)
    await runtime.close()

    print(f"users: {args.users:,}  commands: {args.commands:,} (40% /post, 20% /comment, 25% /like, 15% /feed)")
    print(f"mixed commands : {mixed_rate:8.0f} cmd/s   p50 {ms(pct(lat, 50))}   p99 {ms(pct(lat, 99))}")
    print(f"bare insert+commit (SQLAlchemy + stock aiosqlite): {bare_rate:8.0f} ops/s   p50 {ms(pct(bare, 50))}   p99 {ms(pct(bare, 99))}")
    print(f"bare insert+commit (our one-trip driver)         : {ours_rate:8.0f} ops/s   p50 {ms(pct(ours, 50))}   p99 {ms(pct(ours, 99))}")
    print(f"ratio: {mixed_rate / bare_rate:.0%} of the plain SQLAlchemy bare loop (target ≥ 50%); "
          f"{mixed_rate / ours_rate:.0%} of the same loop on our driver")
    print(f"peak RSS: {peak_rss_mb():.0f} MB (target < 250 MB)")


if __name__ == "__main__":
    asyncio.run(main())
