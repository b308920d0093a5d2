"""Discord options typed: shop items, one's albums and time zones are completed as one types."""

from __future__ import annotations

from typing import Any

from tests.adapters.discord.conftest import ALICE, Talk, data
from tests.adapters.discord.fake_discord import FakeDiscord, option
from tests.builders import World


async def _choices(fake: FakeDiscord, name: str, *options: dict[str, Any]) -> list[dict[str, str]]:
    payload = fake.autocomplete(name, user_id=ALICE, options=list(options), guild_id=None)
    await fake.dispatch("INTERACTION_CREATE", payload)
    call = await fake.wait_for_call("POST", rf"/interactions/{payload['id']}/[^/]+/callback")
    assert call.json["type"] == 8
    return call.json["data"]["choices"]


async def test_buy_completes_shop_items_with_their_price(talk: Talk, fake: FakeDiscord) -> None:
    choices = await _choices(fake, "buy", option("item", "sak", focused=True))
    assert {"name": "Sakura (sakura) · 120 coins", "value": "sakura"} in choices


async def test_timezone_completes_zone_names(talk: Talk, fake: FakeDiscord) -> None:
    choices = await _choices(fake, "timezone", option("time_zone", "berl", focused=True))
    assert choices[0] == {"name": "Europe/Berlin", "value": "Europe/Berlin"}


async def test_photo_add_completes_ones_own_albums(talk: Talk, fake: FakeDiscord, world: World) -> None:
    await talk.dm(ALICE, "/album new Trip to Rome", until="made")
    await world.say("bob", "/album new Bobs trip")
    choices = await _choices(fake, "photo", option("add", type=1, options=[option("album", "tri", focused=True)]))
    assert choices == [{"name": "Trip to Rome (0)", "value": "Trip to Rome"}]


def _sub(name: str, *options: dict[str, Any]) -> dict[str, Any]:
    return option(name, type=1, options=list(options))


async def test_album_commands_take_title_audience_question_and_answer_as_separate_options(
    talk: Talk, fake: FakeDiscord
) -> None:
    put = fake.find_calls("PUT", rf"/applications/{fake.application_id}/commands")[-1]
    album = {o["name"]: o for o in next(c for c in put.json if c["name"] == "album")["options"]}
    assert [(o["name"], o["required"]) for o in album["new"]["options"]] == [("title", True), ("audience", False)]
    assert [o["name"] for o in album["question"]["options"]] == ["title", "question", "answer"]
    assert all(o.get("autocomplete") for o in album["visibility"]["options"])  # one's albums, then audiences

    await talk.slash("circle", ALICE, _sub("new", option("name", "Close Friends")), guild=False)
    # A title ending in an audience word is the title: the audience is its own option.
    [made] = await talk.slash("album", ALICE, _sub("new", option("title", "Trip public")), guild=False)
    assert data(made)["content"].startswith("Album “Trip public” made (")
    [made] = await talk.slash("album", ALICE, _sub("new", option("title", "Day out"), option("audience", "friends")),
                              guild=False)
    assert data(made)["content"].startswith("Album “Day out” made (👥 friends).")
    [made] = await talk.slash("album", ALICE, _sub("new", option("title", "Trip to Rome"),
                                                   option("audience", "@Close Friends")), guild=False)
    assert data(made)["content"].startswith("Album “Trip to Rome” made (⭕ some friends).")
    [gated] = await talk.slash("album", ALICE, _sub("question", option("title", "Trip to Rome"),
                                                    option("question", "Where did we meet?"),
                                                    option("answer", "Rome")), guild=False)
    assert data(gated)["content"].startswith("“Trip to Rome” now opens for whoever answers: Where did we meet?")
    [shown] = await talk.slash("album", ALICE, _sub("visibility", option("title", "Trip public"),
                                                    option("audience", "friends")), guild=False)
    assert data(shown)["content"] == "“Trip public” is now 👥 friends."


async def test_theme_completes_themes_and_off_and_shop_completes_its_categories(talk: Talk, fake: FakeDiscord) -> None:
    themes = await _choices(fake, "theme", option("item", "", focused=True))
    assert {c["value"] for c in themes} >= {"sakura", "off"} and "lullaby" not in {c["value"] for c in themes}
    shop = await _choices(fake, "shop", option("what", "th", focused=True))
    assert shop[0] == {"name": "All theme", "value": "theme"}
