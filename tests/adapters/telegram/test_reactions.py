"""Native reactions count as likes on Telegram: 👍 or ❤️ on a post card likes it, taking it away unlikes."""

from __future__ import annotations

import asyncio

from adapters.telegram import ALLOWED_UPDATES
from tests.adapters.telegram.conftest import ALICE, BOB, Conversation, make_adapter
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World


async def _likes(world: World) -> int:
    async with world.db.uow() as uow:
        post = await uow.posts.get(1)
    assert post is not None
    return post.like_count


async def _until(world: World, count: int) -> None:
    for _ in range(300):
        if await _likes(world) == count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"like count stayed {await _likes(world)}, expected {count}")


async def test_the_bot_asks_telegram_for_reaction_updates(talk: Conversation, fake: FakeBotApi) -> None:
    await talk.says(ALICE, "/start")
    assert "message_reaction" in ALLOWED_UPDATES
    assert "message_reaction" in fake.allowed_updates


async def test_a_thumbs_up_on_a_post_card_likes_it_and_taking_it_back_unlikes(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    await talk.all_replies(talk.message(ALICE, "/post public hello"), "👍 0")
    own = fake.sent_messages(ALICE)[-1]
    await talk.all_replies(talk.message(BOB, "/show 1"), "👍 0")
    card = fake.sent_messages(BOB)[-1]
    fake.push_update(fake.reaction(BOB, card, new=("👍",)))
    await _until(world, 1)
    fake.push_update(fake.reaction(BOB, card, old=("👍",), new=("❤️",)))  # changed its kind: still liked
    fake.push_update(fake.reaction(BOB, card, old=("❤️",), new=("❤️", "🔥")))
    fake.push_update(fake.reaction(ALICE, own, new=("👍",)))  # handled after Bob's: the count tells
    await _until(world, 2)
    fake.push_update(fake.reaction(BOB, card, old=("❤️", "🔥")))
    await _until(world, 1)


async def test_other_reactions_and_other_messages_do_nothing(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    await talk.all_replies(talk.message(ALICE, "/post public hello"), "👍 0")
    card = fake.sent_messages(ALICE)[-1]
    welcome = await talk.send(talk.message(BOB, "/start"))
    fake.push_update(fake.reaction(BOB, card, new=("😂",)))
    fake.push_update(fake.reaction(BOB, fake.sent_messages(BOB)[-1], new=("👍",)))
    fake.push_update(fake.reaction(ALICE, card, new=("👍",)))  # the last: it is handled after the others
    await _until(world, 1)
    assert welcome.error is None


async def test_a_reaction_on_a_card_sent_before_a_restart_still_likes_its_post(
    fake: FakeBotApi, world: World
) -> None:
    first = make_adapter(world, fake)
    await first.start()
    try:
        talk = Conversation(fake, world, first)
        await talk.all_replies(talk.message(ALICE, "/post public hello"), "👍 0")
        await talk.all_replies(talk.message(BOB, "/show 1"), "👍 0")
    finally:
        await first.stop()
    card = fake.sent_messages(BOB)[-1]
    async with world.another_process() as process:  # nothing of the first one's memory: the note is read back
        again = make_adapter(process, fake)
        await again.start()
        try:
            fake.push_update(fake.reaction(BOB, card, new=("❤️",)))
            await _until(process, 1)
        finally:
            await again.stop()
