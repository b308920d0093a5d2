"""`/post` round trips through the real QQ adapter vs a bare OneBot echo bot, same fake OneBot v11.

    .venv/bin/python bench/qq_roundtrip.py [--n 200] [--mode forward|reverse] [--database-url postgresql+asyncpg://…] [--json FILE]

Measures the time from a message event leaving the fake OneBot implementation to the bot's
`send_private_msg` arriving there, over a real loopback WebSocket. The OpenZone bot parses the
command, writes the post in one database transaction (SQLite, or PostgreSQL with --database-url),
sends the card and notes its numbered choices (they ride on the next transaction); the echo bot (aiohttp, the same protocol,
no database) sends the text back. The platform runs the built-in configuration, no limit lifted:
like the Telegram benchmark, 20 or more people take turns to post, so none passes a new account's
30 posts an hour. Statements per /post are counted on the platform's engine (bench/_sql.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
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

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

from adapters.qq import QQAdapter  # noqa: E402
from tests.adapters.qq.fake_onebot import FakeOneBot  # noqa: E402

POSTERS = [20]
"""How many people take turns (user ids from 1000; see telegram_roundtrip.POSTERS). The warm-up is
one message from each, so their accounts exist before the measured ones."""
TOKEN = "bench-onebot-token-0123456789"
PATH = "/onebot/v11/ws"


async def measure(fake: FakeOneBot, n: int, done: Callable[[], Awaitable[None]],
                  warmed: Callable[[], None] = lambda: None) -> list[float]:
    samples: list[float] = []
    warmup = POSTERS[0]
    for i in range(-warmup, n):
        if i == 0:
            warmed()
        user = 1000 + (i + warmup) % POSTERS[0]
        since = len(fake.calls)
        started = time.perf_counter()
        await fake.push(fake.private(user, f"/post public benchmark post {i}", f"bench{user}"))
        # This person's answer (not a late one to the person before).
        await fake.wait_for_call("send_private_msg", lambda c, to=user: int(c.params.get("user_id", 0)) == to,
                                 since=since)
        if i >= 0:
            samples.append(time.perf_counter() - started)
        await done()
    return samples


HANDLE_TIMES: list[float] = []
DATABASE = {"server": "", "kind": "SQLite"}  # --database-url, and what the figures are labelled
COUNTED: list[Snapshot] = []  # statements over the measured /post messages


async def run_openzone(fake: FakeOneBot, n: int, mode: str) -> list[float]:
    async with scratch_database(DATABASE["server"]) as url:
        DATABASE["kind"] = kind(url)
        return await _run_openzone(fake, n, mode, url)


async def _run_openzone(fake: FakeOneBot, n: int, mode: str, url: str) -> list[float]:
    runtime = await platform(bench_settings(url))  # the built-in configuration, no limit lifted
    statements = Statements().attach(runtime.db.engine)
    handle = runtime.router.handle

    async def timed_handle(incoming: Any, bot_username: str | None = None) -> Any:
        started = time.perf_counter()
        try:
            return await handle(incoming, bot_username=bot_username)
        finally:
            HANDLE_TIMES.append(time.perf_counter() - started)

    runtime.router.handle = timed_handle  # type: ignore[method-assign]
    adapter = QQAdapter(runtime.router, mode=mode, ws_url=fake.ws_url, access_token=TOKEN, self_id=str(fake.self_id))
    runner: web.AppRunner | None = None
    await adapter.start()
    try:
        if mode == "reverse":
            app = runtime.web_app()
            app.router.add_get(PATH, adapter.accept)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            await fake.connect(f"ws://127.0.0.1:{port}{PATH}")
        await adapter.links.up.wait()
        COUNTED.append(statements.snapshot())
        samples = await measure(fake, n, adapter.drain, warmed=lambda: COUNTED.__setitem__(0, statements.snapshot()))
        COUNTED.append(statements.snapshot() - COUNTED[0])
        return samples
    finally:
        await fake.disconnect()
        await adapter.stop()
        if runner is not None:
            await runner.cleanup()
        await runtime.close()


async def run_echo(fake: FakeOneBot, n: int, mode: str) -> list[float]:
    """A bare OneBot bot: every private message is sent straight back (forward connection)."""
    session = aiohttp.ClientSession()
    ws = await session.ws_connect(fake.ws_url, headers={"Authorization": f"Bearer {TOKEN}"})
    echoes = 0

    async def read() -> None:
        nonlocal echoes
        async for frame in ws:
            event = json.loads(frame.data)
            if event.get("post_type") == "message":
                echoes += 1
                await ws.send_str(json.dumps({"action": "send_private_msg", "echo": str(echoes), "params": {
                    "user_id": event["user_id"], "message": event["message"]}}))

    reader = asyncio.create_task(read())

    async def nothing() -> None:
        return None

    try:
        await fake.wait_connected()
        return await measure(fake, n, nothing)
    finally:
        reader.cancel()
        await ws.close()
        await session.close()


def row(name: str, samples: list[float]) -> str:
    return f"{name:<36} p50 {ms(pct(samples, 50)):>10}   p99 {ms(pct(samples, 99)):>10}"


async def main(n: int, mode: str, json_path: str = "") -> None:
    logging.basicConfig(level=logging.WARNING)
    results: dict[str, list[float]] = {}
    for name, run in {"echo": run_echo, "openzone": run_openzone}.items():
        fake = FakeOneBot(token=TOKEN)  # a fresh implementation per bot: no history carried over
        await fake.start()
        try:
            results[name] = await run(fake, n, mode)
        finally:
            await fake.stop()
    echo, oz = results["echo"], results["openzone"]
    handled = HANDLE_TIMES[POSTERS[0]:]
    print(f"QQ round trip, {n} message events each (after {POSTERS[0]} warm-up) from {POSTERS[0]} people taking "
          f"turns, OneBot v11 over a loopback WebSocket (OpenZone {mode}, echo forward), fake implementation, "
          f"{DATABASE['kind']}")
    print(row("bare OneBot echo bot (1 message)", echo))
    print(row("OpenZone /post → first reply (card)", oz))
    print(row(f"  of which Router.handle ({DATABASE['kind']})", handled))
    print(f"adapter + protocol alone (p50 first reply − p50 Router.handle): "
          f"{ms(pct(oz, 50) - pct(handled, 50))} vs echo {ms(pct(echo, 50))}")
    print(f"ratio to echo (p50): {pct(oz, 50) / pct(echo, 50):.2f}×   (p99: {pct(oz, 99) / pct(echo, 99):.2f}×)")
    sql = COUNTED[-1]
    print(f"per /post: {sql.per(n)} ({DATABASE['kind']}); peak RSS {peak_rss_mb():.0f} MB")
    write_json(json_path, {
        "database": DATABASE["kind"], "n": n, "echo_p50": pct(echo, 50), "first_p50": pct(oz, 50),
        "first_p99": pct(oz, 99), "handle_p50": pct(handled, 50), "ratio": pct(oz, 50) / pct(echo, 50),
        **sql.as_dict(n), "rss": peak_rss_mb(),
    })


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="message events per bot (default 200)")
    parser.add_argument("--mode", choices=("forward", "reverse"), default="reverse", help="OpenZone's connection mode")
    database_option(parser)
    json_option(parser)
    args = parser.parse_args()
    DATABASE["server"] = args.database_url
    POSTERS[0] = posters_for(args.n)
    asyncio.run(main(args.n, args.mode, args.json))
