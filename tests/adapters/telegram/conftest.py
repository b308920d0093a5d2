"""The real PTB Application, through our adapter, against the fake Bot API and a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import pytest_asyncio

from adapters.telegram import TelegramAdapter
from tests.adapters.telegram.fake_bot_api import Call, FakeBotApi
from tests.builders import World

PUBLIC_URL = "https://zone.openzone.app"
ALICE, BOB = 42, 43


@pytest_asyncio.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeBotApi]:
    # httpx honours proxy variables; the fake lives on loopback.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    # PTB 22 warns when it builds a RetryAfter unless durations are opted in to timedelta.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    api = FakeBotApi()
    await api.start()
    yield api
    await api.stop()


def make_adapter(world: World, fake: FakeBotApi, **kw: Any) -> TelegramAdapter:
    world.services.public_url = PUBLIC_URL
    return TelegramAdapter(world.router, fake.token, api_base_url=fake.base_url,
                           file_base_url=fake.base_file_url, poll_timeout=1, **kw)


@pytest_asyncio.fixture
async def bot(sqlite_world: World, fake: FakeBotApi) -> AsyncIterator[TelegramAdapter]:
    adapter = make_adapter(sqlite_world, fake, typing_after=0.05)
    await adapter.start()
    yield adapter
    await adapter.stop()


@pytest.fixture
def world(sqlite_world: World) -> World:
    """These tests run on SQLite only: the handler stack is covered on PostgreSQL elsewhere."""
    return sqlite_world


class Conversation:
    """Push an update, wait for what the bot sends back."""

    def __init__(self, fake: FakeBotApi, world: World, adapter: TelegramAdapter) -> None:
        self.fake, self.world, self.adapter = fake, world, adapter

    async def send(self, update: dict[str, Any], method: str = "sendMessage",
                   match: Callable[[Call], bool] | None = None) -> Call:
        since = len(self.fake.calls)
        self.fake.push_update(update)
        return await self.fake.wait_for_call(method, match, since=since)

    def message(self, user: int, text: str, **kw: Any) -> dict[str, Any]:
        """A text message from Alice or Bob (named, with usernames), or from a nameless user."""
        name = NAMES.get(user)
        kw.setdefault("username", name)
        kw.setdefault("first_name", name.capitalize() if name else None)
        return self.fake.text_message(user, text, **kw)

    async def says(self, user: int, text: str, **kw: Any) -> str:
        call = await self.send(self.message(user, text, **kw))
        return str(call.params["text"])

    async def all_replies(self, update: dict[str, Any], marker: str) -> list[Call]:
        """Every sendMessage after `update`, up to the one containing `marker`."""
        since = len(self.fake.calls)
        self.fake.push_update(update)
        await self.fake.wait_for_call("sendMessage", lambda c: marker in str(c.params.get("text")), since=since)
        return [c for c in self.fake.calls[since:] if c.method == "sendMessage" and c.error is None]

    async def notify(self) -> int:
        """Stage 1 and 2 of the outbox, with the adapter as the Telegram sender."""
        while await self.world.dispatcher.run_once():
            pass
        return await self.world.dispatcher.deliver("telegram", self.adapter.send_delivery)


NAMES = {ALICE: "alice", BOB: "bob"}


@pytest.fixture
def talk(fake: FakeBotApi, world: World, bot: TelegramAdapter) -> Conversation:
    return Conversation(fake, world, bot)
