"""Numbered choices are bookkeeping notes: they ride on the next transaction, survive a stop, and none is lost."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.adapters.qq.conftest import ALICE, BOB, Conversation, running
from tests.adapters.qq.fake_onebot import FakeOneBot, text_of
from tests.builders import World
from tests.integration.test_statement_counts import counted

LONG = 3600.0  # a linger no test waits out: notes are written only by a transaction or a flush


async def _stored(world: World, user: int, message_id: object | None = None) -> Any:
    key = f"qq:choices:private:{user}" + (f":{message_id}" if message_id is not None else "")
    async with world.db.uow() as uow:
        return await uow.state.get(key, world.clock.now())


async def test_an_answers_choices_cost_no_transaction_of_their_own_and_work_at_once(
    talk: Conversation, world: World,
) -> None:
    world.services.bookkeeping.linger = LONG
    await talk.says(ALICE, "/start")
    with counted(world) as posting:
        assert "[!1 👍 Like] [!2 💬 Comment]" in await talk.says(ALICE, "/post public hello")
    assert posting.commits == 1  # the post's; the card's choices had a second one of their own
    assert await _stored(world, ALICE) is None  # waiting to ride along…
    with counted(world) as liking:
        assert "Liked #1" in await talk.says(ALICE, "!1")  # …and answering already
    assert liking.commits == 1
    card = await _stored(world, ALICE)  # the like's transaction carried the card's choices
    assert card == {"actions": ["like:1", "cmt:1"]}


async def test_choices_ride_on_the_next_message_whoevers_it_is(talk: Conversation, world: World) -> None:
    world.services.bookkeeping.linger = LONG
    await talk.says(ALICE, "/post public hello")
    with counted(world) as bobs:
        await talk.says(BOB, "/start")
    assert bobs.commits == 1
    assert await _stored(world, ALICE) == {"actions": ["like:1", "cmt:1"]}


async def test_choices_nobody_carries_are_written_alone_after_a_moment(talk: Conversation, world: World) -> None:
    world.services.bookkeeping.linger = 0.05
    await talk.says(ALICE, "/post public hello")
    for _ in range(500):
        if await _stored(world, ALICE) is not None:
            break
        await asyncio.sleep(0.01)
    assert await _stored(world, ALICE) == {"actions": ["like:1", "cmt:1"]}


async def test_choices_waiting_when_the_adapter_stops_are_written_and_another_process_finds_them(
    world: World, fake: FakeOneBot,
) -> None:
    world.services.bookkeeping.linger = LONG
    async with running(world, fake) as (_, talk):
        await talk.says(ALICE, "/post public one")
        await talk.says(ALICE, "/post public two")
        # Refused: its transaction rolls back, and the choices it would have carried wait on.
        assert "[!" not in await talk.says(ALICE, "/post")
    first_card = next(m for m in fake.sent(user=ALICE) if "one" in text_of(m))
    assert await _stored(world, ALICE, first_card["message_id"]) is not None  # flushed by stop()
    async with world.another_process() as again, running(again, fake) as (_, talk):
        assert "Liked #2" in await talk.says(ALICE, "!1")  # the newest answer's, read from the database
        assert "Liked #1" in await talk.says(ALICE, [fake.reply(first_card["message_id"]), fake.text("!1")])


async def test_a_notifications_choices_survive_a_restart(world: World, fake: FakeOneBot) -> None:
    world.services.bookkeeping.linger = LONG
    async with running(world, fake) as (_, talk):
        await talk.says(ALICE, "/post public hello")
        assert "Comment added to #1" in await talk.says(BOB, "/comment 1 nice")
        assert await talk.notify() == 1
        assert text_of(fake.sent(user=ALICE)[-1]).endswith("[!1 👍 Like post] [!2 💬 Comment] [!3 🚩 Report]")
    async with world.another_process() as again, running(again, fake) as (_, talk):
        assert (await talk.says(ALICE, "!1")).startswith("Liked #1 · 👍 1")
