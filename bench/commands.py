"""Mixed chat commands through the handler layer vs a bare SQLAlchemy insert+commit loop.

    .venv/bin/python bench/commands.py [--users 10000] [--commands 3000] [--database-url postgresql+asyncpg://…]
                                       [--json FILE]

Statements and transaction ends per command are counted on the platform's engine (bench/_sql.py),
per kind of command, over the measured commands.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from datetime import datetime, timezone
from typing import Any

import _util  # noqa: F401  (puts the repo on sys.path)
from _sql import Snapshot, Statements
from _util import (
    Bulk, bench_settings, close_database, database_option, is_postgres, json_option, kind, ms, open_database, pct,
    peak_rss_mb, platform, write_json,
)

from chat import Incoming, Sender
from handlers import Router
from sqlalchemy import Column, Integer, MetaData, String, Table, event, insert
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from storage import Database, upgrade


async def seed(url: str, users: int, friends_each: int) -> None:
    """Accounts, console identities and friendships, written directly (setup is not measured)."""
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    rng = random.Random(1)
    pairs = set()
    for i in range(1, users + 1):
        for _ in range(friends_each // 2):
            j = rng.randint(1, users)
            if j != i:
                pairs.add((i, j))
                pairs.add((j, i))
    async with Bulk(url) as bulk:
        await bulk.insert("accounts", [(i, f"user{i}", f"User {i}", "", "friends", "public", 0, now)
                                       for i in range(1, users + 1)],
                          ["id", "handle", "display_name", "bio", "default_visibility", "zone_visibility", "link_epoch",
                           "created_at"])
        await bulk.insert("identities", [("console", f"user{i}", i, "", True) for i in range(1, users + 1)],
                          ["platform", "external_id", "account_id", "display_name", "reachable"])
        await bulk.insert("friendships", sorted(pairs), ["account_id", "friend_id"])


KINDS = ("/post", "/comment", "/like", "/feed")


async def run_commands(router: Router, users: int, count: int, statements: Statements | None = None,
                       per_kind: dict[str, tuple[int, Snapshot]] | None = None) -> list[float]:
    """`count` mixed commands; with `statements`, what each kind of command sent adds up in `per_kind`."""
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
        before = statements.snapshot() if statements else None
        start = time.perf_counter()
        replies = await router.handle(Incoming(Sender("console", user, user, user), text=text))
        latencies.append(time.perf_counter() - start)
        if statements is not None and before is not None and per_kind is not None:
            name = text.split()[0]
            n_kind, sum_kind = per_kind.get(name, (0, Snapshot()))
            spent = statements.snapshot() - before
            per_kind[name] = (n_kind + 1, Snapshot(sum_kind.statements + spent.statements,
                                                   sum_kind.commits + spent.commits,
                                                   sum_kind.rollbacks + spent.rollbacks))
        for r in replies:
            if r.post_id and text.startswith("/post"):
                post_ids.append(r.post_id)
                break
    return latencies


def _same_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """storage.database's pragmas for SQLite (its engine sets them on every connection it opens)."""
    cur = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


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
    database_option(parser)
    json_option(parser)
    args = parser.parse_args()
    url = await open_database(args.database_url)
    try:
        await measure(url, args)
    finally:
        await close_database(url)


async def measure(url: str, args: argparse.Namespace) -> None:
    db = Database(url)
    await upgrade(db.engine)
    await seed(url, args.users, friends_each=20)
    # The platform as `openzone run` builds it: every guard and built-in limit in place.
    runtime = await platform(bench_settings(url), db=db, migrate=False)
    await run_commands(runtime.router, args.users, 200)  # warm caches and the connection pool

    # The counting (two snapshots per command) costs microseconds: a separate pass keeps it off the timed one.
    t0 = time.perf_counter()
    lat = await run_commands(runtime.router, args.users, args.commands)
    mixed_rate = len(lat) / (time.perf_counter() - t0)
    per_kind: dict[str, tuple[int, Snapshot]] = {}
    await run_commands(runtime.router, args.users, min(args.commands, 1000), Statements().attach(db.engine), per_kind)
    baselines: list[tuple[str, float, list[float]]] = []
    if not is_postgres(url):
        # The baselines: plain SQLAlchemy async on stock aiosqlite, same file. First as a plain application
        # runs it (the figure): WAL stays with the file but synchronous is per connection, so it is
        # SQLite's default FULL, an fsync per commit. Then with our pragmas (synchronous=NORMAL): the same
        # durability as ours, so the fair comparison of the work, printed beside it.
        for name, pragmas in (("stock aiosqlite, default synchronous=FULL", False),
                              ("stock aiosqlite, our pragmas (synchronous=NORMAL)", True)):
            stock = create_async_engine(url, connect_args={"timeout": 30})
            if pragmas:
                event.listen(stock.sync_engine, "connect", _same_pragmas)
            t0 = time.perf_counter()
            bare = await bare_loop(stock, args.commands, "bench_stock_same" if pragmas else "bench_stock")
            baselines.append((f"SQLAlchemy + {name}", len(bare) / (time.perf_counter() - t0), bare))
            await stock.dispose()
    t0 = time.perf_counter()
    ours = await bare_loop(db.engine, args.commands, "bench_one_trip")
    label = "SQLAlchemy + asyncpg, our engine" if is_postgres(url) else "our one-trip driver"
    baselines.append((label, len(ours) / (time.perf_counter() - t0), ours))
    await runtime.close()

    print(f"{kind(url)} · users: {args.users:,}  commands: {args.commands:,} "
          "(40% /post, 20% /comment, 25% /like, 15% /feed)")
    print(f"mixed commands : {mixed_rate:8.0f} cmd/s   p50 {ms(pct(lat, 50))}   p99 {ms(pct(lat, 99))}")
    for name, rate, samples in baselines:
        print(f"bare insert+commit ({name}): {rate:8.0f} ops/s   p50 {ms(pct(samples, 50))}   "
              f"p99 {ms(pct(samples, 99))}")
    print(f"ratio: {mixed_rate / baselines[0][1]:.0%} of the plain SQLAlchemy bare loop (target ≥ 50%)"
          + (f"; {mixed_rate / baselines[1][1]:.0%} of it with our pragmas; {mixed_rate / baselines[2][1]:.0%} of the "
             "same loop on our driver" if len(baselines) > 1 else ""))
    counted = sum(n for n, _ in per_kind.values())
    every = Snapshot(*(sum(getattr(s, f) for _, s in per_kind.values()) for f in ("statements", "commits", "rollbacks")))
    print(f"per command ({counted:,} counted): {every.per(counted)}")
    for name in KINDS:
        if name in per_kind:
            n, spent = per_kind[name]
            print(f"  {name:<9} {spent.per(n)}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB (target < 250 MB)")
    write_json(args.json, {
        "database": kind(url), "commands": args.commands, "mixed_rate": mixed_rate, "p50": pct(lat, 50),
        "p99": pct(lat, 99), "bare_rate": baselines[0][1], "bare_label": baselines[0][0],
        "ratio": mixed_rate / baselines[0][1],
        "ratio_same_pragmas": mixed_rate / baselines[1][1] if len(baselines) > 2 else None, **every.as_dict(counted),
        "per_kind": {k: v.as_dict(n) for k, (n, v) in per_kind.items()}, "rss": peak_rss_mb(),
    })


if __name__ == "__main__":
    asyncio.run(main())
