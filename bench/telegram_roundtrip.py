"""`/post` round trips through the real Telegram adapter vs a bare PTB echo bot, same fake Bot API.

    .venv/bin/python bench/telegram_roundtrip.py [--n 200] [--database-url postgresql+asyncpg://…] [--json FILE]

Measures the time from an update being queued at the fake server to the bot's sendMessage
arriving there (long polling, as in production). The OpenZone bot parses the command, writes
the post in one database transaction (SQLite, or PostgreSQL with --database-url), and sends two
messages (the confirmation and the post card with its buttons); the echo bot sends one message
and touches no database. Statements per /post are counted on the platform's engine (bench/_sql.py)
over the measured updates, the adapter's own included.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import _util  # noqa: F401  (puts the repo on sys.path)
from _sql import Snapshot, Statements
from _util import (
    bench_settings, database_option, json_option, kind, ms, pct, peak_rss_mb,
    platform, posters_for, scratch_database, write_json,
)

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
os.environ.setdefault("no_proxy", "127.0.0.1,localhost")
os.environ.setdefault("PTB_TIMEDELTA", "true")

from telegram import Update  # noqa: E402
from telegram.ext import Application, ContextTypes, MessageHandler, filters  # noqa: E402

from adapters.telegram import TelegramAdapter  # noqa: E402
from tests.adapters.telegram.fake_bot_api import Call, FakeBotApi  # noqa: E402

POSTERS = [20]
"""How many people take turns to post (first user id 1000): enough that none passes the built-in
limits (a new account may post 30 times an hour), so the platform runs as configured out of the box
and each person's rate-limit window holds what a real person's would. The warm-up is one update
from each of them, so their accounts exist before the measured ones."""


async def measure(fake: FakeBotApi, n: int, text: Callable[[int], str],
                  done: Callable[[Call], bool], warmed: Callable[[], None] = lambda: None,
                  ) -> tuple[list[float], list[float]]:
    """Round trips to the first and to the last (`done`) message of each reply; `warmed` runs after the warm-up."""
    first: list[float] = []
    last: list[float] = []
    warmup = POSTERS[0]
    cpu = 0.0
    for i in range(-warmup, n):
        if i == 0:
            warmed()
            cpu = time.process_time()
        since = len(fake.calls)
        started = time.perf_counter()
        user = 1000 + (i + warmup) % POSTERS[0]
        fake.push_update(fake.text_message(user, text(i), username=f"bench{user}"))
        await fake.wait_for_call("sendMessage", since=since)
        got_first = time.perf_counter()
        await fake.wait_for_call("sendMessage", done, since=since)
        if i >= 0:
            first.append(got_first - started)
            last.append(time.perf_counter() - started)
    CPU.append((time.process_time() - cpu) / max(n, 1))
    return first, last


HANDLE_TIMES: list[float] = []
CPU: list[float] = []
"""CPU seconds per measured update, this process's threads together (the bot, the fake Bot API, the
database's thread): a figure a busy machine moves far less than the wall-clock round trips."""
DATABASE = {"server": "", "kind": "SQLite"}  # --database-url, and what the figures are labelled
COUNTED: list[Snapshot] = []  # statements over the measured /post updates


async def run_openzone(fake: FakeBotApi, n: int) -> tuple[list[float], list[float]]:
    async with scratch_database(DATABASE["server"]) as url:
        DATABASE["kind"] = kind(url)
        return await _run_openzone(fake, n, url)


async def _run_openzone(fake: FakeBotApi, n: int, url: str) -> tuple[list[float], list[float]]:
    runtime = await platform(bench_settings(url))  # the built-in configuration, no limit lifted
    statements = Statements().attach(runtime.db.engine)
    handle = runtime.router.handle

    async def timed_handle(incoming: Any, bot_username: str | None = None) -> Any:
        # Time the handler layer (parse, one database transaction) to separate it from the adapter.
        started = time.perf_counter()
        try:
            return await handle(incoming, bot_username=bot_username)
        finally:
            HANDLE_TIMES.append(time.perf_counter() - started)

    runtime.router.handle = timed_handle  # type: ignore[method-assign]
    adapter = TelegramAdapter(runtime.router, fake.token, api_base_url=fake.base_url,
                              file_base_url=fake.base_file_url, poll_timeout=10)
    await adapter.start()
    try:
        COUNTED.append(statements.snapshot())
        result = await measure(fake, n, lambda i: f"/post public benchmark post {i}",
                               lambda c: "👍" in str(c.params.get("text")),
                               warmed=lambda: COUNTED.__setitem__(0, statements.snapshot()))
        COUNTED.append(statements.snapshot() - COUNTED[0])
        return result
    finally:
        await adapter.stop()
        await runtime.close()


async def run_echo(fake: FakeBotApi, n: int) -> tuple[list[float], list[float]]:
    async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(update.effective_message.text or "")

    app = (Application.builder().token(fake.token).base_url(fake.base_url)
           .base_file_url(fake.base_file_url).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=10)
    try:
        return await measure(fake, n, lambda i: f"/post public benchmark post {i}", lambda c: True)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


def row(name: str, samples: list[float]) -> str:
    return f"{name:<34} p50 {ms(pct(samples, 50)):>10}   p99 {ms(pct(samples, 99)):>10}"


async def main(n: int, json_path: str = "") -> None:
    logging.basicConfig(level=logging.WARNING)
    results: dict[str, tuple[list[float], list[float]]] = {}
    runs: dict[str, Callable[[FakeBotApi, int], Awaitable[tuple[list[float], list[float]]]]] = {
        "echo": run_echo, "openzone": run_openzone}
    for name, run in runs.items():
        fake = FakeBotApi()  # a fresh server per bot: no queued updates or history carried over
        await fake.start()
        try:
            results[name] = await run(fake, n)
        finally:
            await fake.stop()
    echo, _ = results["echo"]
    oz_first, oz_card = results["openzone"]
    print(f"Telegram round trip, {n} updates each (after {POSTERS[0]} warm-up) from {POSTERS[0]} people taking turns, "
          f"long polling, fake Bot API on loopback, {DATABASE['kind']}")
    print(row("bare PTB echo bot (1 message)", echo))
    print(row("OpenZone /post → first message", oz_first))
    print(row("OpenZone /post → post card (2nd)", oz_card))
    handled = HANDLE_TIMES[POSTERS[0]:]
    print(row(f"  of which Router.handle ({DATABASE['kind']})", handled))
    print(f"adapter + PTB + HTTP alone (p50 first message − p50 Router.handle): "
          f"{ms(pct(oz_first, 50) - pct(handled, 50))} vs echo {ms(pct(echo, 50))}")
    print(f"ratio to echo (p50, first message): {pct(oz_first, 50) / pct(echo, 50):.2f}×   "
          f"(p99: {pct(oz_first, 99) / pct(echo, 99):.2f}×; whole reply p50: {pct(oz_card, 50) / pct(echo, 50):.2f}×)"
          "   (target ≤ 2×)")
    echo_cpu, oz_cpu = CPU[0], CPU[1]
    print(f"CPU per update (bot + fake Bot API + database thread): echo {ms(echo_cpu)}, OpenZone {ms(oz_cpu)} "
          f"({oz_cpu / echo_cpu:.2f}×)")
    sql = COUNTED[-1]
    print(f"per /post: {sql.per(n)} ({DATABASE['kind']}); peak RSS {peak_rss_mb():.0f} MB")
    write_json(json_path, {
        "database": DATABASE["kind"], "n": n, "echo_p50": pct(echo, 50), "first_p50": pct(oz_first, 50),
        "first_p99": pct(oz_first, 99), "card_p50": pct(oz_card, 50), "handle_p50": pct(handled, 50),
        "ratio": pct(oz_first, 50) / pct(echo, 50),
        "echo_cpu": echo_cpu, "cpu": oz_cpu, **sql.as_dict(n), "rss": peak_rss_mb(),
    })


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="updates per bot (default 200)")
    database_option(parser)
    json_option(parser)
    args = parser.parse_args()
    DATABASE["server"] = args.database_url
    POSTERS[0] = posters_for(args.n)
    asyncio.run(main(args.n, args.json))
