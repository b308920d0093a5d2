"""`openzone run` wiring: the Telegram part, its notification sender and its webhook route."""

from __future__ import annotations

import json
from dataclasses import replace
from types import SimpleNamespace

from openzone.config import Settings, Site, Telegram
from openzone.serve import Wiring
from openzone.wiring_telegram import build, build_receiver
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World


def _wiring(world: World, telegram: Telegram) -> Wiring:
    settings = replace(Settings(), telegram=telegram, site=Site(public_url="https://zone.openzone.app/"))
    return Wiring(SimpleNamespace(settings=settings, router=world.router))  # type: ignore[arg-type]


def test_without_a_token_there_is_no_telegram_part(world: World) -> None:
    wiring = _wiring(world, Telegram())
    assert build(wiring) is None
    assert (wiring.senders, wiring.routes) == ({}, [])


async def test_polling_mode_registers_the_sender_and_no_route(world: World, fake: FakeBotApi) -> None:
    wiring = _wiring(world, Telegram(token=fake.token, api_base_url=fake.base_url, file_base_url=fake.base_file_url))
    part = build(wiring)
    assert part is not None and part.name == "telegram"
    assert wiring.senders == {"telegram": part.send_delivery}  # type: ignore[attr-defined]
    assert wiring.routes == []
    await part.start()
    await fake.wait_for_call("getUpdates")
    await part.stop()


async def test_webhook_mode_mounts_the_route_under_the_public_url(world: World, fake: FakeBotApi) -> None:
    secret = "0123456789abcdef-secret"
    wiring = _wiring(world, Telegram(token=fake.token, mode="webhook", webhook_secret=secret,
                                     api_base_url=fake.base_url, file_base_url=fake.base_file_url))
    part = build(wiring)
    assert part is not None
    assert wiring.routes == [("POST", "/telegram/webhook", part.webhook)]  # type: ignore[attr-defined]
    await part.start()
    await part.stop()
    assert fake.webhook["url"] == "https://zone.openzone.app/telegram/webhook"
    assert fake.webhook["secret_token"] == secret


async def test_a_web_process_answers_webhook_calls_but_leaves_the_webhook_menus_and_sends_to_the_bot_process(
    world: World, fake: FakeBotApi,
) -> None:
    secret = "0123456789abcdef-secret"
    wiring = _wiring(world, Telegram(token=fake.token, mode="webhook", webhook_secret=secret,
                                     api_base_url=fake.base_url, file_base_url=fake.base_file_url))
    part = build_receiver(wiring)
    assert part is not None
    assert wiring.routes == [("POST", "/telegram/webhook", part.webhook)]  # type: ignore[attr-defined]
    assert wiring.senders == {}  # notifications go out from the telegram process
    await part.start()
    try:
        update = {"update_id": 7, **fake.text_message(42, "/start", username="alice", first_name="Alice")}
        status, _, _ = await part.webhook({"X-Telegram-Bot-Api-Secret-Token": secret},  # type: ignore[attr-defined]
                                          json.dumps(update).encode())
        assert status == 200
        # Answered before the 200: a web process killed meanwhile gets Telegram to send it again.
        assert any(c.method == "sendMessage" and "Welcome" in str(c.params.get("text")) for c in fake.calls)
    finally:
        await part.stop()
    assert not any(c.method in ("setWebhook", "setMyCommands") for c in fake.calls)


def test_a_web_process_takes_no_telegram_part_in_polling_mode(world: World, fake: FakeBotApi) -> None:
    wiring = _wiring(world, Telegram(token=fake.token, api_base_url=fake.base_url, file_base_url=fake.base_file_url))
    assert build_receiver(wiring) is None
