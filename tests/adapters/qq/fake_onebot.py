"""A small fake OneBot v11 implementation (as NapCat or Lagrange.OneBot would be) for the real adapter.

It speaks the protocol over real WebSockets, both ways:

- reverse: ``await fake.connect(url)`` dials OpenZone's web server as a Universal client
  (``X-Self-ID``, ``X-Client-Role: Universal``, ``Authorization: Bearer TOKEN``);
- forward: ``fake.ws_url`` is a WebSocket server OpenZone dials; a connection without the
  token is refused with 401, a wrong one with 403 (OneBot v11's rules).

Events are pushed with ``await fake.push(fake.private(42, "/start"))``; every action the bot
calls is recorded in ``fake.calls`` and answered as an implementation would (``echo`` returned).
Pictures a person "sends" are served over HTTP at the ``url`` of their ``image`` segment.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, WSMsgType, web

JSON = dict[str, Any]
NOT_FRIEND = 100  # the retcode our fake gives for a private message to someone it can't reach


@dataclass
class Call:
    action: str
    params: JSON
    echo: Any = None
    failed: int | None = None  # the retcode when answered with `status: failed`


@dataclass
class _Failure:
    action: str
    retcode: int
    times: int
    target: int | None


@dataclass
class FakeOneBot:
    self_id: int = 10001
    token: str = ""
    nickname: str = "OpenZone Bot"
    calls: list[Call] = field(default_factory=list)
    messages: dict[int, JSON] = field(default_factory=dict)
    unreachable: set[int] = field(default_factory=set)
    """Users a private message can't reach (not friends, no temporary session)."""
    images: dict[str, bytes] = field(default_factory=dict)
    refused: list[int] = field(default_factory=list)
    """HTTP statuses of forward connections this fake refused."""
    message_format: str = "array"
    """How events carry messages: "array" (segments) or "string" (CQ codes), as implementations allow."""

    def __post_init__(self) -> None:
        self._ids = itertools.count(1001)
        self._failures: list[_Failure] = []
        self._sockets: list[Any] = []
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None
        self._readers: set[asyncio.Task[None]] = set()
        self.port = 0

    # ---- servers -----------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self._forward)
        app.router.add_get("/images/{name}", self._image)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._client = ClientSession()

    async def stop(self) -> None:
        await self.disconnect()
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _image(self, request: web.Request) -> web.Response:
        data = self.images.get(request.match_info["name"])
        return web.Response(body=data, content_type="image/jpeg") if data is not None else web.Response(status=404)

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        if self.token:
            auth = request.headers.get("Authorization", "")
            given = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else request.query.get("access_token")
            if given != self.token:
                status = 401 if given is None else 403
                self.refused.append(status)
                return web.Response(status=status)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await self._serve(ws)
        return ws

    async def connect(self, url: str, *, token: str | None = None, in_query: bool = False,
                      role: str = "Universal") -> None:
        """Dial OpenZone as a reverse WebSocket client; raises aiohttp's handshake error if refused."""
        assert self._client is not None
        token = self.token if token is None else token
        headers = {"X-Self-ID": str(self.self_id), "X-Client-Role": role, "User-Agent": "FakeOneBot/11"}
        params = {}
        if token and in_query:
            params["access_token"] = token
        elif token:
            headers["Authorization"] = f"Bearer {token}"
        ws = await self._client.ws_connect(url, headers=headers, params=params)
        self._sockets.append(ws)
        task = asyncio.create_task(self._serve(ws))
        self._readers.add(task)
        task.add_done_callback(self._readers.discard)
        await self.push({"time": int(time.time()), "self_id": self.self_id, "post_type": "meta_event",
                         "meta_event_type": "lifecycle", "sub_type": "connect"})

    async def disconnect(self) -> None:
        for ws in list(self._sockets):
            with contextlib.suppress(Exception):
                await ws.close()
        for task in list(self._readers):
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(task, 5)

    @property
    def connected(self) -> bool:
        return any(not ws.closed for ws in self._sockets)

    async def wait_connected(self, timeout: float = 10.0) -> None:
        async with asyncio.timeout(timeout):
            while not self.connected:
                await asyncio.sleep(0.01)

    # ---- the protocol ------------------------------------------------------------------------
    async def _serve(self, ws: Any) -> None:
        if ws not in self._sockets:
            self._sockets.append(ws)
        try:
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    continue
                request = json.loads(frame.data)
                response = self._answer(request)
                response["echo"] = request.get("echo")
                await ws.send_str(json.dumps(response))
                async with self._changed:
                    self._changed.notify_all()
        finally:
            self._sockets.remove(ws)

    def _answer(self, request: JSON) -> JSON:
        action, params = request.get("action", ""), request.get("params") or {}
        call = Call(action, params, request.get("echo"))
        self.calls.append(call)
        target = params.get("user_id") or params.get("group_id")
        for f in self._failures:
            if f.action == action and f.times > 0 and (f.target is None or f.target == target):
                f.times -= 1
                return self._failed(call, f.retcode, "injected failure")
        handler = getattr(self, f"_do_{action}", None)
        if handler is None:
            return self._failed(call, 1404, "action not found")
        return handler(call)

    def _failed(self, call: Call, retcode: int, message: str) -> JSON:
        call.failed = retcode
        return {"status": "failed", "retcode": retcode, "data": None, "message": message, "wording": message}

    @staticmethod
    def _ok(data: Any) -> JSON:
        return {"status": "ok", "retcode": 0, "data": data}

    def _do_get_login_info(self, call: Call) -> JSON:
        return self._ok({"user_id": self.self_id, "nickname": self.nickname})

    def _store(self, kind: str, message: Any, *, user_id: int, group_id: int | None = None,
               nickname: str = "") -> int:
        message_id = next(self._ids)
        self.messages[message_id] = {
            "message_id": message_id, "real_id": message_id, "time": int(time.time()), "message_type": kind,
            "user_id": user_id, "group_id": group_id, "sender": {"user_id": user_id, "nickname": nickname},
            "message": message,
        }
        return message_id

    def _do_send_private_msg(self, call: Call) -> JSON:
        user = int(call.params["user_id"])
        if user in self.unreachable:
            return self._failed(call, NOT_FRIEND, "请先添加对方为好友")
        return self._ok({"message_id": self._sent("private", call, target=user)})

    def _do_send_group_msg(self, call: Call) -> JSON:
        return self._ok({"message_id": self._sent("group", call, target=int(call.params["group_id"]))})

    def _sent(self, kind: str, call: Call, *, target: int) -> int:
        message_id = self._store(kind, call.params["message"], user_id=self.self_id,
                                 group_id=target if kind == "group" else None, nickname=self.nickname)
        self.messages[message_id]["to"] = target
        return message_id

    def _do_get_msg(self, call: Call) -> JSON:
        found = self.messages.get(int(call.params["message_id"]))
        if found is None:
            return self._failed(call, 100, "消息不存在")
        return self._ok({k: v for k, v in found.items() if k != "to"})

    def fail_next(self, action: str, retcode: int = 200, *, times: int = 1, target: int | None = None) -> None:
        """Answer the next `times` calls of `action` (to `target`) with `status: failed`."""
        self._failures.append(_Failure(action, retcode, times, target))

    # ---- events a person causes --------------------------------------------------------------
    async def push(self, event: JSON) -> None:
        sockets = [ws for ws in self._sockets if not ws.closed]
        assert sockets, "no OneBot connection is up"
        await sockets[-1].send_str(json.dumps(event, ensure_ascii=False))

    def image(self, name: str, data: bytes) -> JSON:
        """An `image` segment for a picture a person sends (served at its `url`)."""
        self.images[name] = data
        return {"type": "image", "data": {"file": name, "url": f"{self.base_url}/images/{name}",
                                          "file_size": str(len(data))}}

    def at(self, qq: int | None = None) -> JSON:
        return {"type": "at", "data": {"qq": str(qq or self.self_id)}}

    @staticmethod
    def text(text: str) -> JSON:
        return {"type": "text", "data": {"text": text}}

    @staticmethod
    def reply(message_id: int) -> JSON:
        return {"type": "reply", "data": {"id": str(message_id)}}

    def _event(self, kind: str, user: int, message: Any, nickname: str, **extra: Any) -> JSON:
        message = [self.text(message)] if isinstance(message, str) else message
        message_id = self._store(kind, message, user_id=user, group_id=extra.get("group_id"), nickname=nickname)
        if self.message_format == "string":
            message = cq_string(message)
        return {"time": int(time.time()), "self_id": self.self_id, "post_type": "message", "message_type": kind,
                "message_id": message_id, "user_id": user, "message": message, "raw_message": "", "font": 0,
                **extra}

    def private(self, user: int, message: Any, nickname: str = "") -> JSON:
        return self._event("private", user, message, nickname or f"user{user}", sub_type="friend",
                           sender={"user_id": user, "nickname": nickname or f"user{user}", "sex": "unknown", "age": 0})

    def group(self, group: int, user: int, message: Any, nickname: str = "", card: str = "") -> JSON:
        return self._event("group", user, message, nickname or f"user{user}", sub_type="normal", group_id=group,
                           anonymous=None, sender={"user_id": user, "nickname": nickname or f"user{user}", "card": card,
                                                   "role": "member"})

    # ---- what the bot did --------------------------------------------------------------------
    def sent(self, *, user: int | None = None, group: int | None = None) -> list[JSON]:
        """Messages the bot sent to one private chat or one group, oldest first."""
        kind, target = ("group", group) if group is not None else ("private", user)
        return [m for m in self.messages.values()
                if m["message_type"] == kind and m.get("to") == target and m["user_id"] == self.self_id]

    def calls_to(self, action: str) -> list[Call]:
        return [c for c in self.calls if c.action == action]

    async def wait_for_call(self, action: str, match: Callable[[Call], bool] | None = None, *, since: int = 0,
                            timeout: float = 10.0) -> Call:
        async with asyncio.timeout(timeout):
            async with self._changed:
                while True:
                    for call in self.calls[since:]:
                        if call.action == action and (match is None or match(call)):
                            return call
                    await self._changed.wait()


def _escape(text: str, *, inside: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("[", "&#91;").replace("]", "&#93;")
    return text.replace(",", "&#44;") if inside else text


def cq_string(segments: list[JSON]) -> str:
    """Segments in OneBot v11's string format (CQ codes), escaped as the spec says."""
    out = []
    for seg in segments:
        if seg["type"] == "text":
            out.append(_escape(seg["data"]["text"]))
        else:
            params = "".join(f",{k}={_escape(str(v), inside=True)}" for k, v in seg["data"].items())
            out.append(f"[CQ:{seg['type']}{params}]")
    return "".join(out)


def text_of(message: JSON) -> str:
    """What QQ shows of a sent message: its text, `[image]` for each picture, `[quote]` for a quote."""
    out = []
    for seg in message["message"]:
        if seg["type"] == "text":
            out.append(seg["data"]["text"])
        elif seg["type"] == "image":
            out.append("[image]")
        elif seg["type"] == "reply":
            out.append("[quote] ")
    return "".join(out)


def image_bytes(message: JSON) -> list[bytes]:
    return [base64.b64decode(s["data"]["file"].removeprefix("base64://")) for s in message["message"]
            if s["type"] == "image"]


__all__ = ["Call", "FakeOneBot", "NOT_FRIEND", "image_bytes", "text_of"]
