"""Private chats through the real adapter and the fake OneBot: commands, numbered choices, restarts."""

from __future__ import annotations

import asyncio
import logging

import pytest

from adapters.qq import QQAdapter
from chat import Reply
from tests.adapters.qq.conftest import ALICE, BOB, Conversation, running, until
from tests.adapters.qq.fake_onebot import FakeOneBot, text_of
from tests.builders import World


async def test_start_creates_an_account_and_answers_in_the_private_chat(talk: Conversation) -> None:
    answer = await talk.says(ALICE, "/start")
    assert answer.startswith("Welcome to OpenZone, alice!")
    assert "Your handle is @alice" in answer


async def test_every_command_of_the_registry_is_answered_from_qq(talk: Conversation, world: World) -> None:
    help_text = await talk.says(ALICE, "/help")
    for topic in ("account", "posts", "friends", "albums"):
        assert f"\n{topic} — " in help_text
    assert "/post" in await talk.says(ALICE, "/help posts")


async def test_a_post_card_shows_its_buttons_as_numbered_choices_answered_with_bang_n(
    talk: Conversation, fake: FakeOneBot,
) -> None:
    await talk.says(ALICE, "/start")
    card = await talk.says(ALICE, "/post public hello from qq")
    assert card.startswith("#1 · alice (@alice) · 🌍 public · just now\nhello from qq")
    assert "[!1 👍 Like] [!2 💬 Comment]" in card
    assert "Liked #1" in await talk.says(ALICE, "!1")
    assert "⚠️ No choice !9 here" in await talk.says(ALICE, "!9")


async def test_a_choice_from_an_older_message_is_pressed_by_quoting_that_message(
    talk: Conversation, fake: FakeOneBot,
) -> None:
    await talk.says(ALICE, "/post public first")
    await talk.says(ALICE, "/post public second")  # now a bare !1 would like #2
    first, second = [m for m in fake.sent(user=ALICE) if "[!1 👍 Like]" in text_of(m)]
    assert "Liked #1" in await talk.says(ALICE, [fake.reply(first["message_id"]), fake.text("!1")])
    assert "Liked #2" in await talk.says(ALICE, [fake.reply(second["message_id"]), fake.text("!1")])
    # A bare !N is a choice of the newest answer: here "Liked #2 · 👍 1 [!1 Unlike]".
    assert "Unliked #2" in await talk.says(ALICE, "!1")


async def test_numbered_choices_survive_a_restart_of_openzone(world: World, fake: FakeOneBot) -> None:
    async with running(world, fake) as (_, talk):
        assert "[!1 👍 Like]" in await talk.says(ALICE, "/post public before the restart")
    # A new process: nothing of the first is in memory, the choices are read back from the database.
    async with world.another_process() as process, running(process, fake) as (_, talk):
        assert "Liked #1" in await talk.says(ALICE, "!1")


async def test_messages_in_the_string_format_are_read_as_cq_codes(talk: Conversation, fake: FakeOneBot) -> None:
    fake.message_format = "string"
    assert "Posted #1 to public." in await talk.says(ALICE, "/post public a [bracketed] word, & more")
    assert "a [bracketed] word, & more" in await talk.says(ALICE, "/show 1")
    card = next(m for m in fake.sent(user=ALICE) if "[!1 👍 Like]" in text_of(m))
    assert "Liked #1" in await talk.says(ALICE, [fake.reply(card["message_id"]), fake.text("!1")])


async def test_a_long_answer_is_cut_between_paragraphs_under_qqs_limit(talk: Conversation, fake: FakeOneBot) -> None:
    await talk.says(ALICE, "/blog A long one")
    paragraphs = "\n\n".join(f"Paragraph {n}: " + "word " * 120 for n in range(12))
    await talk.says(ALICE, paragraphs)
    since = len(fake.sent(user=ALICE))
    await talk.says(ALICE, "/show 1")
    texts = [text_of(m) for m in fake.sent(user=ALICE)[since:]]
    assert len(texts) >= 3
    assert all(len(t) <= 3000 for t in texts)
    assert all("Paragraph" in t.split("\n", 1)[0] or t.startswith("#1") for t in texts)


async def test_a_failing_handler_is_a_short_apology_and_the_bot_keeps_answering(
    talk: Conversation, bot: QQAdapter, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = bot.router.handle

    async def broken(incoming: object, bot_username: object = None) -> list[Reply]:
        raise RuntimeError("boom")

    monkeypatch.setattr(bot.router, "handle", broken)
    with caplog.at_level(logging.ERROR):
        answer = await talk.says(ALICE, "/feed")
    assert answer.startswith("⚠️ Something went wrong on our side (ref ")
    assert "Traceback" not in answer and "boom" not in answer
    assert "RuntimeError: boom" in caplog.text
    monkeypatch.setattr(bot.router, "handle", real)
    assert "Welcome" in await talk.says(BOB, "/start")


async def test_messages_arriving_together_in_one_chat_are_handled_one_after_another_in_order(
    talk: Conversation, fake: FakeOneBot, bot: QQAdapter,
) -> None:
    await talk.says(ALICE, "/start")
    events = [fake.private(ALICE, f"/post public number {n}", "alice") for n in range(5)]
    await asyncio.gather(*(fake.push(e) for e in events))
    await until(lambda: sum("Posted #" in text_of(m) for m in fake.sent(user=ALICE)) == 5)
    await bot.drain()
    cards = [text_of(m) for m in fake.sent(user=ALICE) if "Posted #" in text_of(m)]
    assert [c.split("\n")[1] for c in cards] == [f"number {n}" for n in range(5)]
    assert [c.split(" · ")[0] for c in cards] == [f"#{n + 1}" for n in range(5)]


async def test_quoting_a_post_or_a_comment_in_the_private_chat_comments_or_answers_it(
    talk: Conversation, fake: FakeOneBot,
) -> None:
    await talk.says(ALICE, "/post public quote me")
    card = next(m for m in fake.sent(user=ALICE) if "quote me" in text_of(m))
    assert "Comment added to #1" in await talk.says(BOB, [fake.reply(card["message_id"]), fake.text("first!")])
    await talk.notify()
    notice = fake.sent(user=ALICE)[-1]
    assert text_of(notice).startswith("c1 💬 bob (@bob) commented on your post #1")
    answer = await talk.says(ALICE, [fake.reply(notice["message_id"]), fake.text("thanks")])
    assert answer == "c2 Reply added to #1."
    assert "thanks" in await talk.says(BOB, "/show 1")
