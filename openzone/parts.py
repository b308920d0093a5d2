"""What a front end contributes to `openzone run`: a Part to start and stop, senders, webhook routes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from aiohttp import web

from adapters.web import RawHandler
from openzone.runtime import Runtime, Send

# Which parts each `openzone run --role` starts (names are keys of openzone.serve.PARTS).
ROLE_PARTS: dict[str, tuple[str, ...]] = {
    # A web process also takes Telegram's webhook calls (when [telegram] mode = "webhook"): any web
    # host behind the load balancer may receive one; the telegram process sets the webhook and sends.
    "all": ("telegram", "discord", "qq", "web"), "web": ("telegram_webhook", "web"), "telegram": ("telegram",),
    "discord": ("discord",), "qq": ("qq",), "worker": (),
}
ROLES = tuple(ROLE_PARTS)
Socket = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Part(Protocol):
    name: str

    async def start(self) -> None: ...
    async def stop(self) -> None: ...


@dataclass
class Wiring:
    """What the parts hand each other while being built."""

    runtime: Runtime
    senders: dict[str, Send] = field(default_factory=dict)
    routes: list[tuple[str, str, RawHandler]] = field(default_factory=list)
    sockets: list[tuple[str, Socket]] = field(default_factory=list)
    """WebSocket routes (path, handler) on the web server, e.g. QQ's reverse OneBot connection."""
    parts: list[Part] = field(default_factory=list)


__all__ = ["ROLES", "ROLE_PARTS", "Part", "RawHandler", "Socket", "Wiring"]
