"""Pictures where people expect them on Telegram: a post's photos carry its card as their caption."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.adapters.telegram.conftest import ALICE, BOB, Conversation, make_adapter
from tests.adapters.telegram.fake_bot_api import Call, FakeBotApi
from tests.builders import World
from tests.images import photo

ALICE_NAME = {"first_name": "Alice", "username": "alice"}


@pytest_asyncio.fixture
async def quick(world: World, fake: FakeBotApi) -> AsyncIterator[Conversation]:
    """The adapter with a short media-group window, so the tests needn't wait a second."""
    adapter = make_adapter(world, fake, typing_after=5, media_group_window=0.3)
    await adapter.start()
    yield Conversation(fake, world, adapter)
    await adapter.stop()


def _sends(fake: FakeBotApi, since: int) -> list[Call]:
    return [c for c in fake.calls[since:] if c.method.startswith("send") and c.method != "sendChatAction"]


def _callbacks(params: dict) -> list[str]:
    return [b.get("callback_data") or b.get("url", "")[:8] for row in params["reply_markup"]["inline_keyboard"]
            for b in row]


async def test_a_post_with_one_photo_shows_as_that_photo_with_the_card_as_caption_and_its_buttons(
    quick: Conversation, fake: FakeBotApi,
) -> None:
    since = len(fake.calls)
    card = await quick.send(fake.photo_message(ALICE, photo(), caption="/post public the lake", **ALICE_NAME),
                            method="sendPhoto")
    assert card.params["caption"] == ("#1 · Alice (@alice) · 🌍 public · just now\nthe lake\n👍 0   💬 0\n"
                                      "Posted #1 to public with 1 photo.")
    assert [c.method for c in _sends(fake, since)] == ["sendPhoto"]  # one message for the command
    assert card.params["parse_mode"] == "HTML"
    assert _callbacks(card.params)[:2] == ["like:1", "cmt:1"]
    assert card.files["photo"][:2] == b"\xff\xd8"  # the stored JPEG, not the upload

    since = len(fake.calls)
    shown = await quick.send(quick.message(BOB, "/show 1"), method="sendPhoto")
    assert shown.params["caption"].startswith("#1 · Alice (@alice)")
    assert "rep:1" in _callbacks(shown.params)
    assert [c.method for c in _sends(fake, since)] == ["sendPhoto"]  # one message, no text card beside it


async def test_a_post_with_three_photos_is_one_album_captioned_with_the_card_and_its_buttons_below(
    quick: Conversation, fake: FakeBotApi,
) -> None:
    since = len(fake.calls)
    for n in range(3):
        update = fake.photo_message(ALICE, photo(colour=(n * 60, 10, 10)),
                                    caption="/post public trip" if n == 0 else None, **ALICE_NAME)
        update["message"]["media_group_id"] = "g-1"
        fake.push_update(update)
    buttons = await fake.wait_for_call("sendMessage", lambda c: "reply_markup" in c.params, since=since)
    [album] = [c for c in _sends(fake, since) if c.method == "sendMediaGroup"]
    media = album.params["media"]
    assert len(media) == 3 and all(m["type"] == "photo" for m in media)
    assert media[0]["caption"].startswith("#1 · Alice (@alice) · 🌍 public") and "trip" in media[0]["caption"]
    assert "caption" not in media[1]
    assert buttons.params["text"] == "#1 · Alice (@alice) · 🌍 public · just now"
    assert _callbacks(buttons.params)[:2] == ["like:1", "cmt:1"]


async def test_shop_cards_are_one_photo_with_caption_and_buttons_each(
    quick: Conversation, fake: FakeBotApi,
) -> None:
    since = len(fake.calls)
    fake.push_update(quick.message(ALICE, "/shop sakura"))
    card = await fake.wait_for_call("sendPhoto", since=since)
    assert card.params["caption"].startswith("<b>🎨 Sakura</b>  (sakura) — 120 coins")
    assert any(c.startswith("buyask:sakura") for c in _callbacks(card.params))
    assert [c.method for c in _sends(fake, since)] == ["sendPhoto"]


async def test_a_face_is_the_photo_of_me_and_zone_and_no_post_card_carries_one(
    quick: Conversation, fake: FakeBotApi,
) -> None:
    await quick.send(fake.photo_message(ALICE, photo(colour=(200, 40, 90)), caption="/avatar", **ALICE_NAME),
                     method="sendPhoto")
    me = await quick.send(quick.message(ALICE, "/me"), method="sendPhoto")
    assert me.params["caption"].startswith("<b>Alice (@alice)\n</b>") and me.files["photo"][:2] == b"\xff\xd8"
    zone = await quick.send(quick.message(BOB, "/zone alice"), method="sendPhoto")
    assert "zone" in zone.params["caption"] and zone.params["reply_markup"]["inline_keyboard"]
    # A card is text with its buttons, as before: Telegram can't put a face beside the name.
    since = len(fake.calls)
    card = await quick.send(quick.message(ALICE, "/post public hello"))
    assert card.params["text"].startswith("#1 · Alice (@alice)")
    assert [c.method for c in _sends(fake, since)] == ["sendMessage"]
