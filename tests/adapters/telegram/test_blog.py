"""A blog body of several lines sent from Telegram arrives as one message and is published at once."""

from __future__ import annotations

from tests.adapters.telegram.conftest import ALICE, Conversation
from tests.builders import World


async def test_a_multi_line_telegram_message_is_the_whole_blog_body(talk: Conversation, world: World) -> None:
    assert (await talk.says(ALICE, "/blog Day one")).startswith("Title: Day one\n")
    body = "It went <b>well</b>.\n\n- a walk\n- a talk"
    assert await talk.says(ALICE, body) == "Blog post #1 “Day one” published."
    async with world.db.uow() as uow:
        post = await uow.posts.get(1)
    assert post is not None and post.body == body
