"""Edits in place on Discord (UPDATE_MESSAGE): the shop's pages, used confirmations and handled report cards."""

from __future__ import annotations

import copy

from adapters.discord import DiscordAdapter
from openzone.settings import Admins
from storage import Database
from tests.adapters.discord.conftest import ALICE, BOB, Talk, data, make_adapter, message_of
from tests.adapters.discord.fake_discord import FakeDiscord, option
from tests.adapters.discord.test_following import UPDATE_MESSAGE, _buttons
from tests.builders import World, settings_for


async def test_the_shops_more_turns_the_page_in_the_same_message(talk: Talk, fake: FakeDiscord) -> None:
    [page] = await talk.slash("shop", ALICE, option("what", "theme"), guild=False)
    assert data(page)["content"].startswith("**🎨 Theme · page 1 of 2**\n\nOpenZone Classic (classic) — free")
    message = message_of(fake, page)
    assert "oz:buyask:sakura" in _buttons(message) and _buttons(message)[-1] == "oz:shop:theme:1"
    before = len(fake.messages)

    [turned] = await talk.press("oz:shop:theme:1", ALICE, message)
    assert turned.json["type"] == UPDATE_MESSAGE
    shown = fake.messages[int(message["id"])]
    assert shown["content"].startswith("**🎨 Theme · page 2 of 2**")
    assert _buttons(shown)[-1] == "oz:shop:theme:0"  # Back; no More on the last page
    assert len(fake.messages) == before


async def test_a_used_delete_confirmation_loses_its_buttons_and_a_second_press_says_it_is_done(
    talk: Talk, fake: FakeDiscord
) -> None:
    await talk.slash("post", ALICE, option("audience", "public"), option("text", "soon gone"), until="embeds")
    [question] = await talk.slash("delete", ALICE, option("id", "#1"), guild=False)
    message = message_of(fake, question)
    stale = copy.deepcopy(message)
    [answer] = await talk.press("oz:delpost:1", ALICE, message)
    assert answer.json["type"] == UPDATE_MESSAGE
    assert (data(answer)["content"], fake.messages[int(message["id"])]["components"]) == ("\\#1 deleted.", [])
    [again] = await talk.press("oz:delpost:1", ALICE, stale)
    assert (again.json["type"], data(again)["content"]) == (UPDATE_MESSAGE, "\\#1 is already deleted.")


async def test_a_handled_report_card_shows_the_outcome_without_buttons(sqlite_db: Database, fake: FakeDiscord) -> None:
    settings = settings_for(sqlite_db, admins=Admins(console=("admin",), discord=(str(ALICE),)))
    world = await World.start(sqlite_db, settings)
    adapter: DiscordAdapter = make_adapter(world.router, fake)
    await adapter.start()
    talk = Talk(fake, world, adapter)
    try:
        await talk.slash("start", ALICE)
        await world.say("carol", "/post public buy cheap pills")
        await talk.slash("report", BOB, option("post_comment_entry_or_handle", "#1"), option("reason", "spam"))
        assert await talk.notify() == 1
        [card] = [m for m in fake.messages.values() if m["content"].startswith("🚩 Report r1")]
        assert _buttons(card) == ["oz:rpt:hide:1", "oz:rpt:dismiss:1"]
        stale = copy.deepcopy(card)

        [handled] = await talk.press("oz:rpt:dismiss:1", ALICE, card)
        assert handled.json["type"] == UPDATE_MESSAGE
        shown = fake.messages[int(card["id"])]
        assert shown["content"].startswith("🚩 Report r1 · @bob on post #1 by @carol: spam\nbuy cheap pills")
        assert shown["content"].endswith("✅ Dismissed · by @alice.")
        assert shown["components"] == []

        [again] = await talk.press("oz:rpt:hide:1", ALICE, stale)
        assert data(again)["content"].endswith("☑️ Already handled · Post no. 1 is visible.")
    finally:
        await adapter.stop()
        await world.close()
