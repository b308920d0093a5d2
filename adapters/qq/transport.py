"""The bot's OneBot connections: accepted on our web server (reverse) or dialled out (forward).

The access token is checked both ways: a reverse connection without it is refused with 401, one
with a wrong token with 403 (OneBot v11's HTTP rules), each refusal logged with the caller's
address; a forward connection sends it as `Authorization: Bearer …`, and the implementation's
refusal is logged and, at start, stops start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import aiohttp
from aiohttp import web

from adapters.qq.protocol import ACTION_TIMEOUT, Link, NotConnected, OnEvent

log = logging.getLogger(__name__)
ROLES = ("Universal", "API", "Event")
HEARTBEAT = 30.0
BACKOFF_MAX = 30.0


class Refused(Exception):
    """The OneBot implementation refused our access token (or we dialled the wrong account).

    `setting` names the `[qq]` key to look at: access_token or self_id.
    """

    def __init__(self, message: str, setting: str = "access_token") -> None:
        super().__init__(message)
        self.setting = setting


def token_refusal(headers: Mapping[str, str], query: Mapping[str, str], token: str) -> int | None:
    """None when the request carries the access token (or none is configured); else the status:
    401 for a request without a token, 403 for a wrong one. Compared in constant time."""
    if not token:
        return None
    given: str | None = None
    scheme, _, value = headers.get("Authorization", "").partition(" ")
    if scheme.lower() in ("bearer", "token") and value:
        given = value.strip()
    elif "access_token" in query:
        given = query["access_token"]
    if given is None:
        return 401
    return None if hmac.compare_digest(given.encode(), token.encode()) else 403


class Connections:
    """Where actions go (the newest Universal or API link) and where events come from (any link)."""

    def __init__(self, on_event: OnEvent, *, token: str = "", self_id: str = "", timeout: float = ACTION_TIMEOUT,
                 on_up: Callable[[Link], Awaitable[None]] | None = None) -> None:
        self.on_event = on_event
        self.token = token
        self.self_id = self_id
        self.timeout = timeout
        self.on_up = on_up
        self.api: Link | None = None
        self.links: set[Link] = set()
        self.up = asyncio.Event()
        self._dialler: asyncio.Task[None] | None = None
        self._first: asyncio.Future[None] | None = None

    async def call(self, action: str, **params: Any) -> Any:
        link = self.api
        if link is None or not link.open:
            raise NotConnected(f"{action}: no OneBot connection is up")
        return await link.call(action, **params)

    async def _serve(self, link: Link) -> None:
        """Run one link to its end; it carries actions from now on unless it is events-only."""
        self.links.add(link)
        if link.role != "Event":
            self.api = link
        reader = asyncio.create_task(link.run(), name="qq-reader")
        try:
            if link.role != "Event" and self.on_up is not None:
                await self.on_up(link)
            self.up.set()
            await reader
        finally:
            if not reader.done():
                await link.close()
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reader
            self.links.discard(link)
            if self.api is link:
                self.api = None
                self.up.clear()

    # ---- reverse: the implementation connects to our web server -------------------------------
    async def accept(self, request: web.Request) -> web.StreamResponse:
        """The reverse WebSocket route: token and account checked before the upgrade."""
        status = token_refusal(request.headers, request.query, self.token)
        if status is not None:
            log.warning("refused a OneBot connection from %s: %s access token", request.remote,
                        "no" if status == 401 else "a wrong")
            return web.Response(status=status, text="unauthorized" if status == 401 else "forbidden")
        account = request.headers.get("X-Self-ID", "")
        if self.self_id and account and account != self.self_id:
            log.warning("refused a OneBot connection from %s for QQ account %s (configured: %s)",
                        request.remote, account, self.self_id)
            return web.Response(status=403, text="forbidden")
        role = request.headers.get("X-Client-Role", "Universal").capitalize()
        role = "API" if role == "Api" else role
        if role not in ROLES:
            return web.Response(status=400, text="unknown X-Client-Role")
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=0)
        await ws.prepare(request)
        log.info("OneBot connected from %s (%s, QQ %s)", request.remote, role, account or "?")
        link = Link(ws, self.on_event, role=role, timeout=self.timeout)
        try:
            await self._serve(link)
        except Refused as exc:
            log.warning("closed the OneBot connection from %s: %s", request.remote, exc)
        finally:
            await link.drain()
            log.info("OneBot %s connection from %s closed", role, request.remote)
        return ws

    # ---- forward: we connect to the implementation -------------------------------------------
    async def dial(self, url: str, session: aiohttp.ClientSession, *, wait: float = 10.0) -> None:
        """Keep a connection to `url` (reconnecting with backoff) from now on; returns once the first
        attempt has connected or failed. A refused token at that first attempt raises Refused."""
        self._first = asyncio.get_running_loop().create_future()
        self._dialler = asyncio.create_task(self._keep(url, session), name="qq-dialler")
        done, _ = await asyncio.wait([self._first, self._dialler], timeout=wait,
                                     return_when=asyncio.FIRST_COMPLETED)
        if self._first in done and self._first.exception() is not None:
            await self.close()
            raise self._first.exception()  # type: ignore[misc]

    def _settle_first(self, error: BaseException | None = None) -> None:
        if self._first is not None and not self._first.done():
            if error is None:
                self._first.set_result(None)
            else:
                self._first.set_exception(error)

    async def _keep(self, url: str, session: aiohttp.ClientSession) -> None:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        delay = 1.0
        while True:
            try:
                ws = await session.ws_connect(url, headers=headers, heartbeat=HEARTBEAT, max_msg_size=0)
            except aiohttp.WSServerHandshakeError as exc:
                if exc.status in (401, 403):
                    log.error("OneBot at %s refused our access token (HTTP %s): check [qq] access_token",
                              url, exc.status)
                    self._settle_first(Refused(f"OneBot at {url} refused the access token (HTTP {exc.status})"))
                else:
                    log.warning("OneBot at %s refused the connection (HTTP %s); retrying in %gs", url, exc.status, delay)
            except (aiohttp.ClientError, OSError) as exc:
                log.warning("OneBot at %s unreachable (%s); retrying in %gs", url, exc, delay)
            else:
                delay = 1.0
                link = Link(ws, self.on_event, timeout=self.timeout)
                try:
                    await self._serve_first(link)
                finally:
                    await link.close()
                log.warning("OneBot connection to %s closed; reconnecting", url)
            self._settle_first()
            await asyncio.sleep(delay)
            delay = min(delay * 2, BACKOFF_MAX)

    async def _serve_first(self, link: Link) -> None:
        """Serve a dialled link, telling `dial` once it is up (or that its account is the wrong one)."""
        waiter = asyncio.create_task(self.up.wait())
        serving = asyncio.create_task(self._serve(link))
        try:
            await asyncio.wait([waiter, serving], return_when=asyncio.FIRST_COMPLETED)
            if serving.done() and serving.exception() is not None:
                self._settle_first(serving.exception())
                return
            self._settle_first()
            await serving
        finally:
            waiter.cancel()
            if not serving.done():
                serving.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await serving

    async def close(self) -> None:
        if self._dialler is not None:
            self._dialler.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._dialler
            self._dialler = None
        for link in list(self.links):
            await link.close()
        for link in list(self.links):
            await link.drain()


__all__ = ["Connections", "Refused", "token_refusal"]
