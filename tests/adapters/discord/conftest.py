"""The real discord.py client, through our adapter, against the fake Discord and a real database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from adapters.discord import DiscordAdapter
from handlers import Router
from tests.adapters.discord.fake_discord import Call, FakeDiscord, option
from tests.builders import World

ALICE, BOB, CAROL = 710000000000000001, 710000000000000002, 710000000000000003
GUILD, CHANNEL = 720000000000000001, 720000000000000002
PUBLIC_URL = "https://zone.openzone.app"
EPHEMERAL = 64


@pytest_asyncio.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    # aiohttp honours proxy variables; the fake lives on loopback.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    api = FakeDiscord()
    for uid, name in ((ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")):
        api.make_user(uid, name)
    api.add_guild(GUILD, "Zone Guild", channels=[{"id": CHANNEL, "name": "general"}], member_ids=[ALICE, BOB, CAROL])
    await api.start()
    yield api
    await api.stop()


def make_adapter(router: Router, fake: FakeDiscord, **kw: Any) -> DiscordAdapter:
    router.services.public_url = PUBLIC_URL
    return DiscordAdapter(router, fake.token, application_id=str(fake.application_id), api_base_url=fake.api_base,
                          gateway_url=fake.gateway_url, guild_ready_timeout=0.05, **kw)


@pytest.fixture
def world(sqlite_world: World) -> World:
    """These tests run on SQLite only: the handler stack is covered on PostgreSQL elsewhere."""
    return sqlite_world


@pytest_asyncio.fixture
async def bot(world: World, fake: FakeDiscord) -> AsyncIterator[DiscordAdapter]:
    adapter = make_adapter(world.router, fake)
    await adapter.start()
    yield adapter
    await adapter.stop()


class Talk:
    """Dispatch gateway events as a person would cause them; collect what the bot sent back."""

    def __init__(self, fake: FakeDiscord, world: World, adapter: DiscordAdapter) -> None:
        self.fake, self.world, self.adapter = fake, world, adapter

    async def slash(self, name: str, user: int, *options: dict[str, Any], guild: bool = True,
                    until: str | None = None) -> list[Call]:
        """Run a slash command; returns the callback and followups up to one containing `until`."""
        payload = self.fake.slash_command(name, user_id=user, options=list(options),
                                          guild_id=GUILD if guild else None)
        return await self._run(payload, until)

    async def press(self, custom_id: str, user: int, message: dict[str, Any], until: str | None = None) -> list[Call]:
        payload = self.fake.button_click(custom_id, user_id=user, message=message)
        return await self._run(payload, until)

    async def _run(self, payload: dict[str, Any], until: str | None) -> list[Call]:
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        iid = payload["id"]
        await self.fake.wait_for_call("POST", rf"/interactions/{iid}/[^/]+/callback")
        if until is not None:
            await self._wait_text(payload, until)
        return self.fake.interaction_responses(iid)

    async def _wait_text(self, payload: dict[str, Any], text: str) -> None:
        for _ in range(200):
            if any(text in str(c.json) for c in self.fake.interaction_responses(payload["id"])):
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"no response containing {text!r}: {self.fake.interaction_responses(payload['id'])}")

    async def dm(self, user: int, text: str, until: str, **kw: Any) -> list[Call]:
        """A typed DM; returns the messages the bot sent to that DM up to one containing `until`."""
        since = len(self.fake.calls)
        await self.fake.dispatch("MESSAGE_CREATE", self.fake.message_create(None, user, text, **kw))
        channel = self.fake.dm_channel(user)["id"]
        await self.fake.wait_for_call("POST", rf"/channels/{channel}/messages", lambda c: until in str(c.json),
                                      start=since)
        return [c for c in self.fake.calls[since:] if c.method == "POST" and c.path == f"/channels/{channel}/messages"]

    async def notify(self) -> int:
        """Stage 1 and 2 of the outbox, with the adapter as the Discord sender."""
        while await self.world.dispatcher.run_once():
            pass
        return await self.world.dispatcher.deliver("discord", self.adapter.send_delivery)


def data(call: Call) -> dict[str, Any]:
    """The message a callback or followup carried."""
    body = call.json or {}
    return body.get("data", body) if "type" in body and "data" in body else body


def message_of(fake: FakeDiscord, call: Call) -> dict[str, Any]:
    """The message (as the fake holds it now) that a callback or followup created."""
    body = call.response or {}
    created = body.get("resource", {}).get("message", body) if isinstance(body, dict) else {}
    return fake.messages[int(created["id"])]


def post_text(audience: str, text: str) -> list[dict[str, Any]]:
    return [option("audience", audience), option("text", text)]


@pytest.fixture
def talk(fake: FakeDiscord, world: World, bot: DiscordAdapter) -> Talk:
    return Talk(fake, world, bot)
