"""Adapters' notes (which post a card shows) ride on the next transaction instead of one of their own."""

from __future__ import annotations

import asyncio

from handlers import card_post, remember_cards
from tests.builders import World
from tests.integration.test_statement_counts import counted


async def _stored(world: World, key: str) -> dict[str, object] | None:
    async with world.db.uow() as uow:
        return await uow.state.get(key, world.clock.now())


async def test_a_card_note_is_written_with_the_next_message_and_costs_no_commit_of_its_own(world: World) -> None:
    await world.say("alice", "/start")
    with counted(world) as noting:
        remember_cards(world.services, "telegram", ["42:7"], 3)
    assert (noting.statements, noting.commits) == ([], 0)
    assert await card_post(world.services, "telegram", "42:7") == 3  # known here before it is written
    assert await _stored(world, "card:telegram:42:7") is None
    with counted(world) as next_message:
        await world.say("bob", "/start")
    assert next_message.commits == 1
    assert await _stored(world, "card:telegram:42:7") == {"post": 3}
    assert world.services.bookkeeping.get("card:telegram:42:7", world.clock.now()) is None  # done waiting


async def test_a_card_note_nobody_comes_to_carry_is_written_alone_after_a_moment(world: World) -> None:
    world.services.bookkeeping.linger = 0.05
    remember_cards(world.services, "telegram", ["42:8"], 4)
    for _ in range(200):
        if await _stored(world, "card:telegram:42:8") is not None:
            break
        await asyncio.sleep(0.01)
    assert await _stored(world, "card:telegram:42:8") == {"post": 4}


async def test_a_card_note_waits_on_when_the_transaction_carrying_it_rolls_back(world: World) -> None:
    await world.say("alice", "/start")
    remember_cards(world.services, "telegram", ["42:9"], 5)
    assert await world.say("alice", "/post") != []  # refused (no text): nothing of it is committed
    assert await _stored(world, "card:telegram:42:9") is None
    assert await card_post(world.services, "telegram", "42:9") == 5
    await world.services.bookkeeping.flush()
    assert await _stored(world, "card:telegram:42:9") == {"post": 5}
