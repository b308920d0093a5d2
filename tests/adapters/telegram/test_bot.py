"""The Telegram adapter end to end: real PTB, fake Bot API, real handlers and database."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
from typing import Any

from PIL import Image

from adapters.telegram import TelegramAdapter
from chat import Reply
from chat.messages import reply
from handlers import CommandGroup, Context, build_registry
from tests.adapters.telegram.conftest import ALICE, BOB, PUBLIC_URL, Conversation, make_adapter
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World

GROUP = -1001234


def _keyboard(call_params: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return call_params["reply_markup"]["inline_keyboard"]


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 200)).save(out, "PNG")
    return out.getvalue()


async def _post_count(world: World) -> int:
    async with world.db.uow() as uow:
        n = 0
        for pid in range(1, 10):
            n += await uow.posts.get(pid) is not None
        return n


async def test_start_is_answered_with_a_welcome_in_html(talk: Conversation, fake: FakeBotApi) -> None:
    call = await talk.send(fake.text_message(ALICE, "/start", first_name="Alice", username="alice"))
    assert call.params["chat_id"] == ALICE
    assert call.params["parse_mode"] == "HTML"
    assert call.params["text"].startswith("<b>Welcome to OpenZone, Alice!\n</b>Your handle is @alice")
    assert f'Your zone: <a href="{PUBLIC_URL}/z/alice?t=' in call.params["text"]  # signed for alice


async def test_the_command_menu_is_set_from_the_registry(bot: TelegramAdapter, fake: FakeBotApi) -> None:
    menu = fake.commands[json.dumps([{"type": "default"}, ""], sort_keys=True)]
    names = [c["command"] for c in menu]
    assert names[:3] == ["start", "help", "me"]
    assert {"post", "feed", "friend", "circle"} <= set(names)
    assert not {"mod", "grant", "refund"} & set(names)  # staff commands are not offered to everyone
    assert {c["command"]: c["description"] for c in menu}["circle"] == "Circles: named groups of friends"


async def test_post_replies_with_one_card_saying_where_it_went_with_like_comment_and_zone_buttons(
    talk: Conversation, fake: FakeBotApi
) -> None:
    [reply] = await talk.all_replies(talk.message(ALICE, "/post public hello <world>"), "👍 0")
    card = reply.params
    assert card["text"] == ("#1 · Alice (@alice) · 🌍 public · just now\nhello &lt;world&gt;\n👍 0   💬 0\n"
                            "Posted #1 to public.")
    [[like, comment, zone]] = _keyboard(card)
    assert (like["text"], like["callback_data"]) == ("👍 Like", "like:1")
    assert (comment["text"], comment["callback_data"]) == ("💬 Comment", "cmt:1")
    assert zone["text"] == "🔗 Zone" and zone["url"].startswith(f"{PUBLIC_URL}/z/alice?t=")


async def test_pressing_like_records_it_answers_the_callback_and_flips_the_button(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    await talk.all_replies(talk.message(ALICE, "/post public hello"), "👍 0")
    card = fake.sent_messages(ALICE)[-1]
    since = len(fake.calls)
    fake.push_update(fake.callback_query(ALICE, "like:1", card))
    answer = await fake.wait_for_call("answerCallbackQuery", since=since)
    edit = await fake.wait_for_call("editMessageReplyMarkup", since=since)
    assert answer.params["text"] == "Liked #1 · 👍 1"
    assert edit.params["message_id"] == card["message_id"]
    assert _keyboard(edit.params)[0][0]["callback_data"] == "unlike:1"
    async with world.db.uow() as uow:
        post = await uow.posts.get(1)
    assert post is not None and post.like_count == 1


async def test_replying_to_a_post_message_comments_on_it_and_dms_the_author(
    talk: Conversation, fake: FakeBotApi
) -> None:
    await talk.all_replies(talk.message(ALICE, "/post public my trip"), "👍 0")
    await talk.all_replies(talk.message(BOB, "/show 1"), "👍 0")
    card_for_bob = fake.sent_messages(BOB)[-1]
    answer = await talk.says(BOB, "Looks great!", reply_to_message=card_for_bob)
    assert answer == "c1 Comment added to #1."

    assert await talk.notify() == 1
    dm = fake.calls_to("sendMessage")[-1].params
    assert dm["chat_id"] == ALICE
    assert dm["text"] == "c1 💬 Bob (@bob) commented on your post #1:\nLooks great!"
    assert [b["callback_data"] for b in _keyboard(dm)[0]] == ["like:1", "cmt:1", "rep:c1"]


async def test_a_friend_request_arrives_with_buttons_and_accept_turns_it_into_the_outcome(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    await talk.says(BOB, "/start")
    assert await talk.says(ALICE, "/friend bob") == "Friend request sent to @bob."
    assert await talk.notify() == 1
    request = fake.sent_messages(BOB)[-1]
    assert request["text"] == "👋 Alice (@alice) sent you a friend request."
    assert [b["callback_data"] for b in request["reply_markup"]["inline_keyboard"][0]] == ["acc:alice", "dec:alice"]

    call = await talk.send(fake.callback_query(BOB, "acc:alice", request), method="editMessageText")
    assert call.params == {**call.params, "chat_id": BOB, "message_id": request["message_id"],
                           "text": "✓ Friends — you and Alice (@alice) are now friends."}
    assert "reply_markup" not in call.params  # handled: no buttons left
    await fake.wait_for_call("answerCallbackQuery")
    assert "reply_markup" not in fake.get_message(BOB, request["message_id"])

    # The old request pressed again (another copy, a double tap): the state as it is.
    again = await talk.send(fake.callback_query(BOB, "acc:alice", request), method="answerCallbackQuery")
    assert again.error is None
    assert fake.get_message(BOB, request["message_id"])["text"] == "✓ Friends — you and Alice (@alice) are already friends."
    async with world.db.uow() as uow:
        alice, bob = await uow.accounts.by_handle("alice"), await uow.accounts.by_handle("bob")
        assert alice is not None and bob is not None
        assert await uow.social.are_friends(alice.id, bob.id)


async def test_the_same_update_delivered_twice_has_one_effect(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    update = talk.message(ALICE, "/post public once")
    since = len(fake.calls)
    update_id = fake.push_update(update)
    await fake.wait_for_call("sendMessage", lambda c: "👍 0" in c.params["text"], since=since)
    fake.push_raw(update, update_id=update_id)  # Telegram redelivers an update already handled
    assert "once" in await talk.says(ALICE, "/posts")
    assert await _post_count(world) == 1
    posted = [c for c in fake.calls_to("sendMessage") if "Posted #1" in c.params["text"]]
    assert len(posted) == 1


async def test_a_flood_limit_on_a_reply_is_waited_out_and_the_reply_still_arrives(
    talk: Conversation, fake: FakeBotApi
) -> None:
    fake.fail_next("sendMessage", retry_after=1)
    await talk.send(fake.text_message(ALICE, "/start", username="alice"), match=lambda c: c.error is None)
    assert [c.error for c in fake.calls_to("sendMessage")] == [429, None]


async def test_a_handler_that_raises_gets_an_error_reply_and_the_next_update_still_works(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    extra = CommandGroup()

    @extra.command("boom", "Fails on purpose")
    async def boom(ctx: Context) -> Reply:
        raise RuntimeError("handler bug")

    world.services.registry = build_registry(extra=[extra])
    await talk.says(ALICE, "/start")
    answer = await talk.says(ALICE, "/boom")
    assert answer.startswith("⚠️ Something went wrong on our side (ref ")
    assert (await talk.says(ALICE, "/start")).startswith("<b>Welcome back, Alice!")


async def test_a_photo_reaches_the_handler_as_the_exact_bytes(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    extra = CommandGroup()

    @extra.command("inspect", "Describe the attached files")
    async def inspect(ctx: Context) -> Reply:
        found = [(a.kind, hashlib.sha256(await a.fetch()).hexdigest()[:12]) for a in ctx.incoming.attachments]
        return reply(repr(found))

    world.services.registry = build_registry(extra=[extra])
    photo, drawing = _png(800, 600), _png(30, 20)
    answer = await talk.send(fake.photo_message(ALICE, photo, caption="/inspect"))
    assert answer.params["text"] == repr([("photo", hashlib.sha256(photo).hexdigest()[:12])])
    assert len(fake.calls_to("getFile")) == 1  # only the largest size was fetched

    answer = await talk.send(fake.document_message(ALICE, drawing, caption="/inspect"))
    assert answer.params["text"] == repr([("photo", hashlib.sha256(drawing).hexdigest()[:12])])

    posted = await talk.send(fake.photo_message(ALICE, photo, caption="/post public look"), method="sendPhoto")
    assert posted.params["caption"].endswith("Posted #1 to public with 1 photo.")


async def test_a_long_reply_is_split_at_paragraphs_with_buttons_under_the_last_part(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    extra = CommandGroup()
    paragraphs = ["a" * 2500, "b" * 2500, "c" * 100]

    @extra.command("long", "A long answer")
    async def long(ctx: Context) -> Reply:
        from chat.messages import Button

        return reply("\n\n".join(paragraphs), buttons=((Button("Again", "long:1"),),))

    world.services.registry = build_registry(extra=[extra])
    calls = await talk.all_replies(fake.text_message(ALICE, "/long"), "ccc")
    assert [c.params["text"] for c in calls] == [paragraphs[0], paragraphs[1] + "\n\n" + paragraphs[2]]
    assert ["reply_markup" in c.params for c in calls] == [False, True]


async def test_typing_is_shown_while_a_command_takes_a_moment(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    extra = CommandGroup()

    @extra.command("slow", "Takes a while")
    async def slow(ctx: Context) -> Reply:
        await asyncio.sleep(0.3)
        return reply("done")

    world.services.registry = build_registry(extra=[extra])
    assert await talk.says(ALICE, "/slow") == "done"
    assert fake.calls_to("sendChatAction")[0].params == {"chat_id": ALICE, "action": "typing"}


async def test_in_a_group_personal_results_go_by_dm_and_other_bots_commands_are_ignored(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    await talk.all_replies(talk.message(ALICE, "/post friends for friends only"), "👍 0")
    fake.push_update(fake.text_message(BOB, "/start@SomeOtherBot", chat_id=GROUP, chat_type="supergroup"))
    fake.push_update(fake.text_message(BOB, "just chatting", chat_id=GROUP, chat_type="supergroup"))
    calls = await talk.all_replies(
        talk.message(ALICE, "/feed@OpenZoneBot", chat_id=GROUP, chat_type="supergroup"), "📬")
    assert [(c.params["chat_id"], c.params["text"].splitlines()[0]) for c in calls] == [
        (ALICE, "<b>📰 Your feed, newest first</b>"), (GROUP, "📬 Alice, I sent you the answer privately.")]
    assert calls[-1].params["text"] == "📬 Alice, I sent you the answer privately."
    async with world.db.uow() as uow:  # the messages for others created no account for Bob
        assert await uow.accounts.by_identity("telegram", str(BOB)) is None


async def test_in_a_group_a_failed_dm_says_how_to_start_the_bot(talk: Conversation, fake: FakeBotApi) -> None:
    fake.fail_next("sendMessage", status=403, description="Forbidden: bot can't initiate conversation with a user",
                   chat_id=BOB)
    answer = await talk.send(fake.text_message(BOB, "/feed", chat_id=GROUP, chat_type="group"),
                             match=lambda c: c.params["chat_id"] == GROUP)
    assert answer.params["text"] == (
        "🔒 User43, that answer is private — open a chat with @OpenZoneBot, press Start, then try again.")


async def test_polling_stops_cleanly_and_can_start_again(world: World, fake: FakeBotApi) -> None:
    for _ in range(2):
        adapter = make_adapter(world, fake)
        await adapter.start()
        talk = Conversation(fake, world, adapter)
        assert "Welcome" in await talk.says(ALICE, "/start")
        await adapter.stop()
    assert len(fake.calls_to("sendMessage")) == 2


async def test_feed_is_one_message_a_page_and_more_turns_the_page_in_place(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    for n in range(12):
        await talk.all_replies(talk.message(ALICE, f"/post public note {n}"), "👍 0")
    since = len(fake.calls)
    [page] = await talk.all_replies(talk.message(ALICE, "/feed"), "Your feed")
    assert [c.method for c in fake.calls[since:] if c.method.startswith("send") and c.method != "sendChatAction"] == [
        "sendMessage"]
    lines = page.params["text"].split("\n")
    assert lines[:4] == ["<b>📰 Your feed, newest first</b>", "",
                         "<b>#12</b> · Alice (@alice) · 🌍 public · just now · 👍 0   💬 0", "note 11"]
    assert [line for line in lines if line.startswith("note")] == [f"note {n}" for n in range(11, 1, -1)]
    more = fake.sent_messages(ALICE)[-1]
    rows = more["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows[:2]] == [[f"👍 Like #{n}" for n in range(12, 7, -1)],
                                                             [f"👍 Like #{n}" for n in range(7, 2, -1)]]
    assert rows[2][0]["callback_data"] == "more:feed:3"

    since = len(fake.calls)
    fake.push_update(fake.callback_query(ALICE, "more:feed:3", more))
    edit = await fake.wait_for_call("editMessageText", since=since)
    await fake.wait_for_call("answerCallbackQuery", since=since)
    assert edit.params["message_id"] == more["message_id"]
    assert [line for line in edit.params["text"].split("\n") if line.startswith("note")] == ["note 1", "note 0"]
    assert "more:" not in str(edit.params.get("reply_markup"))  # the last page: nothing more to turn to
    assert not [c for c in fake.calls[since:] if c.method == "sendMessage"]
