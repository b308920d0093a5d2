"""A town for journeys: the platform as `openzone run` builds it, and the people who use it.

The platform is `openzone.bootstrap` on the built-in configuration (the `world` fixture, on
SQLite and on PostgreSQL); the messengers are the real adapters against the local fakes, started
only when a journey first needs them; notifications go out the way `openzone run`'s outbox loop
sends them (`runtime.dispatch_all()`, then `runtime.deliver(platform, sender)`).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import AsyncIterator

import pytest

from adapters.discord import DiscordAdapter
from adapters.telegram import TelegramAdapter
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World
from tests.journeys.people import Browser, ConsolePerson, DiscordPerson, TelegramPerson


class Town:
    def __init__(self, world: World, stack: contextlib.AsyncExitStack) -> None:
        self.world, self.stack = world, stack
        self._telegram: tuple[FakeBotApi, TelegramAdapter] | None = None
        self._discord: tuple[FakeDiscord, DiscordAdapter] | None = None
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)

    def console(self, handle: str) -> ConsolePerson:
        return ConsolePerson(self.world, handle)

    async def telegram(self, username: str) -> TelegramPerson:
        if self._telegram is None:
            fake = FakeBotApi()
            await fake.start()
            self.stack.push_async_callback(fake.stop)
            bot = TelegramAdapter(self.world.chat, fake.token, api_base_url=fake.base_url,
                                  file_base_url=fake.base_file_url, poll_timeout=1)
            await bot.start()
            self.stack.push_async_callback(bot.stop)
            self._telegram = fake, bot
        fake, bot = self._telegram
        return TelegramPerson(self.world, fake, bot, 5000 + next(self._ids), username, self._update_ids)

    async def discord(self, username: str) -> DiscordPerson:
        if self._discord is None:
            fake = FakeDiscord()
            await fake.start()
            self.stack.push_async_callback(fake.stop)
            bot = DiscordAdapter(self.world.chat, fake.token, application_id=str(fake.application_id),
                                 api_base_url=fake.api_base, gateway_url=fake.gateway_url, guild_ready_timeout=0.05)
            await bot.start()
            self.stack.push_async_callback(bot.stop)
            self._discord = fake, bot
        fake, bot = self._discord
        return DiscordPerson(self.world, fake, bot, 730000000000000000 + next(self._ids), username)

    async def browser(self) -> Browser:
        return await self.stack.enter_async_context(Browser(self.world))

    async def outbox(self) -> None:
        """One turn of the outbox loop for the messengers with a bot (consoles print their own)."""
        await self.world.runtime.dispatch_all()
        if self._telegram is not None:
            await self.world.runtime.deliver("telegram", self._telegram[1].send_delivery)
        if self._discord is not None:
            await self.world.runtime.deliver("discord", self._discord[1].send_delivery)


@pytest.fixture
async def town(world: World, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Town]:
    # The fakes live on loopback; PTB (httpx) and discord.py (aiohttp) honour proxy variables.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    # PTB 22 warns when it builds a RetryAfter unless durations are opted in to timedelta.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    async with contextlib.AsyncExitStack() as stack:
        yield Town(world, stack)
