"""Notification DMs under Telegram's limits, and webhook mode behind the shared web server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from aiohttp import web

from adapters.telegram import SECRET_HEADER, TelegramAdapter
from tests.adapters.telegram.conftest import ALICE, BOB, Conversation, make_adapter
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World

SECRET = "s3cret-webhook-token-0123456789"


async def _bob_comments_on_alices_post(talk: Conversation) -> None:
    await talk.all_replies(talk.message(ALICE, "/post public hello"), "👍 0")
    assert await talk.says(BOB, "/comment 1 nice") == "c1 Comment added to #1."


async def _reachable(world: World, user: int) -> bool:
    async with world.db.uow() as uow:
        account = await uow.accounts.by_identity("telegram", str(user))
        assert account is not None
        [identity] = await uow.accounts.identities(account.id)
    return identity.reachable


async def test_a_flood_limit_on_a_notification_retries_it_after_retry_after(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    await _bob_comments_on_alices_post(talk)
    fake.fail_next("sendMessage", retry_after=30, chat_id=ALICE)
    assert await talk.notify() == 0
    assert fake.calls_to("sendMessage")[-1].error == 429
    world.clock.advance(seconds=10)
    assert await talk.notify() == 0  # not yet: Telegram asked for 30 s
    world.clock.advance(seconds=25)
    assert await talk.notify() == 1
    assert fake.sent_messages(ALICE)[-1]["text"].startswith("c1 💬 Bob (@bob) commented on your post #1")


async def test_a_user_who_blocked_the_bot_is_marked_unreachable_and_not_retried(
    talk: Conversation, fake: FakeBotApi, world: World
) -> None:
    await _bob_comments_on_alices_post(talk)
    fake.fail_next("sendMessage", status=403, chat_id=ALICE)
    assert await talk.notify() == 0
    assert await _reachable(world, ALICE) is False
    world.clock.advance(hours=2)
    before = len(fake.calls_to("sendMessage"))
    assert await talk.notify() == 0
    assert len(fake.calls_to("sendMessage")) == before


async def test_notifications_to_one_chat_are_paced(
    talk: Conversation, fake: FakeBotApi, bot: TelegramAdapter
) -> None:
    bot.pacer.per_chat = 0.2  # the real limit is 1 s; the order of events is what matters here
    await talk.all_replies(talk.message(ALICE, "/post public hello"), "👍 0")
    for n in range(3):
        await talk.says(BOB, f"/comment 1 comment {n}")
    assert await talk.notify() == 3
    sent = [m["text"].splitlines()[1] for m in fake.sent_messages(ALICE) if m["text"].startswith("c")]
    assert sent == ["comment 0", "comment 1", "comment 2"]


@pytest_asyncio.fixture
async def hooked(world: World, fake: FakeBotApi) -> AsyncIterator[tuple[TelegramAdapter, str]]:
    """A webhook-mode bot whose route is mounted on a small aiohttp server, as `openzone run` does."""
    adapter = make_adapter(world, fake, mode="webhook", webhook_secret=SECRET,
                           webhook_url="https://zone.openzone.app/telegram/webhook")

    async def route(request: web.Request) -> web.Response:
        status, headers, body = await adapter.webhook(request.headers, await request.read())
        return web.Response(status=status, headers=headers, body=body)

    app = web.Application()
    app.router.add_post("/telegram/webhook", route)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    await adapter.start()
    yield adapter, f"http://127.0.0.1:{runner.addresses[0][1]}/telegram/webhook"
    await adapter.stop()
    await runner.cleanup()


async def test_webhook_mode_registers_the_webhook_with_its_secret(
    hooked: tuple[TelegramAdapter, str], fake: FakeBotApi
) -> None:
    assert fake.webhook == {"url": "https://zone.openzone.app/telegram/webhook", "secret_token": SECRET,
                            "allowed_updates": ["message", "callback_query", "message_reaction"]}
    assert fake.calls_to("getUpdates") == []


async def test_a_webhook_with_the_right_secret_is_handled(
    hooked: tuple[TelegramAdapter, str], fake: FakeBotApi
) -> None:
    _, url = hooked
    assert await fake.post_webhook(url, fake.text_message(ALICE, "/start"), secret_token=SECRET) == 200
    call = await fake.wait_for_call("sendMessage")
    assert call.params["text"].startswith("<b>Welcome to OpenZone")


async def test_a_webhook_with_a_wrong_or_missing_secret_is_refused(
    hooked: tuple[TelegramAdapter, str], fake: FakeBotApi, world: World
) -> None:
    adapter, url = hooked
    assert await fake.post_webhook(url, fake.text_message(ALICE, "/start"), secret_token="wrong") == 403
    assert await fake.post_webhook(url, fake.text_message(ALICE, "/start")) == 403
    assert await adapter.webhook({SECRET_HEADER.lower(): SECRET}, b"not json") == (
        400, {"Content-Type": "text/plain; charset=utf-8"}, b"bad update")
    assert fake.calls_to("sendMessage") == []
    async with world.db.uow() as uow:
        assert await uow.accounts.by_identity("telegram", str(ALICE)) is None
