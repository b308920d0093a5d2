"""People in a journey: each talks through a real front end and reports only what they saw.

A console person types into `ConsoleSession`; a Telegram person sends updates through the real
PTB adapter to the fake Bot API; a Discord person types into a DM with the real discord.py
adapter against the fake Discord; a browser opens the web view as `openzone run` serves it.
Every `says`/`press`/`notifications` returns the text the person has in front of them now
(buttons shown as `[label]`), never anything read from the database.
"""

from __future__ import annotations

import asyncio
import html
import io
import re
from collections.abc import Iterator
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from telegram import Update

from adapters.console import ConsoleSession
from adapters.discord import DiscordAdapter
from adapters.telegram import TelegramAdapter
from core.ports import Delivery
from tests.adapters.discord.fake_discord import FakeDiscord, option
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import PUBLIC_URL, World

# Seconds that pass while a person reads and types one line, and while they press a button.
TYPING, PRESSING = 3, 1
ZONE_LINK = re.compile(re.escape(PUBLIC_URL) + r"(/z/[a-z0-9_]+\?t=[A-Za-z0-9_\-.]+)")


def visible(page: str) -> str:
    """The text a browser shows for an HTML page: tags dropped, entities decoded, spaces folded."""
    page = re.sub(r"<(script|style|head)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


class ConsolePerson:
    """Someone at `openzone chat --as HANDLE`, line by line."""

    def __init__(self, world: World, handle: str, locale: str | None = None) -> None:
        """`locale`: the terminal's language, as `openzone chat` reads it from LANG (`zh_CN.UTF-8`)."""
        self.world, self.handle = world, handle
        self.out = io.StringIO()

        async def pump(send: Any, external_id: str) -> int:  # as `openzone chat` wires it
            await world.runtime.dispatch_all()
            return await world.runtime.deliver("console", send, external_id)

        self.session = ConsoleSession(world.router, handle, out=self.out, pump=pump, locale=locale)
        self._read = 0

    def _new(self) -> str:
        text = self.out.getvalue()[self._read:]
        self._read += len(text)
        return text

    async def says(self, line: str) -> str:
        self.world.clock.advance(seconds=TYPING)
        self._new()
        await self.session.handle_line(line)
        return self._new()

    async def writes(self, *lines: str) -> str:
        """Several lines typed one after another (a multi-line blog body); all that was printed."""
        printed = []
        for line in lines:
            printed.append(await self.says(line))
        return "".join(printed)

    async def press(self, label: str, within: str | None = None) -> str:
        """Press the newest button whose label starts with `label` (typing its `!N`), or every one
        of them in the text `within` (an answer this person saw), top to bottom."""
        numbers = re.findall(r"\[!(\d+) " + re.escape(label), within or self.out.getvalue())
        assert numbers, f"{self.handle} sees no button {label!r} in:\n{(within or self.out.getvalue())[-1500:]}"
        printed = []
        for number in numbers if within is not None else numbers[-1:]:
            self.world.clock.advance(seconds=PRESSING - TYPING)
            printed.append(await self.says(f"!{number}"))
        return "".join(printed)

    async def notifications(self) -> str:
        """What the session prints on its own between commands (🔔 lines)."""
        self._new()
        await self.session.pump(self.session.notify, self.handle)  # type: ignore[misc]
        return self._new()


def _telegram_text(message: dict[str, Any]) -> str:
    body = message.get("text") or message.get("caption") or ""
    text = ("[image] " if message.get("photo") else "") + html.unescape(re.sub(r"<[^>]+>", "", body))
    for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
        text += "\n" + " ".join(f"[{b['text']}]" for b in row)
    return text


class TelegramPerson:
    """Someone in a private chat with the Telegram bot."""

    def __init__(self, world: World, fake: FakeBotApi, bot: TelegramAdapter, user_id: int, username: str,
                 update_ids: Iterator[int]) -> None:
        self.world, self.fake, self.bot = world, fake, bot
        self.id, self.username = user_id, username
        self.update_ids = update_ids  # one sequence per bot, as Telegram numbers updates
        self._seen: dict[int, str] = {}  # message id → its text when last looked at
        self._pressed: tuple[str, dict[str, Any]] = ("", {})

    async def _process(self, update: dict[str, Any]) -> str:
        since = len(self.fake.calls)
        update = {**update, "update_id": next(self.update_ids)}
        # The update as the adapter's updater or webhook hands it to PTB; awaited to the end.
        await self.bot.application.process_update(Update.de_json(update, self.bot.application.bot))
        toasts = [str(c.params["text"]) for c in self.fake.calls[since:]
                  if c.method == "answerCallbackQuery" and c.params.get("text")]
        return "\n".join([*toasts, self.inbox()])

    def inbox(self) -> str:
        """Messages the bot sent this chat, or changed in it, since the last look."""
        changed = []
        for m in self.fake.sent_messages(self.id):
            text = _telegram_text(m)
            if self._seen.get(m["message_id"]) != text:
                self._seen[m["message_id"]] = text
                changed.append(text)
        return "\n".join(changed)

    async def says(self, text: str) -> str:
        self.world.clock.advance(seconds=TYPING)
        return await self._process(self.fake.text_message(
            self.id, text, username=self.username, first_name=self.username.capitalize()))

    async def sends_photo(self, data: bytes, caption: str) -> str:
        self.world.clock.advance(seconds=TYPING)
        return await self._process(self.fake.photo_message(self.id, data, caption=caption))

    async def press(self, label: str) -> str:
        for message in reversed(self.fake.sent_messages(self.id)):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"].startswith(label) and "callback_data" in button:
                        self._pressed = button["callback_data"], message
                        return await self.press_again()
        raise AssertionError(f"{self.username} sees no button {label!r} in:\n{self.inbox()}")

    async def press_again(self) -> str:
        """The same button once more (a double tap, or a press on a message the chat still shows)."""
        data, message = self._pressed
        self.world.clock.advance(seconds=PRESSING)
        return await self._process(self.fake.callback_query(self.id, data, message, username=self.username))


def _discord_text(message: dict[str, Any]) -> str:
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", (embed.get("author") or {}).get("name") or "",
                  embed.get("description") or "", (embed.get("footer") or {}).get("text") or ""]
    parts += [f"[image {a.get('filename')}]" for a in message.get("attachments") or []]
    for row in message.get("components") or []:
        parts.append(" ".join(f"[{b.get('label')}]" for b in row.get("components", [])))
    return "\n".join(p for p in parts if p)


# discord.py runs each event in a task of its own; these names mark ours (see discord/client.py,
# app_commands/tree.py, ui/view.py). A journey waits for them so it reads a whole answer.
_HANDLING = ("discord.py: on_message", "CommandTree-invoker", "discord-ui-dynamic-item-")


class DiscordPerson:
    """Someone in a DM with the Discord bot: typed commands, slash commands and buttons."""

    def __init__(self, world: World, fake: FakeDiscord, bot: DiscordAdapter, user_id: int, username: str) -> None:
        self.world, self.fake, self.bot = world, fake, bot
        self.id, self.username = user_id, username
        fake.make_user(user_id, username)
        self.channel = int(fake.dm_channel(user_id)["id"])
        self._seen: dict[int, str] = {}  # message id → its text when last looked at

    def _messages(self) -> list[dict[str, Any]]:
        return [m for mid, m in sorted(self.fake.messages.items())
                if int(m["channel_id"]) == self.channel and m["author"]["id"] != str(self.id)]

    def inbox(self) -> str:
        """Messages from the bot in this DM (answers, followups, notifications), or changed in it,
        since the last look."""
        changed = []
        for m in self._messages():
            text = _discord_text(m)
            if self._seen.get(int(m["id"])) != text:
                self._seen[int(m["id"])] = text
                changed.append(text)
        return "\n".join(changed)

    async def _run(self, event: str, payload: dict[str, Any]) -> str:
        since = len(self.fake.calls)
        await self.fake.dispatch(event, payload)
        # The first answer proves discord.py is handling the event; then wait for it to finish.
        await self.fake.wait_for_call("POST", rf"/channels/{self.channel}/messages|/interactions/.+/callback",
                                      start=since)
        me = asyncio.current_task()
        while busy := [t for t in asyncio.all_tasks()
                       if t is not me and not t.done() and t.get_name().startswith(_HANDLING)]:
            await asyncio.wait(busy)
        return self.inbox()

    async def says(self, text: str) -> str:
        self.world.clock.advance(seconds=TYPING)
        return await self._run("MESSAGE_CREATE", self.fake.message_create(None, self.id, text))

    async def slash(self, name: str, **options: str) -> str:
        self.world.clock.advance(seconds=TYPING)
        payload = self.fake.slash_command(name, user_id=self.id, options=[option(k, v) for k, v in options.items()],
                                          channel_id=self.channel)
        return await self._run("INTERACTION_CREATE", payload)

    async def press(self, label: str) -> str:
        for message in reversed(self._messages()):
            for row in message.get("components") or []:
                for button in row.get("components", []):
                    if (button.get("label") or "").startswith(label) and button.get("custom_id"):
                        self.world.clock.advance(seconds=PRESSING)
                        click = self.fake.button_click(button["custom_id"], user_id=self.id, message=message)
                        return await self._run("INTERACTION_CREATE", click)
        raise AssertionError(f"{self.username} sees no button {label!r}")


class Browser:
    """A web browser with its own cookies, on the web view as `openzone run` serves it."""

    def __init__(self, world: World, accept_language: str = "") -> None:
        """`accept_language`: the languages the browser is set to (its `Accept-Language` header)."""
        headers = {"Accept-Language": accept_language} if accept_language else None
        self.client = TestClient(TestServer(world.runtime.web_app()), headers=headers)

    async def __aenter__(self) -> Browser:
        await self.client.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.__aexit__(*exc)  # type: ignore[arg-type]

    async def open(self, url: str) -> tuple[int, str]:
        """Open a link as a person would (following redirects); the status and the visible text."""
        resp = await self.client.get(url.removeprefix(PUBLIC_URL))
        return resp.status, visible(await resp.text())

    async def pages(self, path: str) -> list[str]:
        """A listing page and every older one, following its `rel="next"` link (Older posts →)."""
        shown = []
        while path:
            resp = await self.client.get(path)
            body = await resp.text()
            assert resp.status == 200, (path, resp.status)
            shown.append(visible(body))
            older = re.search(r'rel="next" href="([^"]+)"', body)
            path = resp.url.path + html.unescape(older.group(1)) if older else ""
        return shown

    async def open_link_in(self, chat_text: str) -> tuple[int, str]:
        """Open the personal zone link a bot answer carries (the first one)."""
        links = ZONE_LINK.findall(chat_text)
        assert links, f"no zone link in: {chat_text}"
        return await self.open(links[0])

    async def submit(self, path: str, action: str, **fields: str) -> tuple[int, str]:
        """Fill in and send the form on the page at `path` whose action ends with `action`, as a person
        would (its hidden fields as the page gave them); the page the answer leads to, and its text."""
        body = await (await self.client.get(path)).text()
        forms = re.findall(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', body, re.S)
        found = [(a, f) for a, f in forms if html.unescape(a).endswith(action)]
        assert found, f"no form for {action} on {path}: {[a for a, _ in forms]}"
        target, form = found[0]
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        data = {k: html.unescape(v) for k, v in hidden.items()} | fields
        resp = await self.client.post(html.unescape(target), data=data)
        return resp.status, visible(await resp.text())

    async def pictures(self, path: str) -> dict[str, int]:
        """Every picture the page at `path` shows (data: placeholders aside), with the status it loads with."""
        resp = await self.client.get(path)
        sources = re.findall(r'<img[^>]+src="(/[^"]+)"', await resp.text())
        return {src: (await self.client.get(html.unescape(src))).status for src in sources}

    async def load(self, urls: list[str]) -> list[int]:
        """Fetch pictures by their exact URLs (as if someone had passed them on)."""
        return [(await self.client.get(html.unescape(url))).status for url in urls]


__all__ = ["Browser", "ConsolePerson", "Delivery", "DiscordPerson", "TelegramPerson", "visible"]
