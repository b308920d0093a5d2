"""`openzone run`: every configured part in one asyncio loop (or one part with --role).

Each front end contributes a Part from its `openzone/wiring_*.py`: something to start and stop,
optionally senders for notifications and HTTP routes for the shared web server.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from openzone.runtime import Runtime, Send

log = logging.getLogger("openzone")

# (headers, body) → (status, headers, body): lets a bot receive webhooks on the web server's port.
RawHandler = Callable[[Mapping[str, str], bytes], Awaitable[tuple[int, dict[str, str], bytes]]]
ROLE_PARTS = {"web": ["web"], "telegram": ["telegram"], "discord": ["discord"], "worker": [],
              "all": ["telegram", "discord", "web"]}


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


def build_parts(runtime: Runtime, role: str) -> Wiring:
    wiring = Wiring(runtime)
    for name in ROLE_PARTS[role]:
        try:
            module = importlib.import_module(f"openzone.wiring_{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"openzone.wiring_{name}":
                raise
            continue
        part = module.build(wiring)
        if part is not None:
            wiring.parts.append(part)
    return wiring


async def serve(runtime: Runtime, role: str, stop: asyncio.Event) -> None:
    wiring = build_parts(runtime, role)
    tasks: list[asyncio.Task[None]] = []
    started: list[Part] = []
    try:
        for part in wiring.parts:
            await part.start()
            started.append(part)
        if role in ("all", "worker") or wiring.senders:
            tasks.append(asyncio.create_task(runtime.run_dispatcher(wiring.senders), name="outbox"))
        names = [p.name for p in started] + (["outbox worker"] if tasks else [])
        log.info("OpenZone running: %s", ", ".join(names) or "nothing")
        if not runtime.settings.telegram.token and not runtime.settings.discord.token and role == "all":
            log.info("No bot configured. Chat locally with: openzone chat --as alice")
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait([stopper, *tasks], return_when=asyncio.FIRST_COMPLETED)
        tasks.append(stopper)
        for t in done:
            if t is not stopper and t.exception():
                raise t.exception()  # type: ignore[misc]
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for part in reversed(started):
            try:
                await part.stop()
            except Exception:
                log.exception("stopping %s failed", part.name)
