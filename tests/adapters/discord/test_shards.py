"""Discord at scale: `[discord] shard_count` / `shard_ids` split the bot's shards across processes.

Each "process" is its own bootstrap (openzone.bootstrap) on one database, its Discord part built
from settings by openzone.wiring_discord exactly as `openzone run --role discord` builds it, and
the real discord.py client talks to the fake gateway, which routes each guild's events to the
shard that owns it ((guild_id >> 22) % shard_count; DMs to shard 0), as Discord does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.discord import DiscordAdapter
from openzone import wiring_discord
from openzone.parts import Wiring
from openzone.settings import Discord
from storage import Database
from tests.adapters.discord.conftest import ALICE, data, make_adapter
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.builders import World, settings_for

COUNT = 3


def guild_on(shard: int, n: int = 0) -> int:
    """A guild id that Discord routes to `shard` of COUNT."""
    base = (730000000000000000 >> 22) // COUNT * COUNT + 3 * n
    return ((base + shard) << 22) | 1


def _settings(fake: FakeDiscord, **shards: object) -> Discord:
    return Discord(token=fake.token, application_id=str(fake.application_id), api_base_url=fake.api_base,
                   gateway_url=fake.gateway_url, **shards)  # type: ignore[arg-type]


class Processes:
    """Bots started like separate `openzone run --role discord` processes (each its own bootstrap)."""

    def __init__(self, db: Database, fake: FakeDiscord) -> None:
        self.db, self.fake = db, fake
        self.worlds: list[World] = []
        self.bots: list[DiscordAdapter] = []

    async def start(self, **shards: object) -> DiscordAdapter:
        world = await World.start(self.db, settings_for(self.db, discord=_settings(self.fake, **shards)))
        self.worlds.append(world)
        part = wiring_discord.build(Wiring(world.runtime))
        assert isinstance(part, DiscordAdapter)
        await part.start()
        self.bots.append(part)
        return part

    async def stop(self) -> None:
        # Newest first: each adapter puts back the gateway URL that was set when it started.
        for bot in reversed(self.bots):
            await bot.stop()
        for world in self.worlds:
            await world.close()


@pytest.fixture
async def processes(sqlite_db: Database, fake: FakeDiscord) -> AsyncIterator[Processes]:
    for shard in range(COUNT):
        fake.add_guild(guild_on(shard), f"Guild on shard {shard}", channels=[{"name": "general"}], member_ids=[ALICE])
    running = Processes(sqlite_db, fake)
    yield running
    await running.stop()


def owned(fake: FakeDiscord, *shards: int) -> set[int]:
    """The fake's guilds (ours and the fixture's) that Discord routes to `shards` of COUNT."""
    return {g for g in fake.guilds if (g >> 22) % COUNT in shards}


def _shards(fake: FakeDiscord) -> list[list[int]]:
    return sorted(p["shard"] for p in fake.identify_payloads)


async def test_two_processes_identify_with_their_own_shards_and_receive_only_their_guilds(
    processes: Processes, fake: FakeDiscord,
) -> None:
    first = await processes.start(shard_count=COUNT, shard_ids=(0,))
    second = await processes.start(shard_count=COUNT, shard_ids=(1, 2))
    assert _shards(fake) == [[0, COUNT], [1, COUNT], [2, COUNT]]
    assert set(first.client.shards) == {0} and set(second.client.shards) == {1, 2}  # type: ignore[union-attr]
    assert {g.id for g in first.client.guilds} == owned(fake, 0) and guild_on(0) in owned(fake, 0)
    assert {g.id for g in second.client.guilds} == owned(fake, 1, 2) and guild_on(2) in owned(fake, 1, 2)
    # A command in a guild of shard 2 reaches the second process only, and is answered.
    payload = fake.slash_command("help", user_id=ALICE, guild_id=guild_on(2))
    await fake.dispatch("INTERACTION_CREATE", payload)
    await fake.wait_for_call("POST", rf"/interactions/{payload['id']}/[^/]+/callback")
    answers = fake.interaction_responses(payload["id"])
    assert len(answers) == 1 and "/post" in str(data(answers[0]))
    assert [_handled(w) for w in processes.worlds] == [0, 1]


def _handled(world: World) -> float:
    """Discord messages this process's chat handled (its own metrics registry)."""
    total = 0.0
    for metric in world.runtime.metrics.registry.collect():
        for sample in metric.samples:
            if sample.name == "openzone_chat_commands_total" and sample.labels.get("messenger") == "discord":
                total += sample.value
    return total


async def test_one_process_with_a_shard_count_and_no_ids_runs_every_shard(
    processes: Processes, fake: FakeDiscord,
) -> None:
    bot = await processes.start(shard_count=2)
    assert _shards(fake) == [[0, 2], [1, 2]]
    assert set(bot.client.shards) == {0, 1}  # type: ignore[union-attr]


async def test_without_a_shard_count_the_bot_identifies_unsharded(processes: Processes, fake: FakeDiscord) -> None:
    bot = await processes.start()
    assert [("shard" in p) for p in fake.identify_payloads] == [False]
    assert {g.id for g in bot.client.guilds} == set(fake.guilds)


async def test_a_process_running_several_shards_waits_for_each_one_s_turn_to_identify(
    sqlite_world: World, fake: FakeDiscord,
) -> None:
    # Shards connect one after another, 5 s apart: a start-up timeout shorter than that still
    # sees both come up, because each later shard adds its turn to the wait.
    bot = make_adapter(sqlite_world.router, fake, shard_count=2, ready_timeout=2.0)
    await bot.start()
    try:
        assert _shards(fake) == [[0, 2], [1, 2]] and bot.client.is_ready()
    finally:
        await bot.stop()
