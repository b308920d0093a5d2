"""OneBot v11 over one WebSocket: actions out with an `echo`, their responses matched back, events in.

The same frames flow whichever side opened the connection (reverse: the OneBot implementation
dialled us; forward: we dialled it), so one `Link` serves both. Every frame is a JSON text:
an action `{"action", "params", "echo"}`, its response `{"status", "retcode", "data", "echo"}`,
or an event `{"post_type", …}`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiohttp import WSMsgType

log = logging.getLogger(__name__)
Event = dict[str, Any]
OnEvent = Callable[[Event], Awaitable[None]]
ACTION_TIMEOUT = 15.0
_echoes = itertools.count(1)


class ActionFailed(Exception):
    """The OneBot implementation answered an action with `status: failed`."""

    def __init__(self, action: str, retcode: int, message: str) -> None:
        super().__init__(f"{action} failed: retcode {retcode} {message}".rstrip())
        self.action, self.retcode, self.message = action, retcode, message


class NotConnected(Exception):
    """No OneBot connection is up (or it closed before the action was answered)."""


class Socket(Protocol):
    """What aiohttp's server and client WebSockets have in common, as far as a Link needs."""

    closed: bool

    async def send_str(self, data: str) -> None: ...
    async def close(self) -> bool: ...
    def __aiter__(self) -> Any: ...


def _text(message: Any) -> str:
    return message.get("wording") or message.get("message") or message.get("msg") or ""


class Link:
    """One OneBot connection: `call` sends an action and waits for its response; `run` reads frames.

    Events are handed to `on_event` in tasks of their own, so a handler that itself calls
    actions never waits on the reader that would deliver their responses.
    """

    def __init__(self, ws: Socket, on_event: OnEvent, *, role: str = "Universal",
                 timeout: float = ACTION_TIMEOUT) -> None:
        self.ws = ws
        self.role = role
        self.timeout = timeout
        self._on_event = on_event
        self._pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.tasks: set[asyncio.Task[None]] = set()

    @property
    def open(self) -> bool:
        return not self.ws.closed

    async def call(self, action: str, **params: Any) -> Any:
        """The action's `data`; ActionFailed when refused, NotConnected when the link is gone."""
        if self.ws.closed:
            raise NotConnected(f"{action}: the OneBot connection is closed")
        echo = f"oz-{next(_echoes)}"
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[echo] = future
        try:
            await self.ws.send_str(json.dumps({"action": action, "params": params, "echo": echo}, ensure_ascii=False))
            response = await asyncio.wait_for(future, self.timeout)
        except (ConnectionError, RuntimeError) as exc:  # aiohttp raises these on a closing socket
            raise NotConnected(f"{action}: {exc}") from exc
        except TimeoutError as exc:
            raise NotConnected(f"{action}: no response within {self.timeout:g}s") from exc
        finally:
            self._pending.pop(echo, None)
        # retcode 1: accepted and queued (an implementation's async mode): as good as done.
        if response.get("status") == "failed" or response.get("retcode", 0) not in (0, 1):
            raise ActionFailed(action, int(response.get("retcode") or -1), _text(response))
        return response.get("data")

    async def run(self) -> None:
        """Read until the connection closes; then every action still waiting fails NotConnected."""
        try:
            async for frame in self.ws:
                if frame.type == WSMsgType.TEXT:
                    self._take(frame.data)
                elif frame.type in (WSMsgType.ERROR, WSMsgType.CLOSE, WSMsgType.CLOSING):
                    break
        finally:
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(NotConnected("the OneBot connection closed"))

    def _take(self, data: str) -> None:
        try:
            frame = json.loads(data)
        except ValueError:
            log.warning("OneBot sent a frame that is not JSON; ignored")
            return
        if not isinstance(frame, dict):
            return
        if "post_type" in frame:
            if self.role != "API":
                task = asyncio.create_task(self._on_event(frame), name="qq-event")
                self.tasks.add(task)
                task.add_done_callback(self.tasks.discard)
            return
        future = self._pending.get(str(frame.get("echo")))
        if future is not None and not future.done():
            future.set_result(frame)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close()

    async def drain(self) -> None:
        """Wait for the events being handled to finish (stopping, or a test reading a whole answer)."""
        while self.tasks:
            await asyncio.wait(list(self.tasks))


__all__ = ["ACTION_TIMEOUT", "ActionFailed", "Event", "Link", "NotConnected", "OnEvent"]
