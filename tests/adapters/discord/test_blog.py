"""A blog body of several lines sent in a Discord DM arrives as one message and is published at once."""

from __future__ import annotations

from tests.adapters.discord.conftest import ALICE, Talk
from tests.builders import World


async def test_a_multi_line_discord_message_is_the_whole_blog_body(talk: Talk, world: World) -> None:
    sent = await talk.dm(ALICE, "/blog Day one", until="Title: Day one")
    assert "line by line" in sent[-1].json["content"]
    body = "It went **well**.\n\n- a walk\n- a talk"
    sent = await talk.dm(ALICE, body, until="published")
    assert sent[-1].json["content"] == "Blog post #1 “Day one” published."
    async with world.db.uow() as uow:
        post = await uow.posts.get(1)
    assert post is not None and post.body == body
