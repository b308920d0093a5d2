"""What a front end contributes to `openzone run`: a Part to start and stop, senders, webhook routes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from adapters.web import RawHandler
from openzone.runtime import Runtime, Send

# Which parts each `openzone run --role` starts (names are keys of openzone.serve.PARTS).
ROLE_PARTS: dict[str, tuple[str, ...]] = {
    "all": ("telegram", "discord", "web"), "web": ("web",), "telegram": ("telegram",),
    "discord": ("discord",), "worker": (),
}
ROLES = tuple(ROLE_PARTS)


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
    parts: list[Part] = field(default_factory=list)


__all__ = ["ROLES", "ROLE_PARTS", "Part", "RawHandler", "Wiring"]
