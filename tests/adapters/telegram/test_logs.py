"""No secret in any log: a Telegram journey logged at DEBUG, polling and webhook, holds no token."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace

import pytest

from openzone.logs import MASK, redact_logs
from openzone.settings import Telegram, Web
from tests.adapters.telegram.conftest import ALICE, BOB, Conversation, make_adapter
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World, settings_for

TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
SECRET = "s3cret-webhook-token-0123456789"
SIGNING_KEY = "signing-key-for-links-and-cookies-0123456789"


@pytest.fixture
def redacted(world: World) -> Iterator[None]:
    """The logging `openzone` sets up from its settings (the secrets this run is configured with)."""
    settings = replace(settings_for(world.db), telegram=Telegram(token=TOKEN, webhook_secret=SECRET),
                       web=Web(signing_key=SIGNING_KEY))
    redactor = redact_logs(settings)
    yield
    redactor.uninstall()


async def test_a_telegram_journey_at_debug_logs_no_token_or_secret(
    redacted: None, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeBotApi(token=TOKEN)
    await fake.start()
    polling = make_adapter(world, fake, typing_after=0.05)
    try:
        await polling.start()
        talk = Conversation(fake, world, polling)
        await talk.says(BOB, "/start")
        await talk.all_replies(talk.message(ALICE, "/post public hello"), "👍 0")
        card = fake.sent_messages(ALICE)[-1]
        since = len(fake.calls)
        fake.push_update(fake.callback_query(ALICE, "like:1", card))
        await fake.wait_for_call("answerCallbackQuery", since=since)
        assert await talk.says(BOB, "/comment 1 nice") == "c1 Comment added to #1."
        assert await talk.notify() >= 1
    finally:
        await polling.stop()
    hooked = make_adapter(world, fake, mode="webhook", webhook_secret=SECRET,
                          webhook_url="https://zone.openzone.app/telegram/webhook")
    try:
        await hooked.start()
        assert fake.webhook["secret_token"] == SECRET
    finally:
        await hooked.stop()
        await fake.stop()

    logged = caplog.text
    assert "HTTP Request: POST" in logged and f"/bot{MASK}/sendMessage" in logged  # httpx did log its calls
    for secret in (TOKEN, TOKEN.split(":")[1], SECRET, SIGNING_KEY):
        assert secret not in logged
