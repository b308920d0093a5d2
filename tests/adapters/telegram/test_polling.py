"""Polling confirms an update only once it is handled: a process killed mid-batch loses nothing."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from telegram import Update

from tests.adapters.telegram.conftest import ALICE, make_adapter
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World


async def _bodies(world: World) -> list[str]:
    async with world.db.engine.connect() as conn:
        return sorted((await conn.execute(text("SELECT body FROM posts"))).scalars())


async def test_a_process_killed_mid_batch_handles_the_rest_of_the_batch_after_restart(
    world: World, fake: FakeBotApi,
) -> None:
    first = make_adapter(world, fake)
    handled: list[int] = []
    killed = asyncio.Event()
    real = first.poller.handle

    async def handle_then_die(update: Update) -> None:
        if handled:  # the second update of the batch: the process dies while handling it
            killed.set()
            await asyncio.Event().wait()
        await real(update)
        handled.append(update.update_id)

    first.poller.handle = handle_then_die
    for word in ("one", "two", "three"):
        fake.push_update(fake.text_message(ALICE, f"/post public {word}", username="alice", first_name="Alice"))
    await first.start()
    await asyncio.wait_for(killed.wait(), 10)
    # kill -9: the polling task dies where it stands, nothing is stopped cleanly.
    assert first._polling is not None
    first._polling.cancel()
    assert await _bodies(world) == ["one"]

    second = make_adapter(world, fake)
    await second.start()
    try:
        for _ in range(100):
            if len(await _bodies(world)) >= 3:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # a repeat of "one" would land now
        assert await _bodies(world) == ["one", "three", "two"]  # each once: the handled one isn't repeated
    finally:
        await second.stop()
        first._polling = None
        await first.stop()


async def test_a_clean_stop_confirms_what_was_handled(world: World, fake: FakeBotApi) -> None:
    adapter = make_adapter(world, fake)
    fake.push_update(fake.text_message(ALICE, "/post public hello", username="alice", first_name="Alice"))
    await adapter.start()
    await fake.wait_for_call("sendMessage")
    await adapter.stop()
    assert fake._updates == []  # Telegram was told: the next start is not handed it again
    assert await _bodies(world) == ["hello"]
