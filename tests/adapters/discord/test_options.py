"""Discord options typed: shop items, one's albums and time zones are completed as one types."""

from __future__ import annotations

from typing import Any

from tests.adapters.discord.conftest import ALICE, Talk
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
    choices = await _choices(fake, "timezone", option("zone", "berl", focused=True))
    assert choices[0] == {"name": "Europe/Berlin", "value": "Europe/Berlin"}


async def test_photo_add_completes_ones_own_albums(talk: Talk, fake: FakeDiscord, world: World) -> None:
    await talk.dm(ALICE, "/album new Trip to Rome", until="made")
    await world.say("bob", "/album new Bobs trip")
    choices = await _choices(fake, "photo", option("add", type=1, options=[option("album", "tri", focused=True)]))
    assert choices == [{"name": "Trip to Rome (0)", "value": "Trip to Rome"}]
