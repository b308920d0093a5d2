"""The blog's body on Discord: a DM of several lines is the whole body; in a server, a modal asks for it."""

from __future__ import annotations

from tests.adapters.discord.conftest import ALICE, EPHEMERAL, GUILD, Talk, data
from tests.adapters.discord.fake_discord import FakeDiscord, option
from tests.adapters.discord.test_native_input import MODAL
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


async def test_blog_in_a_server_asks_for_the_body_in_a_modal_and_a_one_line_answer_publishes(
    talk: Talk, fake: FakeDiscord, world: World
) -> None:
    [opened] = await talk.slash("blog", ALICE, option("audience", "friends"), option("title", "Day two"))
    assert opened.json["type"] == MODAL
    modal = opened.json["data"]
    [[box]] = [row["components"] for row in modal["components"]]
    assert (modal["title"], box["style"], box["max_length"]) == ("The body of “Day two”", 2, 4000)  # paragraph

    submit = fake.modal_submit(modal["custom_id"], {box["custom_id"]: "Only one line."}, user_id=ALICE, guild_id=GUILD)
    await fake.dispatch("INTERACTION_CREATE", submit)
    await fake.wait_for_call("POST", rf"/interactions/{submit['id']}/[^/]+/callback")
    [answer] = fake.interaction_responses(submit["id"])
    # Friends only: the server's channel is not told its title, the author alone is.
    assert (data(answer)["content"], data(answer)["flags"]) == ("Blog post #1 “Day two” published.", EPHEMERAL)
    async with world.db.uow() as uow:
        post = await uow.posts.get(1)
    assert post is not None and (post.title, post.body, post.visibility.value) == ("Day two", "Only one line.", "friends")
