"""Native reactions count as likes on Discord: 👍 or ❤️ on a post card likes it, taking it away unlikes."""

from __future__ import annotations

import asyncio

from tests.adapters.discord.conftest import ALICE, BOB, Talk, make_adapter, message_of, post_text
from tests.adapters.discord.fake_discord import FakeDiscord
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


async def test_a_thumbs_up_on_a_card_in_a_server_likes_the_post_and_removing_it_unlikes(
    talk: Talk, fake: FakeDiscord, world: World
) -> None:
    card = message_of(fake, (await talk.slash("post", ALICE, *post_text("public", "hi"), until="embeds"))[-1])
    await fake.dispatch(*fake.reaction(BOB, card, "👍"))
    await _until(world, 1)
    await fake.dispatch(*fake.reaction(BOB, card, "👍", added=False))
    await _until(world, 0)


async def test_a_heart_in_a_dm_likes_too_and_other_reactions_do_nothing(
    talk: Talk, fake: FakeDiscord, world: World
) -> None:
    card = message_of(fake, (await talk.slash("post", ALICE, *post_text("public", "hi"), guild=False,
                                              until="embeds"))[-1])
    await fake.dispatch(*fake.reaction(ALICE, card, "😂"))
    await fake.dispatch(*fake.reaction(ALICE, card, "❤️"))
    await _until(world, 1)
    assert fake.intents is not None and fake.intents & (1 << 10) and fake.intents & (1 << 13)
    assert not fake.intents & (1 << 15)  # still no privileged intent


async def test_a_reaction_on_a_card_sent_before_a_restart_still_likes_its_post(fake: FakeDiscord, world: World) -> None:
    first = make_adapter(world.router, fake)
    await first.start()
    try:
        card = message_of(fake, (await Talk(fake, world, first).slash("post", ALICE, *post_text("public", "hi"),
                                                                        until="embeds"))[-1])
    finally:
        await first.stop()
    again = make_adapter(world.router, fake)  # a new process: the card is read back from Discord
    await again.start()
    try:
        await fake.dispatch(*fake.reaction(BOB, card, "👍"))
        await _until(world, 1)
    finally:
        await again.stop()
