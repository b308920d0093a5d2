"""Where a Telegram `/post` goes: its time split, a cProfile of the process, and every statement it sends.

    .venv/bin/python bench/profile_telegram.py [--n 200] [--top 30] [--out /tmp/oz-telegram.prof]
                                               [--database-url postgresql+asyncpg://…]

The set-up of bench/telegram_roundtrip.py: the platform `openzone.bootstrap` builds, the real PTB
adapter long-polling a local fake Bot API in this process, one `/post public …` at a time. A first
pass without the profiler splits one round trip into Router.handle (of which the SQL trips) and the
rest (PTB, the adapter, HTTP both ways, the fake server); a second pass runs under cProfile (this
thread's CPU: the fake Bot API is in it, its rows are under tests/). Statements are tagged with
the update that sent them, inside Router.handle or outside it (the adapter's own).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import time
from collections import Counter
from typing import Any

import _util  # noqa: F401  (puts the repo on sys.path)
from _profiling import print_profile, print_statements
from _sql import TAG, Statements, shape
from _util import bench_settings, close_database, database_option, kind, ms, open_database, pct, platform
from telegram_roundtrip import POSTERS, FakeBotApi, measure, posters_for

from adapters.telegram import TelegramAdapter


async def run(args: argparse.Namespace) -> None:
    url = await open_database(args.database_url)
    fake = FakeBotApi()
    await fake.start()
    try:
        runtime = await platform(bench_settings(url))  # the built-in configuration, as telegram_roundtrip
        statements = Statements(record=True).attach(runtime.db.engine)
        handle, spent = runtime.router.handle, {"handle": 0.0, "sql": 0.0, "n": 0}
        counter = iter(range(1, 10**9))

        async def tagged(incoming: Any, bot_username: str | None = None) -> Any:
            token = TAG.set(f"{next(counter)} {incoming.text[:20]}")
            before, t0 = statements.snapshot(), time.perf_counter()
            try:
                return await handle(incoming, bot_username=bot_username)
            finally:
                spent["handle"] += time.perf_counter() - t0
                spent["sql"] += (statements.snapshot() - before).seconds
                spent["n"] += 1
                TAG.reset(token)

        runtime.router.handle = tagged  # type: ignore[method-assign]
        adapter = TelegramAdapter(runtime.router, fake.token, api_base_url=fake.base_url,
                                  file_base_url=fake.base_file_url, poll_timeout=10)
        await adapter.start()
        try:
            def text(i: int) -> str:
                return f"/post public profiled post {i}"

            def done(c: Any) -> bool:
                return "👍" in str(c.params.get("text"))

            marks = []

            def warmed() -> None:  # measure() warms up first (one update per poster); count from here
                spent.update(handle=0.0, sql=0.0, n=0)
                marks.append(statements.snapshot())

            first, _ = await measure(fake, args.n, text, done, warmed)
            split, sql = dict(spent), statements.snapshot() - marks[0]
            profiler = cProfile.Profile(time.thread_time)

            def profiled() -> None:
                statements.log.clear()
                profiler.enable()

            await measure(fake, args.n, text, done, profiled)
            profiler.disable()
            profiler.dump_stats(args.out)
        finally:
            await adapter.stop()
            await runtime.close()
    finally:
        await fake.stop()
        await close_database(url)
    print(f"{kind(url)} · Telegram /post, {args.n} updates one at a time, real PTB adapter, fake Bot API in-process")
    print(f"one round trip (update queued → first sendMessage arrives), without the profiler: p50 {ms(pct(first, 50))}")
    print(f"  Router.handle {ms(split['handle'] / split['n'])} on average, of which the SQL trips "
          f"{ms(split['sql'] / split['n'])}; {sql.per(args.n)} per /post (the adapter's own included)")
    print(f"  the rest (PTB, adapter, HTTP both ways, the fake server): about "
          f"{ms(pct(first, 50) - split['handle'] / split['n'])}")
    print_profile(args.out, args.top, "this thread's CPU: PTB, the adapter, the platform and the fake Bot API",
                  focus=("tests/", "telegram/"))
    print_statements(statements.by_tag(), args.top, unit="update")  # those inside Router.handle; the rest below
    outside = [sql for tag, sql, _params in statements.log if tag is None]
    print(f"  outside Router.handle (the adapter's own): {len(outside) / args.n:.1f} statements per update")
    for sql, times in Counter(shape(sql, 170) for sql in outside).most_common(args.top):
        print(f"    {times / args.n:5.1f} × {sql}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", default="/tmp/oz-telegram.prof")
    database_option(parser)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    POSTERS[0] = posters_for(2 * args.n)  # two passes of n (and their warm-ups) in one database
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
