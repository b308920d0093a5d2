"""Our QQ adapter against the fake OneBot v11 implementation, over real WebSockets and a real database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web

from adapters.qq import QQAdapter
from tests.adapters.qq.fake_onebot import FakeOneBot, text_of
from tests.builders import World

TOKEN = "qq-access-token-0123456789"
PATH = "/onebot/v11/ws"
ALICE, BOB, CAROL = 20001, 20002, 20003
GROUP = 777000
PROBE = 29999  # someone whose answered /help shows that earlier events are handled
NAMES = {ALICE: "alice", BOB: "bob", CAROL: "carol"}


@pytest.fixture
def world(sqlite_world: World) -> World:
    """These tests run on SQLite only: the handler stack is covered on PostgreSQL elsewhere."""
    return sqlite_world


@pytest_asyncio.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeOneBot]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    onebot = FakeOneBot(token=TOKEN)
    await onebot.start()
    yield onebot
    await onebot.stop()


class WebServer:
    """The web view as `openzone run` serves it, with the adapter's reverse WebSocket route mounted."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.runner: web.AppRunner | None = None
        self.port = 0

    async def start(self, adapter: QQAdapter) -> None:
        app = self.world.runtime.web_app()
        app.router.add_get(PATH, adapter.accept)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{PATH}"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None


def make_adapter(world: World, fake: FakeOneBot, **kw: Any) -> QQAdapter:
    kw.setdefault("access_token", TOKEN)
    kw.setdefault("self_id", str(fake.self_id))
    return QQAdapter(world.router, **kw)


async def until(condition: Any, timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


@pytest_asyncio.fixture
async def server(world: World) -> AsyncIterator[WebServer]:
    web_server = WebServer(world)
    yield web_server
    await web_server.stop()


@pytest_asyncio.fixture
async def bot(world: World, fake: FakeOneBot, server: WebServer) -> AsyncIterator[QQAdapter]:
    """The adapter in reverse mode: the fake dials OpenZone's web server."""
    adapter = make_adapter(world, fake)
    await adapter.start()
    await server.start(adapter)
    await fake.connect(server.url)
    await until(lambda: adapter.links.api is not None and adapter.links.up.is_set())
    yield adapter
    await fake.disconnect()
    await adapter.stop()


class Conversation:
    """Push a message event, wait for the whole answer, read what the person sees."""

    def __init__(self, fake: FakeOneBot, world: World, adapter: QQAdapter) -> None:
        self.fake, self.world, self.adapter = fake, world, adapter

    async def send(self, event: dict[str, Any], *, to_user: int | None = None, to_group: int | None = None) -> str:
        """Push `event`; the bot's messages to the private chat `to_user` (or `to_group`) it caused."""
        if to_user is None and to_group is None:
            to_user, to_group = (None, event["group_id"]) if event["message_type"] == "group" else (event["user_id"], None)
        before = len(self.fake.sent(user=to_user, group=to_group))
        since = len(self.fake.calls)
        self.world.clock.advance(seconds=1)
        await self.fake.push(event)
        action = "send_group_msg" if to_group is not None else "send_private_msg"
        target = "group_id" if to_group is not None else "user_id"
        await self.fake.wait_for_call(action, lambda c: c.params[target] == (to_group or to_user), since=since)
        await self.adapter.drain()
        return "\n".join(text_of(m) for m in self.fake.sent(user=to_user, group=to_group)[before:])

    async def says(self, user: int, message: Any) -> str:
        return await self.send(self.fake.private(user, message, NAMES.get(user, "")))

    async def in_group(self, user: int, message: Any, **kw: Any) -> str:
        return await self.send(self.fake.group(GROUP, user, message, NAMES.get(user, "")), **kw)

    async def handled(self, event: dict[str, Any]) -> None:
        """Push `event` and wait until the bot has handled it, whether it answers or not.

        Frames are read in order and each starts its handling at once, so once a probe sent after
        it is answered and the adapter has drained, `event` is done too.
        """
        await self.fake.push(event)
        await self.says(PROBE, "/help")

    def last_sent(self, *, user: int | None = None, group: int | None = None) -> dict[str, Any]:
        return self.fake.sent(user=user, group=group)[-1]

    async def notify(self) -> int:
        """Stage 1 and 2 of the outbox, with the adapter as the QQ sender."""
        while await self.world.dispatcher.run_once():
            pass
        return await self.world.dispatcher.deliver("qq", self.adapter.send_delivery)


@pytest.fixture
def talk(fake: FakeOneBot, world: World, bot: QQAdapter) -> Conversation:
    return Conversation(fake, world, bot)


@asynccontextmanager
async def running(world: World, fake: FakeOneBot) -> AsyncIterator[tuple[QQAdapter, Conversation]]:
    """The adapter as one process runs it, from start until it stops (the fake disconnected first)."""
    server = WebServer(world)
    adapter = make_adapter(world, fake)
    await adapter.start()
    await server.start(adapter)
    await fake.connect(server.url)
    await until(lambda: adapter.links.up.is_set())
    try:
        yield adapter, Conversation(fake, world, adapter)
    finally:
        await fake.disconnect()
        await adapter.stop()
        await server.stop()
