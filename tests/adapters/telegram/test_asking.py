"""Every question that waits for text works where it is offered on Telegram: private chats and groups."""

from __future__ import annotations

from tests.adapters.telegram.conftest import ALICE, BOB, Conversation
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.adapters.telegram.test_native_input import GROUP


async def test_report_pressed_in_a_group_asks_for_the_reason_in_private(talk: Conversation, fake: FakeBotApi) -> None:
    await talk.says(BOB, "/start")
    await talk.all_replies(talk.message(ALICE, "/post public hello"), "👍 0")
    await talk.send(talk.message(ALICE, "/show 1", chat_id=GROUP, chat_type="supergroup"))
    card = fake.sent_messages(GROUP)[-1]
    since = len(fake.calls)
    fake.push_update(fake.callback_query(BOB, "rep:1", card))
    answer = await fake.wait_for_call("answerCallbackQuery", since=since)
    assert answer.params["text"] == "📬 Answered in our private chat."
    [asked] = [c for c in fake.calls[since:] if c.method == "sendMessage"]
    assert (asked.params["chat_id"], asked.params["reply_markup"]["input_field_placeholder"]) == (
        BOB, "What is wrong with #1?")
    assert "was reported" in await talk.says(BOB, "spam", reply_to_message=fake.sent_messages(BOB)[-1])


async def test_album_upload_in_a_group_opens_the_window_in_private(talk: Conversation, fake: FakeBotApi) -> None:
    await talk.says(ALICE, "/album new Trip")
    note = await talk.send(talk.message(ALICE, "/album upload Trip", chat_id=GROUP, chat_type="supergroup"),
                           match=lambda c: c.params["chat_id"] == GROUP)
    assert note.params["text"] == "📬 Alice, I sent you the answer privately."
    assert fake.sent_messages(ALICE)[-1]["text"].startswith("Send the photos in our private chat: for 10 minutes")
