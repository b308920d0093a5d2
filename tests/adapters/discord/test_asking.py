"""Every question that waits for text works where it is offered on Discord: in a DM as in a server."""

from __future__ import annotations

from typing import Any

from tests.adapters.discord.conftest import ALICE, BOB, EPHEMERAL, Talk, data, message_of, post_text
from tests.adapters.discord.fake_discord import FakeDiscord, option
from tests.adapters.discord.test_native_input import MODAL
from tests.images import photo


async def _answer(fake: FakeDiscord, opened: Any, text: str, user: int, guild: int | None) -> str:
    """Type `text` into the modal a press or command opened; what the bot answered."""
    assert opened.json["type"] == MODAL
    modal = opened.json["data"]
    box = modal["components"][0]["components"][0]
    submit = fake.modal_submit(modal["custom_id"], {box["custom_id"]: text}, user_id=user, guild_id=guild)
    await fake.dispatch("INTERACTION_CREATE", submit)
    await fake.wait_for_call("POST", rf"/interactions/{submit['id']}/[^/]+/callback")
    return str(data(fake.interaction_responses(submit["id"])[0])["content"])


async def test_comment_and_report_pressed_in_a_dm_open_a_modal_too(talk: Talk, fake: FakeDiscord) -> None:
    await talk.slash("post", ALICE, *post_text("public", "hi"), until="embeds")
    card = message_of(fake, (await talk.slash("show", BOB, option("id", "#1"), guild=False, until="embeds"))[-1])
    [opened] = await talk.press("oz:cmt:1", BOB, card)
    assert await _answer(fake, opened, "nice", BOB, None) == "c1 Comment added to #1."
    [opened] = await talk.press("oz:rep:1", BOB, card)
    assert "was reported" in await _answer(fake, opened, "spam", BOB, None)


async def test_blog_from_a_dm_slash_command_asks_for_the_body_in_a_modal(talk: Talk, fake: FakeDiscord) -> None:
    [opened] = await talk.slash("blog", ALICE, option("title", "Notes"), guild=False)
    assert await _answer(fake, opened, "one\ntwo", ALICE, None) == "Blog post #1 “Notes” published."


async def test_album_upload_in_a_server_points_to_the_dm_where_the_photos_are_read(talk: Talk) -> None:
    """The bot reads no messages in a server (no message content intent): photos go to the DM."""
    await talk.slash("album", ALICE, option("new", type=1, options=[option("title", "Trip")]), guild=False)
    [answer] = await talk.slash("album", ALICE, option("upload", type=1, options=[option("title", "Trip")]), guild=True)
    assert data(answer)["flags"] == EPHEMERAL
    assert data(answer)["content"].startswith("Send the photos in our private chat: for 10 minutes")


async def test_photo_caption_without_text_asks_for_it_in_a_modal(talk: Talk, fake: FakeDiscord) -> None:
    await talk.dm(ALICE, "/album new Trip", until="made")
    await talk.dm(ALICE, "#trip", until="added to", attachments=[fake.add_attachment(photo(), "a.jpg", "image/jpeg")])
    [opened] = await talk.slash("photo", ALICE, option("caption", type=1, options=[option("photo", "p1")]), guild=False)
    assert await _answer(fake, opened, "Sunset", ALICE, None) == "p1 caption set."
