"""Slash-command round trips through the real discord.py client: our adapter vs a bare client.

    .venv/bin/python bench/discord_roundtrip.py [--n 200] [--database-url postgresql+asyncpg://…] [--json FILE]
                                                [--profile /tmp/oz-discord.prof [--top 30]]

Each sample dispatches one INTERACTION_CREATE (`/post hello`) from the local fake Discord and
times until the fake receives the answer: the interaction callback, which carries the post
card ("Posted #N" beside it) in one message. The bare client answers the same interaction with
a fixed message from a plain app command, so the ratio is what OpenZone adds (handler, one
database transaction, rendering) on top of discord.py. Target: ≤ 2× the bare client.
Statements per /post are counted on the platform's engine (bench/_sql.py) over the measured ones.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

import _util  # noqa: F401  (puts the repo on sys.path)
from _profiling import print_profile
from _sql import Snapshot, Statements
from _util import (
    bench_settings, database_option, json_option, kind, ms, pct, peak_rss_mb,
    platform, scratch_database, write_json,
)

from adapters.discord import DiscordAdapter, discord
from chat import Incoming, Reply
from chat.messages import reply
from tests.adapters.discord.fake_discord import FakeDiscord, option, patch_discord_base

GUILD, CHANNEL = 730000000000000001, 730000000000000002
USERS = 20
"""People taking turns (set from --n in main): none passes the built-in limits (30 posts an hour for a
new account), so the platform runs as configured out of the box."""
Sample = tuple[float, float]  # (first response, complete)


async def roundtrips(fake: FakeDiscord, n: int, followups: int) -> list[Sample]:
    samples: list[Sample] = []
    for k in range(n):
        payload = fake.slash_command("post", user_id=1000 + k % USERS, guild_id=GUILD,
                                     options=[option("text", f"hello {k}")])
        # Compiled before the clock starts: each interaction's id makes a new pattern (re's cache never hits),
        # and compiling it inside the window added ~8% to the bare client's time and ours alike.
        callback = re.compile(rf"/interactions/{payload['id']}/[^/]+/callback")
        webhook = re.compile(rf"/webhooks/\d+/{payload['token']}")
        start = len(fake.calls)
        t0 = time.perf_counter()
        await fake.dispatch("INTERACTION_CREATE", payload)
        await fake.wait_for_call("POST", callback, start=start)
        first = time.perf_counter() - t0
        if followups:
            await fake.wait_for_call("POST", webhook, start=start)
        samples.append((first, time.perf_counter() - t0))
    return samples


class FixedAnswers:
    """The adapter's own cost: the bootstrapped router's registry, every message answered at once."""

    def __init__(self, router: Any) -> None:
        self.services = router.services  # the same registry, so the same slash commands are synced

    async def handle(self, incoming: Incoming, bot_username: str | None = None) -> list[Reply]:
        return [reply("Posted.")]


DATABASE = {"server": "", "kind": "SQLite"}  # --database-url, and what the figures are labelled
COUNTED: dict[str, Snapshot] = {}  # statements over the measured slash commands, per run
PROFILE = {"out": "", "top": 30}  # --profile FILE: a cProfile of the OpenZone run's second pass


async def with_adapter(fake: FakeDiscord, n: int, fixed: bool = False) -> list[Sample]:
    """The platform as `openzone run` builds it; with `fixed`, a fixed reply and no database work."""
    async with scratch_database(DATABASE["server"]) as url:
        DATABASE["kind"] = kind(url)
        return await _with_adapter(fake, n, fixed, url)


async def _with_adapter(fake: FakeDiscord, n: int, fixed: bool, url: str) -> list[Sample]:
    runtime = await platform(bench_settings(url))  # the built-in configuration, no limit lifted
    statements = Statements().attach(runtime.db.engine)
    router: Any = FixedAnswers(runtime.router) if fixed else runtime.router
    adapter = DiscordAdapter(router, fake.token, application_id=str(fake.application_id),
                             api_base_url=fake.api_base, gateway_url=fake.gateway_url, guild_ready_timeout=0.05)
    await adapter.start()
    try:
        await roundtrips(fake, USERS, 0)  # warm-up, one each: accounts created, statements cached
        before = statements.snapshot()
        samples = await roundtrips(fake, n, 0)
        COUNTED["fixed" if fixed else "adapter"] = statements.snapshot() - before
        if PROFILE["out"] and not fixed:
            # A second pass under cProfile (this thread's CPU: the fake Discord is in it, under tests/).
            profiler = cProfile.Profile(time.thread_time)
            profiler.enable()
            await roundtrips(fake, n, 0)
            profiler.disable()
            profiler.dump_stats(PROFILE["out"])
        return samples
    finally:
        await adapter.stop()
        await runtime.close()


async def with_bare_client(fake: FakeDiscord, n: int) -> list[Sample]:
    client = discord.Client(intents=discord.Intents(guilds=True), guild_ready_timeout=0.05)
    tree = discord.app_commands.CommandTree(client)

    @tree.command(name="post", description="Share a short post")
    async def post(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message("Posted.")

    with patch_discord_base(fake):
        await client.login(fake.token)
        task = asyncio.create_task(client.connect())
        await client.wait_until_ready()
        try:
            await roundtrips(fake, USERS, 0)
            return await roundtrips(fake, n, 0)
        finally:
            await client.close()
            await task


def line(name: str, values: list[float]) -> str:
    return f"{name:<34} p50 {ms(pct(values, 50)):>10}   p99 {ms(pct(values, 99)):>10}"


async def main(n: int, json_path: str = "") -> None:
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    fake = FakeDiscord()
    for uid in range(1000, 1000 + USERS):
        fake.make_user(uid, f"user{uid}")
    fake.add_guild(GUILD, "Bench", channels=[{"id": CHANNEL, "name": "general"}], member_ids=range(1000, 1000 + USERS))
    await fake.start()
    async def fixed(f: FakeDiscord, k: int) -> list[Sample]:
        return await with_adapter(f, k, fixed=True)

    runs: list[tuple[str, Callable[[FakeDiscord, int], Awaitable[list[Sample]]]]] = [
        ("adapter", with_adapter), ("fixed", fixed), ("bare", with_bare_client)]
    try:
        results = {name: await run(fake, n) for name, run in runs}
    finally:
        await fake.stop()
    adapter, bare = results["adapter"], results["bare"]
    a_first, a_full, b_first = [s[0] for s in adapter], [s[1] for s in adapter], [s[0] for s in bare]
    f_first = [s[0] for s in results["fixed"]]
    print(f"discord round trips: {n} × /post hello from {USERS} people taking turns, one at a time, "
          f"{DATABASE['kind']}, fake Discord on loopback")
    print(line("bare discord.py (fixed reply)", b_first))
    print(line("adapter, fixed reply (no database)", f_first))
    print(line("OpenZone adapter: first response", a_first))
    print(line("OpenZone adapter: with post card", a_full))
    print(f"ratio adapter alone / bare:       p50 {pct(f_first, 50) / pct(b_first, 50):.2f}×   "
          f"p99 {pct(f_first, 99) / pct(b_first, 99):.2f}×   (what the adapter adds)")
    print(f"ratio first response / bare:      p50 {pct(a_first, 50) / pct(b_first, 50):.2f}×   "
          f"p99 {pct(a_first, 99) / pct(b_first, 99):.2f}×   (target ≤ 2×; includes the /post transaction)")
    print(f"ratio with card / bare:           p50 {pct(a_full, 50) / pct(b_first, 50):.2f}×   "
          f"p99 {pct(a_full, 99) / pct(b_first, 99):.2f}×")
    print(f"per /post: {COUNTED['adapter'].per(n)} ({DATABASE['kind']}); with the fixed reply: "
          f"{COUNTED['fixed'].per(n)}")
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    if PROFILE["out"]:
        print_profile(PROFILE["out"], int(PROFILE["top"]), f"this thread's CPU over {n} more /post (after the measured ones): "
                      "discord.py, the adapter, the platform and the fake Discord", focus=("tests/", "discord/"))
    write_json(json_path, {
        "database": DATABASE["kind"], "n": n, "bare_p50": pct(b_first, 50), "first_p50": pct(a_first, 50),
        "first_p99": pct(a_first, 99), "fixed_p50": pct(f_first, 50), "ratio": pct(a_first, 50) / pct(b_first, 50),
        **COUNTED["adapter"].as_dict(n), "rss": peak_rss_mb(),
    })


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    database_option(parser)
    json_option(parser)
    parser.add_argument("--profile", default="", metavar="FILE",
                        help="also run n more /post under cProfile, dump it to FILE and print its top functions")
    parser.add_argument("--top", type=int, default=30, help="functions shown with --profile (default 30)")
    args = parser.parse_args()
    DATABASE["server"] = args.database_url
    PROFILE.update(out=args.profile, top=args.top)
    USERS = max(20, -(-args.n // 24))  # n / USERS measured posts each, plus the warm-up's one: at most 25
    asyncio.run(main(args.n, args.json))
