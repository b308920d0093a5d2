"""Messages that follow what happened, on Telegram: a pressed button changes the message it is on."""

from __future__ import annotations

from typing import Any

from tests.adapters.telegram.conftest import ALICE, BOB, PUBLIC_URL, Conversation
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World
from tests.images import photo


def _buttons(message: dict[str, Any]) -> list[str]:
    return [b.get("callback_data") or b["url"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


async def _press(talk: Conversation, user: int, data: str, message: dict[str, Any],
                 edit: str = "editMessageText") -> None:
    """Press, and wait until the press is answered and the message edited."""
    since = len(talk.fake.calls)
    talk.fake.push_update(talk.fake.callback_query(user, data, message))
    await talk.fake.wait_for_call("answerCallbackQuery", since=since)
    await talk.fake.wait_for_call(edit, since=since)


async def test_like_flips_to_unlike_and_keeps_report_and_the_pressers_own_zone_link(
    talk: Conversation, fake: FakeBotApi
) -> None:
    await talk.all_replies(talk.message(ALICE, "/post public hello"), "👍 0")
    await talk.all_replies(talk.message(BOB, "/show 1"), "👍 0")
    card = fake.sent_messages(BOB)[-1]
    before = _buttons(card)
    assert before[0] == "like:1" and "rep:1" in before

    await _press(talk, BOB, "like:1", card, "editMessageReplyMarkup")
    after = _buttons(fake.get_message(BOB, card["message_id"]))
    assert after == ["unlike:1", *before[1:]]
    assert after[2].startswith(f"{PUBLIC_URL}/z/alice?t=")  # still signed for Bob

    await _press(talk, BOB, "unlike:1", fake.get_message(BOB, card["message_id"]), "editMessageReplyMarkup")
    assert _buttons(fake.get_message(BOB, card["message_id"])) == before


async def test_like_on_a_photo_card_flips_its_button_under_the_photo(talk: Conversation, fake: FakeBotApi) -> None:
    card = (await talk.send(fake.photo_message(ALICE, photo(), caption="/post public the lake"),
                            method="sendPhoto")).params
    [message] = [m for m in fake.sent_messages(ALICE) if "photo" in m]
    await _press(talk, ALICE, "like:1", message, "editMessageReplyMarkup")
    assert _buttons(fake.get_message(ALICE, message["message_id"]))[0] == "unlike:1"
    assert fake.get_message(ALICE, message["message_id"])["caption"] == card["caption"]


async def test_cancelling_a_purchase_answers_in_place_and_leaves_no_buttons(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    await world.say("admin", "/grant alice 200 welcome")
    await talk.send(talk.message(ALICE, "/buy sakura"))
    question = fake.sent_messages(ALICE)[-1]
    await _press(talk, ALICE, "buyno:", question)
    answered = fake.get_message(ALICE, question["message_id"])
    assert answered["text"] == "✖️ Nothing bought."
    assert "reply_markup" not in answered


async def test_declining_a_request_turns_it_into_the_outcome_and_accepting_it_later_says_so(
    talk: Conversation, fake: FakeBotApi
) -> None:
    await talk.says(BOB, "/start")
    await talk.says(ALICE, "/friend bob")
    await talk.notify()
    request = fake.sent_messages(BOB)[-1]
    await _press(talk, BOB, "dec:alice", request)
    declined = fake.get_message(BOB, request["message_id"])
    assert (declined["text"], "reply_markup" in declined) == ("✖️ Declined @alice's request.", False)
    answer = await talk.send(talk.message(BOB, "/accept alice"))
    assert answer.params["text"] == "⚠️ @alice hasn't sent you a friend request. /requests lists yours."
