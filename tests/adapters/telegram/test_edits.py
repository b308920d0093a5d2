"""Edits in place on Telegram: the shop's pages, used confirmations and handled report cards."""

from __future__ import annotations

from typing import Any

from openzone.settings import Admins
from storage import Database
from tests.adapters.telegram.conftest import ALICE, BOB, Conversation, make_adapter
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.adapters.telegram.test_following import _buttons, _press
from tests.builders import World, settings_for


def _labels(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


async def test_the_shops_more_turns_the_page_in_the_same_message(talk: Conversation, fake: FakeBotApi) -> None:
    await talk.send(talk.message(ALICE, "/shop theme"))
    page = fake.sent_messages(ALICE)[-1]
    assert page["text"].startswith("<b>🎨 Theme · page 1 of 2</b>\n\nOpenZone Classic (classic) — free\nSakura (sakura) — 120 coins")
    assert "🛒 Sakura · 120" in _labels(page) and _labels(page)[-1] == "⬇️ More"
    sent = len(fake.sent_messages(ALICE))

    await _press(talk, ALICE, "shop:theme:1", page)
    turned = fake.get_message(ALICE, page["message_id"])
    assert turned["text"].startswith("<b>🎨 Theme · page 2 of 2</b>")
    assert _labels(turned)[-1] == "⬅️ Back" and "⬇️ More" not in _labels(turned)
    assert len(fake.sent_messages(ALICE)) == sent  # nothing new was sent
    await _press(talk, ALICE, "shop:theme:0", turned)
    assert fake.get_message(ALICE, page["message_id"])["text"] == page["text"]


async def test_a_used_delete_confirmation_becomes_its_answer_and_pressing_again_says_it_is_done(
    talk: Conversation, fake: FakeBotApi
) -> None:
    await talk.all_replies(talk.message(ALICE, "/post public going soon"), "👍 0")
    await talk.send(talk.message(ALICE, "/delete 1"))
    question = fake.sent_messages(ALICE)[-1]
    assert _buttons(question) == ["delpost:1", "delno:"]
    await _press(talk, ALICE, "delpost:1", question)
    answered = fake.get_message(ALICE, question["message_id"])
    assert (answered["text"], "reply_markup" in answered) == ("#1 deleted.", False)
    await _press(talk, ALICE, "delpost:1", question)  # a second tap on a stale copy of the buttons
    assert fake.get_message(ALICE, question["message_id"])["text"] == "#1 is already deleted."


async def test_a_handled_report_card_shows_the_outcome_without_buttons(sqlite_db: Database, fake: FakeBotApi) -> None:
    settings = settings_for(sqlite_db, admins=Admins(console=("admin",), telegram=(str(ALICE),)))
    world = await World.start(sqlite_db, settings)
    adapter = make_adapter(world, fake)
    await adapter.start()
    talk = Conversation(fake, world, adapter)
    try:
        await talk.says(ALICE, "/start")
        await talk.says(BOB, "/start")
        await world.say("carol", "/post public buy cheap pills")
        await talk.says(BOB, "/report #1 spam")
        await talk.notify()
        [card] = [m for m in fake.sent_messages(ALICE) if m["text"].startswith("🚩 Report r1")]
        assert _buttons(card) == ["rpt:hide:1", "rpt:dismiss:1"]

        await _press(talk, ALICE, "rpt:hide:1", card)
        handled = fake.get_message(ALICE, card["message_id"])
        assert handled["text"].startswith("🚩 Report r1 · @bob on post #1 by @carol: spam\nbuy cheap pills")
        assert handled["text"].endswith("🙈 Post no. 1 hidden · by @alice.")
        assert "reply_markup" not in handled

        await _press(talk, ALICE, "rpt:dismiss:1", card)  # the old buttons, pressed again
        assert fake.get_message(ALICE, card["message_id"])["text"].endswith(
            "☑️ Already handled · Post no. 1 is hidden.")
    finally:
        await adapter.stop()
        await world.close()
