"""A town for journeys: the platform as `openzone run` builds it, and the people who use it.

The platform is `openzone.bootstrap` on the built-in configuration, on SQLite and on PostgreSQL
(the `db` fixture), with only where the bots' servers live added — as an operator pointing
OpenZone at a self-hosted Bot API would. The bots are the parts `openzone run` starts
(`openzone.serve.build_parts`), talking to the local fakes, started when a journey first needs
them; notifications go out as `openzone run`'s outbox loop sends them: `runtime.dispatch_all()`,
then `runtime.deliver(platform, sender)` for each bot's sender (and timed sanctions end on the way).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import AsyncIterator

import pytest

from adapters.discord import DiscordAdapter
from adapters.telegram import TelegramAdapter
from openzone import wiring_moderation
from openzone.runtime import Send
from openzone.serve import build_parts
from openzone.settings import Discord, Telegram
from storage import Database
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World, settings_for
from tests.journeys.people import Browser, ConsolePerson, DiscordPerson, TelegramPerson


class Town:
    def __init__(self, world: World, telegram: FakeBotApi, discord: FakeDiscord,
                 stack: contextlib.AsyncExitStack) -> None:
        self.world, self.stack = world, stack
        self.telegram_api, self.discord_api = telegram, discord
        self.senders: dict[str, Send] = {}
        self._bots: dict[str, object] = {}
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)

    async def _bot(self, role: str) -> object:
        """The part `openzone run --role ROLE` would start, started now; its sender joins the outbox."""
        if role not in self._bots:
            wiring = build_parts(self.world.runtime, role)
            [part] = wiring.parts
            await part.start()
            self.stack.push_async_callback(part.stop)
            self.senders.update(wiring.senders)
            self._bots[role] = part
        return self._bots[role]

    def console(self, handle: str, locale: str | None = None) -> ConsolePerson:
        return ConsolePerson(self.world, handle, locale)

    async def telegram(self, username: str) -> TelegramPerson:
        bot = await self._bot("telegram")
        assert isinstance(bot, TelegramAdapter)
        return TelegramPerson(self.world, self.telegram_api, bot, 5000 + next(self._ids), username,
                              self._update_ids)

    async def discord(self, username: str) -> DiscordPerson:
        bot = await self._bot("discord")
        assert isinstance(bot, DiscordAdapter)
        return DiscordPerson(self.world, self.discord_api, bot, 730000000000000000 + next(self._ids), username)

    async def browser(self, accept_language: str = "") -> Browser:
        return await self.stack.enter_async_context(Browser(self.world, accept_language))

    async def outbox(self) -> None:
        """One turn of `openzone run`'s outbox loop for the bots that run (consoles print their own)."""
        await wiring_moderation.expire(self.world.db.uow, self.world.clock)
        await self.world.runtime.dispatch_all()
        for platform, send in self.senders.items():
            await self.world.runtime.deliver(platform, send)


@pytest.fixture
async def town(db: Database, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Town]:
    # The fakes live on loopback; PTB (httpx) and discord.py (aiohttp) honour proxy variables.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    async with contextlib.AsyncExitStack() as stack:
        telegram, discord = FakeBotApi(), FakeDiscord()
        for fake in (telegram, discord):
            await fake.start()
            stack.push_async_callback(fake.stop)
        settings = settings_for(
            db,
            telegram=Telegram(token=telegram.token, api_base_url=telegram.base_url,
                              file_base_url=telegram.base_file_url),
            discord=Discord(token=discord.token, application_id=str(discord.application_id),
                            api_base_url=discord.api_base, gateway_url=discord.gateway_url),
        )
        world = await World.start(db, settings)
        stack.push_async_callback(world.close)
        yield Town(world, telegram, discord, stack)
