"""Slash commands end to end: real discord.py, the fake Discord, real handlers and database."""

from __future__ import annotations

from adapters.discord import DiscordAdapter
from tests.adapters.discord.conftest import (
    ALICE, BOB, CAROL, EPHEMERAL, PUBLIC_URL, Talk, data, message_of, post_text,
)
from tests.adapters.discord.fake_discord import FakeDiscord, option
from tests.builders import World


def _buttons(message: dict) -> list[tuple[str, str]]:
    return [(b["label"], b.get("custom_id") or b.get("url")) for row in message["components"] for b in row["components"]]


async def test_slash_post_answers_with_one_message_the_post_as_an_embed_with_buttons(talk: Talk) -> None:
    [callback] = await talk.slash("post", ALICE, *post_text("public", "hello *world* @everyone"), until="embeds")
    assert callback.json["type"] == 4
    card = data(callback)
    assert card["content"] == "Posted #1 to public."
    [embed] = card["embeds"]
    assert embed["title"] == "#1"
    assert embed["url"] == f"{PUBLIC_URL}/z/alice"
    assert embed["author"]["name"] == "alice (@alice) · 🌍 public · just now"
    assert embed["description"] == "hello \\*world\\* @everyone"
    assert embed["footer"]["text"] == "👍 0   💬 0"
    assert card["allowed_mentions"] == {"parse": []}
    assert _buttons(card) == [("👍 Like", "oz:like:1"), ("💬 Comment", "oz:cmt:1"), ("🔗 Zone", f"{PUBLIC_URL}/z/alice")]


async def test_pressing_like_in_a_guild_records_it_and_answers_only_the_presser(
    talk: Talk, fake: FakeDiscord, world: World
) -> None:
    card = (await talk.slash("post", ALICE, *post_text("public", "hi"), until="embeds"))[-1]
    message = message_of(fake, card)
    [answer] = await talk.press("oz:like:1", BOB, message)
    assert answer.json["type"] == 4
    assert data(answer)["content"] == "Liked #1 · 👍 1"
    assert data(answer)["flags"] == EPHEMERAL
    async with world.db.uow() as uow:
        post = await uow.posts.get(1)
    assert post is not None and post.like_count == 1
    # The shared card keeps its Like button for everyone else.
    assert _buttons(fake.messages[int(message["id"])])[0] == ("👍 Like", "oz:like:1")


async def test_pressing_like_in_a_dm_flips_the_button_and_notes_it_privately(talk: Talk, fake: FakeDiscord) -> None:
    card = (await talk.slash("post", ALICE, *post_text("public", "hi"), guild=False, until="embeds"))[-1]
    message = message_of(fake, card)
    edit, note = await talk.press("oz:like:1", ALICE, message, until="Liked")
    assert edit.json["type"] == 7
    assert _buttons(fake.messages[int(message["id"])])[0] == ("👎 Unlike #1", "oz:unlike:1")
    assert note.json["content"] == "Liked #1 · 👍 1"


async def test_comment_sends_the_post_author_a_dm_notification(talk: Talk, fake: FakeDiscord) -> None:
    await talk.slash("post", ALICE, *post_text("public", "hi"), until="embeds")
    [answer] = await talk.slash("comment", BOB, option("id", "#1"), option("text", "nice one"))
    assert data(answer)["content"] == "c1 Comment added to #1."
    assert await talk.notify() == 1
    dm = fake.dm_channel(ALICE)["id"]
    [sent] = fake.find_calls("POST", rf"/channels/{dm}/messages")
    assert sent.json["content"] == "c1 💬 bob (@bob) commented on your post #1:\nnice one"
    assert _buttons(sent.json) == [("👍 Like post", "oz:like:1"), ("💬 Comment", "oz:cmt:1"), ("🚩 Report", "oz:rep:c1")]


async def test_autocomplete_of_a_handle_offers_matching_handles_friends_first(
    talk: Talk, fake: FakeDiscord, world: World
) -> None:
    await world.say("carla", "/start")
    await world.say("carmen", "/start")
    await talk.slash("start", CAROL)
    await talk.slash("friend", ALICE, option("handle", "carol"))
    await talk.slash("accept", CAROL, option("handle", "alice"))
    payload = fake.autocomplete("friend", user_id=ALICE, options=[option("handle", "@car", focused=True)], guild_id=None)
    await fake.dispatch("INTERACTION_CREATE", payload)
    call = await fake.wait_for_call("POST", rf"/interactions/{payload['id']}/[^/]+/callback")
    assert call.json == {"type": 8, "data": {"choices": [
        {"name": "carol (@carol)", "value": "carol"},
        {"name": "@carla", "value": "carla"},
        {"name": "@carmen", "value": "carmen"},
    ]}}


async def test_autocomplete_of_a_post_offers_only_posts_the_person_may_see(
    talk: Talk, fake: FakeDiscord, world: World
) -> None:
    await talk.slash("post", ALICE, *post_text("public", "sunny day at the beach"), until="embeds")
    await talk.slash("post", ALICE, *post_text("private", "my diary"), until="embeds")
    await talk.slash("post", BOB, *post_text("public", "bob's own"), until="embeds")
    await talk.slash("friend", BOB, option("handle", "alice"))
    await talk.slash("accept", ALICE, option("handle", "bob"))
    payload = fake.autocomplete("like", user_id=BOB, options=[option("id", "", focused=True)])
    await fake.dispatch("INTERACTION_CREATE", payload)
    call = await fake.wait_for_call("POST", rf"/interactions/{payload['id']}/[^/]+/callback")
    assert [c["value"] for c in call.json["data"]["choices"]] == ["3", "1"]
    assert call.json["data"]["choices"][1]["name"] == "#1 · @alice: sunny day at the beach"


async def test_delete_offers_ones_posts_and_takes_a_typed_comment_number(talk: Talk, fake: FakeDiscord) -> None:
    await talk.slash("post", ALICE, *post_text("public", "sunny day at the beach"), until="embeds")
    await talk.slash("comment", BOB, option("id", "#1"), option("text", "nice one"))
    payload = fake.autocomplete("delete", user_id=ALICE, options=[option("id", "", focused=True)])
    await fake.dispatch("INTERACTION_CREATE", payload)
    call = await fake.wait_for_call("POST", rf"/interactions/{payload['id']}/[^/]+/callback")
    assert [c["value"] for c in call.json["data"]["choices"]] == ["1"]
    [answer] = await talk.slash("delete", ALICE, option("id", "c1"))
    assert data(answer)["content"] == "🗑 Comment c1 deleted."


async def test_a_circle_subcommand_runs_through_its_group(talk: Talk) -> None:
    [answer] = await talk.slash("circle", ALICE, option("new", type=1, options=[option("name", "family")]))
    assert data(answer)["content"].startswith("Circle family created.")


async def test_personal_results_are_ephemeral_in_a_guild_and_plain_in_a_dm(talk: Talk) -> None:
    [guild] = await talk.slash("circle", ALICE, option("list", type=1))
    [dm] = await talk.slash("circle", ALICE, option("list", type=1), guild=False)
    assert data(guild)["flags"] == EPHEMERAL
    assert "flags" not in data(dm) or data(dm)["flags"] == 0
    assert data(dm)["content"] == data(guild)["content"] == "No circles yet. /circle new family"


async def test_bad_options_get_a_clear_private_reply(talk: Talk) -> None:
    [answer] = await talk.slash("like", ALICE, option("id", "yesterday"))
    assert data(answer)["flags"] == EPHEMERAL
    assert data(answer)["content"].startswith("⚠️ ID is a post number like #42 or a photo like p12 — not “yesterday”.")


async def test_the_adapter_is_a_working_part(bot: DiscordAdapter) -> None:
    assert bot.name == "discord"
    assert bot.client.is_ready()
