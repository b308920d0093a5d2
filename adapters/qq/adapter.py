"""The QQ front end: OneBot v11 events in, replies out, over a reverse or forward WebSocket.

Adapters translate, never decide: every message event becomes an Incoming for `Router.handle`,
every Reply is rendered by `render.py`. This module owns QQ's concerns only — the connection,
groups vs private chats, numbered choices, quoted messages, pictures and paced notifications.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web

from adapters.qq.buttons import Choices
from adapters.qq.incoming import PRESS, chat_key, parse, plain_text, to_incoming
from adapters.qq.protocol import ACTION_TIMEOUT, ActionFailed, Event, Link, NotConnected
from adapters.qq.render import render
from adapters.qq.transport import Connections, Refused
from chat import Incoming, Pacer, Reply, face_as_picture, reply
from core import i18n
from core.i18n import _
from core.outbox import RetryLater, Unreachable
from core.ports import Delivery
from handlers import Router

log = logging.getLogger(__name__)
MODES = ("reverse", "forward")
# A failed send_private_msg with these retcodes (bad parameters / bad data: not a friend, no such
# user) can't reach the person; anything else is worth retrying.
UNREACHABLE_RETCODES = frozenset({100, 102})
RETRY_SECONDS = 30.0  # no connection up: the outbox tries again after this
MAX_DOWNLOAD = 64 * 2**20  # a picture larger than any [media] max_mb allows is not read to the end


class _Turn:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class QQAdapter:
    """One QQ account behind a OneBot v11 implementation. `start`/`stop` run inside the shared loop."""

    name = "qq"

    def __init__(self, router: Router, *, mode: str = "reverse", ws_url: str = "", access_token: str = "",
                 self_id: str = "", pacer: Pacer | None = None, action_timeout: float = ACTION_TIMEOUT,
                 connect_wait: float = 10.0) -> None:
        if mode not in MODES:
            raise ValueError(f"qq mode must be reverse or forward, not {mode!r}")
        if mode == "forward" and not ws_url:
            raise ValueError("forward mode needs the OneBot implementation's ws_url")
        self.router = router
        self.mode = mode
        self.ws_url = ws_url
        self.connect_wait = connect_wait
        self.self_id = self_id
        self.nickname = ""
        self.pacer = pacer or Pacer(per_chat=1.0, per_second=5.0)
        self.links = Connections(self._on_event, token=access_token, self_id=self_id, timeout=action_timeout,
                                 on_up=self._logged_in)
        self.choices = Choices(router.services)
        self._session: aiohttp.ClientSession | None = None
        self._locks: dict[str, _Turn] = {}

    # ---- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        if self.mode == "forward":
            try:
                await self.links.dial(self.ws_url, self._session, wait=self.connect_wait)
            except Refused:
                await self._session.close()
                raise
        log.info("QQ bot running (%s%s)", self.mode, f", QQ {self.self_id}" if self.self_id else "")

    async def stop(self) -> None:
        await self.links.close()  # the events in hand are answered first
        await self.choices.flush()  # the choices shown last are written before we go
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def accept(self, request: web.Request) -> web.StreamResponse:
        """The reverse WebSocket route on the shared web server (mounted at `[qq] ws_path`)."""
        return await self.links.accept(request)

    async def _logged_in(self, link: Link) -> None:
        """get_login_info on every new connection: which account we are (and refuse a wrong one)."""
        info = await link.call("get_login_info") or {}
        user_id = str(info.get("user_id", ""))
        if self.self_id and user_id and user_id != self.self_id:
            raise Refused(f"the OneBot implementation is logged in as QQ {user_id}, not [qq] self_id {self.self_id}",
                          "self_id")
        self.self_id = self.self_id or user_id
        self.nickname = str(info.get("nickname", ""))
        log.info("OneBot logged in as %s (QQ %s)", self.nickname or "?", self.self_id)

    async def drain(self) -> None:
        """Wait until every event received so far is handled (tests read whole answers with it)."""
        for link in list(self.links.links):
            await link.drain()

    # ---- events ------------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def _turn(self, chat: str) -> AsyncIterator[None]:
        """One message at a time per conversation, in order (a blog title before its body)."""
        turn = self._locks.setdefault(chat, _Turn())
        turn.users += 1
        try:
            async with turn.lock:
                yield
        finally:
            turn.users -= 1
            if not turn.users:
                del self._locks[chat]

    async def _on_event(self, event: Event) -> None:
        if event.get("post_type") != "message" or str(event.get("user_id")) == self.self_id:
            return  # meta events (heartbeats, lifecycle), notices, requests; our own messages
        where = chat_key(event)
        # QQ tells no language: our own notes speak the site's until the router knows the person's.
        async with self._turn(where):
            with i18n.using(self.router.services.languages.default):
                await self._answer(event, where)

    async def _answer(self, event: Event, where: str) -> None:
        try:
            incoming = await self._incoming(event, where)
            if incoming is None:
                return
            replies = await self.router.handle(incoming)
            await self._show(event, incoming, replies)
        except Exception:
            ref = secrets.token_hex(4)
            log.exception("qq message %s failed (ref %s)", event.get("message_id"), ref)
            with contextlib.suppress(Exception):
                await self._send_text(event, _("⚠️ Something went wrong on our side (ref {ref}). Please try again.")
                                      .format(ref=ref))

    async def _incoming(self, event: Event, where: str) -> Incoming | None:
        parsed = parse(event.get("message"), self.self_id)
        replied = await self._quoted(parsed.reply_id) if parsed.reply_id else None
        press = PRESS.match(parsed.text.strip())
        if press:
            action = await self.choices.action(where, int(press.group(1)), parsed.reply_id if replied is not None else None)
            if action is not None:
                return to_incoming(event, parsed, self._fetcher, replied_to_me=replied, action=action)
            if event.get("message_type") == "private" or parsed.at_me or replied is not None:
                await self._send_text(event, _("⚠️ No choice !{n} here — it may have expired. Send the command again.")
                                      .format(n=press.group(1)))
            return None
        return to_incoming(event, parsed, self._fetcher, replied_to_me=replied)

    async def _quoted(self, message_id: str) -> str | None:
        """The text of the quoted message if it is ours (get_msg), else None."""
        try:
            found = await self.links.call("get_msg", message_id=int(message_id) if message_id.isdigit() else message_id)
        except (ActionFailed, NotConnected) as exc:
            log.info("cannot look up quoted QQ message %s: %s", message_id, exc)
            return None
        found = found or {}
        author = str((found.get("sender") or {}).get("user_id") or found.get("user_id") or "")
        return plain_text(found.get("message")) if author and author == self.self_id else None

    def _fetcher(self, url: str) -> Callable[[], Awaitable[bytes]]:
        async def fetch() -> bytes:
            assert self._session is not None
            pieces, size = [], 0
            async with self._session.get(url) as resp:
                resp.raise_for_status()
                async for piece in resp.content.iter_chunked(2**16):
                    pieces.append(piece)
                    size += len(piece)
                    if size > MAX_DOWNLOAD:  # enough to be refused as too large, not all of it
                        break
            return b"".join(pieces)

        return fetch

    # ---- answers -----------------------------------------------------------------------------
    async def _show(self, event: Event, incoming: Incoming, replies: list[Reply]) -> None:
        """Send each reply where it belongs; personal ones asked for in a group go privately."""
        in_group = incoming.chat == "group"
        user_id = int(incoming.sender.external_id)
        quote = event.get("message_id") if in_group else None
        here: tuple[list[str], list[Any]] = ([], [])
        private: tuple[list[str], list[Any]] = ([], [])
        dm: bool | None = None  # None: nothing personal; False: the private message failed
        tell = False  # whether the group hears where the answer went (a press's acknowledgement needs not)
        for r in replies:
            if r.personal and in_group:
                if dm is not False:
                    dm = await self._dm(user_id, r, private)
                tell = tell or not r.toast or dm is False
            else:
                here[1].extend(await self._send(event, r, here[0], quote=quote))
                quote = None
        self.choices.remember(chat_key(event), here[1], here[0])
        self.choices.remember(f"private:{user_id}", private[1], private[0])
        if dm is not None and tell:
            name = incoming.sender.display_name
            note = reply(_("📬 {name}, I sent you the answer privately.").format(name=name) if dm else
                         _("🔒 {name}, that answer is private — add me as a QQ friend, then try again.").format(name=name))
            await self._send(event, note, [], quote=event.get("message_id"))

    async def _dm(self, user_id: int, r: Reply, batch: tuple[list[str], list[Any]]) -> bool:
        try:
            batch[1].extend(await self._send_to("private", user_id, r, batch[0]))
            return True
        except ActionFailed as exc:
            log.info("cannot message QQ user %s privately: %s", user_id, exc)
            return False

    async def _send(self, event: Event, r: Reply, numbers: list[str], quote: Any = None) -> list[Any]:
        if event.get("message_type") == "group":
            return await self._send_to("group", int(event["group_id"]), r, numbers, quote)
        return await self._send_to("private", int(event["user_id"]), r, numbers, quote)

    async def _send_to(self, kind: str, target: int, r: Reply, numbers: list[str], quote: Any = None) -> list[Any]:
        """Send one reply as one or more messages; returns their message ids."""
        ids = []
        # QQ can't show a face beside a name: a profile's rides as its picture, a post card has none.
        for n, message in enumerate(render(await face_as_picture(r), numbers)):
            segments = list(message.segments)
            if quote is not None and n == 0:
                segments.insert(0, {"type": "reply", "data": {"id": str(quote)}})
            ids.append(await self._post(kind, target, segments))
        return ids

    async def _post(self, kind: str, target: int, segments: list[Any]) -> Any:
        if kind == "group":
            data = await self.links.call("send_group_msg", group_id=target, message=segments)
        else:
            data = await self.links.call("send_private_msg", user_id=target, message=segments)
        return (data or {}).get("message_id")

    async def _send_text(self, event: Event, text: str) -> None:
        await self._send(event, reply(text), [])

    # ---- notifications -----------------------------------------------------------------------
    async def send_delivery(self, delivery: Delivery) -> None:
        """The outbox notifier's sender: one private message, paced; the outbox decides when to retry."""
        r = Reply.from_dict(delivery.payload)
        await self.pacer.wait(delivery.external_id)
        numbers: list[str] = []
        try:
            ids = await self._send_to("private", int(delivery.external_id), r, numbers)
        except ActionFailed as exc:
            if exc.retcode in UNREACHABLE_RETCODES:
                raise Unreachable(str(exc)) from exc
            raise
        except NotConnected as exc:
            raise RetryLater(RETRY_SECONDS) from exc
        self.choices.remember(f"private:{delivery.external_id}", ids, numbers)


__all__ = ["MODES", "QQAdapter", "RETRY_SECONDS", "UNREACHABLE_RETCODES"]
