"""`openzone run` wiring: the Telegram part, its notification sender and its webhook route."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from openzone.config import Settings, Site, Telegram
from openzone.serve import Wiring
from openzone.wiring_telegram import build
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
