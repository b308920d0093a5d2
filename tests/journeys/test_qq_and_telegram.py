"""One person on QQ and Telegram at once: linked with /link CODE, a friend's friends-only post seen from QQ.

The platform is `openzone run`'s: `openzone.bootstrap` on the built-in configuration, and the parts
`openzone.serve.build_parts(runtime, "all")` builds — the Telegram bot against the fake Bot API,
the QQ bot in reverse mode, and the web server the fake OneBot implementation connects to.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import socket
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest

from adapters.qq import QQAdapter
from adapters.telegram import TelegramAdapter
from openzone.serve import build_parts
from openzone.settings import QQ, Telegram, Web
from storage import Database
from tests.adapters.qq.fake_onebot import FakeOneBot, text_of
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World, settings_for
from tests.journeys.people import PRESSING, TYPING, ConsolePerson, TelegramPerson

TOKEN = "journey-onebot-token-0123456789"


class QQPerson:
    """Someone in a private chat with the QQ bot, through the fake OneBot implementation."""

    def __init__(self, world: World, fake: FakeOneBot, bot: QQAdapter, user_id: int, nickname: str) -> None:
        self.world, self.fake, self.bot = world, fake, bot
        self.id, self.nickname = user_id, nickname
        self._read = 0

    def inbox(self) -> str:
        """Messages the bot sent this chat since the last look."""
        sent = self.fake.sent(user=self.id)
        new, self._read = sent[self._read:], len(sent)
        return "\n".join(text_of(m) for m in new)

    async def _send(self, message: Any) -> str:
        since = len(self.fake.calls)
        await self.fake.push(self.fake.private(self.id, message, self.nickname))
        await self.fake.wait_for_call("send_private_msg", lambda c: c.params["user_id"] == self.id, since=since)
        await self.bot.drain()
        return self.inbox()

    async def says(self, text: str) -> str:
        self.world.clock.advance(seconds=TYPING)
        return await self._send(text)

    async def press(self, label: str) -> str:
        """Answer the newest message offering `label` with its number, quoting that message."""
        for message in reversed(self.fake.sent(user=self.id)):
            if found := re.search(r"\[!(\d+) " + re.escape(label), text_of(message)):
                self.world.clock.advance(seconds=PRESSING)
                return await self._send([self.fake.reply(message["message_id"]), self.fake.text(f"!{found[1]}")])
        raise AssertionError(f"{self.nickname} sees no choice {label!r}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Town:
    def __init__(self, world: World, telegram: FakeBotApi, onebot: FakeOneBot, parts: dict[str, Any]) -> None:
        self.world, self.telegram_api, self.onebot, self.parts = world, telegram, onebot, parts
        self.senders: dict[str, Any] = {}
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)

    def telegram(self, username: str) -> TelegramPerson:
        return TelegramPerson(self.world, self.telegram_api, self.parts["telegram"], 5000 + next(self._ids), username,
                              self._update_ids)

    def qq(self, nickname: str) -> QQPerson:
        return QQPerson(self.world, self.onebot, self.parts["qq"], 300000 + next(self._ids), nickname)

    def console(self, handle: str) -> ConsolePerson:
        return ConsolePerson(self.world, handle)

    async def outbox(self) -> None:
        """One turn of `openzone run`'s outbox loop for the bots that run."""
        await self.world.runtime.dispatch_all()
        for platform, send in self.senders.items():
            await self.world.runtime.deliver(platform, send)


@pytest.fixture
async def town(db: Database, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Town]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    async with contextlib.AsyncExitStack() as stack:
        telegram, onebot = FakeBotApi(), FakeOneBot(token=TOKEN)
        for fake in (telegram, onebot):
            await fake.start()
            stack.push_async_callback(fake.stop)
        port = _free_port()
        settings = settings_for(
            db, web=replace(Web(), port=port),
            telegram=Telegram(token=telegram.token, api_base_url=telegram.base_url,
                              file_base_url=telegram.base_file_url),
            qq=QQ(mode="reverse", access_token=TOKEN, self_id=str(onebot.self_id)),
        )
        world = await World.start(db, settings)
        stack.push_async_callback(world.close)
        wiring = build_parts(world.runtime, "all")
        parts = {p.name: p for p in wiring.parts}
        assert set(parts) == {"telegram", "qq", "web"}
        for part in wiring.parts:
            await part.start()
            stack.push_async_callback(part.stop)
        # The OneBot implementation dials [qq] ws_path on the web server, as NapCat would.
        await onebot.connect(f"ws://127.0.0.1:{port}{settings.qq.ws_path}")
        stack.push_async_callback(onebot.disconnect)
        qq = parts["qq"]
        assert isinstance(qq, QQAdapter) and isinstance(parts["telegram"], TelegramAdapter)
        await qq.links.up.wait()
        town = Town(world, telegram, onebot, parts)
        town.senders.update(wiring.senders)
        yield town


def link_code(answer: str) -> str:
    found = re.search(r"/link ([A-Z0-9-]{6,})", answer)
    assert found, answer
    return found.group(1)


async def test_qq_and_telegram_linked_to_one_account_see_a_friends_friends_only_post_from_qq(town: Town) -> None:
    tom_qq, tom_tg = town.qq("tom"), town.telegram("tommy")
    bob, dora = town.console("bob"), town.qq("dora")
    assert "Welcome to OpenZone, tom!" in await tom_qq.says("/start")
    assert "Welcome to OpenZone" in await tom_tg.says("/start")  # a second account, for now

    # /link on QQ, the code on Telegram: one account, @tom, reached on both.
    code = link_code(await tom_qq.says("/link"))
    assert "Linked! This telegram identity is now @tom." in await tom_tg.says(f"/link {code}")
    assert "Linked: qq, telegram" in await tom_qq.says("/me")
    assert "Linked: qq, telegram" in await tom_tg.says("/me")
    await town.outbox()
    assert "A telegram identity was linked to @tom" in tom_qq.inbox()

    # Bob asks on the console; the request reaches Tom on QQ and on Telegram; he accepts from QQ.
    await bob.says("/start")
    assert "request sent" in await bob.says("/friend tom")
    await town.outbox()
    assert "bob (@bob) sent you a friend request" in tom_qq.inbox()
    assert "bob (@bob) sent you a friend request" in tom_tg.inbox()
    assert "now friends" in await tom_qq.press("✅ Accept")
    assert "already friends" in await tom_tg.press("✅ Accept")
    assert "tom (@tom) accepted your friend request" in await bob.notifications()

    # Bob's friends-only post: Tom sees it from QQ (and Telegram); Dora, a stranger on QQ, doesn't.
    assert "Posted #1 to friends." in await bob.says("/post friends only for my friends")
    assert "only for my friends" in await tom_qq.says("/feed")
    assert "only for my friends" in await tom_qq.says("/posts bob")
    assert "only for my friends" in await tom_tg.says("/feed")
    await dora.says("/start")
    assert "only for my friends" not in await dora.says("/posts bob")
    assert "There is no post #1 that you can see" in await dora.says("/comment 1 hello?")

    # Tom comments from QQ; Bob hears of it; Bob's like of Tom's reply reaches Tom on both messengers.
    assert "Comment added to #1" in await tom_qq.says("/comment 1 seen it from qq")
    notice = await bob.notifications()
    assert "commented on your post #1" in notice and "seen it from qq" in notice
    assert "Posted #2 to public." in await tom_qq.says("/post public hello from qq")
    assert "Liked #2" in await bob.says("/like 2")
    await town.outbox()
    assert "bob (@bob) liked your post" in tom_qq.inbox()
    assert "bob (@bob) liked your post" in tom_tg.inbox()
    await town.outbox()  # nothing twice
    assert tom_qq.inbox() == "" and tom_tg.inbox() == ""
