"""The blog's body from Telegram: asked with a forced reply, privately; several lines are the whole body."""

from __future__ import annotations

from tests.adapters.telegram.conftest import ALICE, Conversation
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.adapters.telegram.test_native_input import GROUP
from tests.builders import World


async def test_a_multi_line_telegram_message_is_the_whole_blog_body(talk: Conversation, world: World) -> None:
    question = await talk.send(talk.message(ALICE, "/blog Day one"))
    assert question.params["text"].startswith("Title: Day one\n")
    assert question.params["reply_markup"] == {
        "force_reply": True, "selective": True, "input_field_placeholder": "The body of “Day one”"}
    body = "It went <b>well</b>.\n\n- a walk\n- a talk"
    assert await talk.says(ALICE, body) == "Blog post #1 “Day one” published."
    async with world.db.uow() as uow:
        post = await uow.posts.get(1)
    assert post is not None and post.body == body


async def test_blog_in_a_group_asks_for_the_body_in_private_and_the_group_reads_only_a_note(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    await talk.says(ALICE, "/start")
    since = len(fake.calls)
    note = await talk.send(talk.message(ALICE, "/blog friends Day two", chat_id=GROUP, chat_type="supergroup"),
                           match=lambda c: c.params["chat_id"] == GROUP)
    assert note.params["text"] == "📬 Alice, I sent you the answer privately."
    [asked] = [c for c in fake.calls[since:] if c.method == "sendMessage" and c.params["chat_id"] == ALICE]
    assert asked.params["text"].startswith("Title: Day two\n") and asked.params["reply_markup"]["force_reply"]
    answer = await talk.says(ALICE, "Body\nin two lines", reply_to_message=fake.sent_messages(ALICE)[-1])
    assert answer == "Blog post #1 “Day two” published."
    async with world.db.uow() as uow:
        post = await uow.posts.get(1)
    assert post is not None and (post.body, post.visibility.value) == ("Body\nin two lines", "friends")
