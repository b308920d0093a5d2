"""Native input on Telegram: a question opens the reply box; from a group it is asked in private."""

from __future__ import annotations

from tests.adapters.telegram.conftest import ALICE, BOB, Conversation
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World

GROUP = -1001234


async def test_comment_in_a_private_chat_asks_with_a_forced_reply_and_the_reply_is_the_comment(
    talk: Conversation, fake: FakeBotApi
) -> None:
    await talk.all_replies(talk.message(ALICE, "/post public hello"), "👍 0")
    card = fake.sent_messages(ALICE)[-1]
    question = await talk.send(fake.callback_query(ALICE, "cmt:1", card))
    assert question.params["reply_markup"] == {
        "force_reply": True, "selective": True, "input_field_placeholder": "Your comment on #1"}
    asked = fake.sent_messages(ALICE)[-1]
    assert await talk.says(ALICE, "nice lake", reply_to_message=asked) == "c1 Comment added to #1."


async def test_comment_pressed_in_a_group_asks_in_private_and_posts_nothing_to_the_group(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    await talk.says(BOB, "/start")
    await talk.all_replies(talk.message(ALICE, "/post public hello"), "👍 0")
    shown = await talk.send(talk.message(BOB, "/show 1", chat_id=GROUP, chat_type="supergroup"))
    assert shown.params["chat_id"] == GROUP
    card = fake.sent_messages(GROUP)[-1]
    since = len(fake.calls)
    fake.push_update(fake.callback_query(BOB, "cmt:1", card))
    answer = await fake.wait_for_call("answerCallbackQuery", since=since)
    assert answer.params["text"] == "📬 Answered in our private chat."
    sent = [c for c in fake.calls[since:] if c.method == "sendMessage"]
    assert [c.params["chat_id"] for c in sent] == [BOB]  # the question, in private; nothing in the group
    assert sent[0].params["reply_markup"]["force_reply"] is True
    assert await talk.says(BOB, "from the group") == "c1 Comment added to #1."


async def test_a_press_in_a_group_by_someone_who_never_started_the_bot_opens_the_private_chat(
    talk: Conversation, fake: FakeBotApi
) -> None:
    await talk.all_replies(talk.message(ALICE, "/post public hello"), "👍 0")
    await talk.send(talk.message(ALICE, "/show 1", chat_id=GROUP, chat_type="supergroup"))
    card = fake.sent_messages(GROUP)[-1]
    fake.fail_next("sendMessage", status=403, description="Forbidden: bot can't initiate conversation with a user",
                   chat_id=BOB)
    since = len(fake.calls)
    fake.push_update(fake.callback_query(BOB, "cmt:1", card))
    answer = await fake.wait_for_call("answerCallbackQuery", since=since)
    assert answer.params["url"] == "https://t.me/OpenZoneBot?start=from_group"
    assert not [c for c in fake.calls[since:] if c.method == "sendMessage" and c.params["chat_id"] == GROUP]
    assert (await talk.says(BOB, "/start from_group")).startswith("<b>Welcome")  # the payload only opened the chat
