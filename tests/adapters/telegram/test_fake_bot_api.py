"""The fake Bot API works with the real python-telegram-bot (no PTB mocks)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import io
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from PIL import Image
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Update,
)
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.adapters.telegram.fake_bot_api import FakeBotApi

USER = 42


def _bot(fake: FakeBotApi, **kwargs: Any) -> Bot:
    return Bot(token=fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url,
               **kwargs)


@contextlib.asynccontextmanager
async def running_app(fake: FakeBotApi, *handlers: BaseHandler[Any, Any, Any]
                      ) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    app = (ApplicationBuilder().token(fake.token).base_url(fake.base_url)
           .base_file_url(fake.base_file_url).build())
    errors: list[object] = []

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error)

    for handler in handlers:
        app.add_handler(handler)
    app.add_error_handler(on_error)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert errors == []


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 90)).save(out, "PNG")
    return out.getvalue()


async def test_start_command_is_answered(fake: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_user is not None
        await update.effective_message.reply_text(
            f"hi {update.effective_user.first_name} {context.args}")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"echo {update.effective_message.text}")

    async with running_app(fake, CommandHandler("start", start),
                           MessageHandler(filters.TEXT & ~filters.COMMAND, echo)) as app:
        assert fake.calls_to("getMe") and fake.calls_to("deleteWebhook")
        fake.push_update(fake.text_message(USER, "/start", first_name="Ann"))
        call = await fake.wait_for_call("sendMessage")
        assert call.params["chat_id"] == USER
        assert call.params["text"] == "hi Ann []"

        fake.push_update(fake.text_message(USER, "/start@OpenZoneBot zone1"))
        await fake.wait_for_call("sendMessage", lambda c: c.params["text"] == "hi User42 ['zone1']")

        fake.push_update(fake.text_message(USER, "123"))  # stays a string, not a command
        await fake.wait_for_call("sendMessage", lambda c: c.params["text"] == "echo 123")
        assert app.bot.username == "OpenZoneBot"

    sent = fake.sent_messages(USER)
    assert [m["message_id"] for m in sent] == sorted({m["message_id"] for m in sent})
    assert all(m["from"]["is_bot"] and m["chat"]["type"] == "private" for m in sent)


async def test_group_message_and_reply(fake: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None and update.effective_message is not None
        assert update.effective_chat.type == "group"
        await update.effective_message.reply_text("in group", do_quote=True)

    async with running_app(fake, CommandHandler("start", start)):
        fake.push_update(fake.text_message(USER, "/start", chat_id=-500, chat_type="group"))
        call = await fake.wait_for_call("sendMessage")
    assert call.params["chat_id"] == -500
    reply = fake.sent_messages(-500)[0]
    assert reply["chat"]["type"] == "group"
    assert reply["reply_to_message"]["text"] == "/start"


async def test_callback_query_is_answered(fake: FakeBotApi) -> None:
    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("done")
        await query.edit_message_text(f"chose {query.data}")

    async with running_app(fake, CallbackQueryHandler(on_button)) as app:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go:1")]])
        message = await app.bot.send_message(USER, "pick", reply_markup=keyboard)
        assert message.reply_markup == keyboard  # echoed back and parsed by PTB
        fake.push_update(fake.callback_query(USER, "go:1", fake.sent_messages(USER)[-1]))
        answer = await fake.wait_for_call("answerCallbackQuery")
        edit = await fake.wait_for_call("editMessageText")
    assert answer.params["text"] == "done"
    assert edit.params["message_id"] == message.message_id
    edited = fake.get_message(USER, message.message_id)
    assert edited is not None and edited["text"] == "chose go:1" and "reply_markup" not in edited


async def test_photo_is_downloaded_with_exact_bytes(fake: FakeBotApi) -> None:
    image = _png(1000, 700)
    received: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()

    async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        photos = update.effective_message.photo
        assert [p.width for p in photos] == sorted(p.width for p in photos)
        file = await photos[-1].get_file()
        received.set_result(bytes(await file.download_as_bytearray()))

    async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_message.document
        file = await update.effective_message.document.get_file()
        received.set_result(bytes(await file.download_as_bytearray()))

    async with running_app(fake, MessageHandler(filters.PHOTO, on_photo),
                           MessageHandler(filters.Document.IMAGE, on_document)):
        update = fake.photo_message(USER, image, caption="look")
        assert len(update["message"]["photo"]) == 3
        fake.push_update(update)
        assert await asyncio.wait_for(received, 5) == image
        assert len(fake.calls_to("getFile")) == 1

        received = asyncio.get_running_loop().create_future()
        fake.push_update(fake.document_message(USER, _png(20, 10), file_name="pic.png"))
        assert await asyncio.wait_for(received, 5) == _png(20, 10)


async def test_uploads_are_recorded(fake: FakeBotApi) -> None:
    image, other = _png(64, 48), _png(30, 30)
    async with _bot(fake) as bot:
        message = await bot.send_photo(USER, photo=image, caption="42")
        assert fake.calls_to("sendPhoto")[0].files["photo"] == image
        assert fake.calls_to("sendPhoto")[0].params["caption"] == "42"
        file = await message.photo[-1].get_file()
        assert bytes(await file.download_as_bytearray()) == image

        album = await bot.send_media_group(USER, [InputMediaPhoto(image), InputMediaPhoto(other)])
        assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
        call = fake.calls_to("sendMediaGroup")[0]
        assert sorted(call.files.values()) == sorted([image, other])
        assert all(item["media"].startswith("attach://") for item in call.params["media"])

        doc = await bot.send_document(USER, document=b"hello", filename="notes.txt")
        assert doc.document is not None and doc.document.file_name == "notes.txt"
        assert fake.calls_to("sendDocument")[0].files["document"] == b"hello"
        await bot.send_chat_action(USER, "typing")
        assert fake.calls_to("sendChatAction")[0].params["action"] == "typing"


async def test_retry_after_and_other_errors(fake: FakeBotApi) -> None:
    async with _bot(fake) as bot:
        fake.fail_next("sendMessage", retry_after=3)
        with pytest.raises(RetryAfter) as excinfo:
            await bot.send_message(USER, "hi")
        assert excinfo.value.retry_after == dtm.timedelta(seconds=3)
        assert fake.calls_to("sendMessage")[-1].error == 429
        await bot.send_message(USER, "hi")  # only the next call failed

        fake.fail_next("sendMessage", status=403, chat_id=7)
        await bot.send_message(USER, "other chat is unaffected")
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(7, "hi")

        fake.fail_next("sendMessage", status=400, description="Bad Request: chat not found")
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await bot.send_message(USER, "hi")

        sent = await bot.send_message(USER, "same")
        with pytest.raises(BadRequest, match="not modified"):
            await bot.edit_message_text("same", chat_id=USER, message_id=sent.message_id)

    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=fake.base_url):
            pass
    assert fake.calls_to("getMe")[-1].error == 401


async def test_commands_roundtrip(fake: FakeBotApi) -> None:
    commands = [BotCommand("start", "Start here"), BotCommand("zones", "List zones")]
    async with _bot(fake) as bot:
        assert await bot.set_my_commands(commands)
        assert fake.calls_to("setMyCommands")[0].params["commands"] == [
            {"command": "start", "description": "Start here"},
            {"command": "zones", "description": "List zones"}]
        assert tuple(await bot.get_my_commands()) == tuple(commands)
        assert await bot.delete_my_commands()
        assert await bot.get_my_commands() == ()
        assert await bot.do_api_request("someFutureMethod", {"x": 1}) is True
        assert fake.calls_to("someFutureMethod")[0].params == {"x": 1}


async def test_token_placeholder_base_url(fake: FakeBotApi) -> None:
    async with Bot(fake.token, base_url=fake.base_url + "{token}") as bot:
        assert bot.username == "OpenZoneBot"


async def test_get_updates_offset_long_poll_and_redelivery(fake: FakeBotApi) -> None:
    async with _bot(fake) as bot:
        first = fake.push_update(fake.text_message(USER, "a"))
        fake.push_update(fake.text_message(USER, "b"))
        updates = await bot.get_updates(timeout=0)
        assert [u.update_id for u in updates] == [first, first + 1]
        assert len(await bot.get_updates(timeout=0, limit=1)) == 1  # not confirmed yet
        assert await bot.get_updates(offset=first + 2, timeout=0) == ()

        poll = asyncio.create_task(bot.get_updates(offset=first + 2, timeout=5))
        await asyncio.sleep(0.05)
        started = time.monotonic()
        fake.push_update(fake.text_message(USER, "c"))
        assert [u.message.text for u in await poll if u.message] == ["c"]
        assert time.monotonic() - started < 1

        fake.push_raw(fake.text_message(USER, "dup"), update_id=first)
        again = await bot.get_updates(offset=first + 3, timeout=0)
        assert [u.update_id for u in again] == [first]
        assert await bot.get_updates(offset=first + 3, timeout=0) == ()  # delivered once


async def test_stop_releases_long_polls(fake: FakeBotApi) -> None:
    async with _bot(fake) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await fake.wait_for_call("getUpdates")
        started = time.monotonic()
        await fake.stop()
        assert await poll == ()
        assert time.monotonic() - started < 1


async def test_post_webhook(fake: FakeBotApi) -> None:
    seen: list[tuple[str | None, dict[str, Any]]] = []

    async def receive(request: web.Request) -> web.Response:
        seen.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"),
                     await request.json()))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
        update = fake.text_message(USER, "/start")
        assert await fake.post_webhook(url, update, secret_token="s3cret") == 200
    finally:
        await runner.cleanup()
    secret, body = seen[0]
    assert secret == "s3cret"
    assert body["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert isinstance(body["update_id"], int)
