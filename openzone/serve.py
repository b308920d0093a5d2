"""`openzone run`: every configured part in one asyncio loop (or one part with --role).

Each front end contributes a Part from its `openzone/wiring_*.py`: something to start and stop,
optionally senders for notifications and HTTP routes for the shared web server.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from openzone import wiring_discord, wiring_qq, wiring_telegram, wiring_web
from openzone.parts import ROLE_PARTS, Part, Wiring
from openzone.runtime import Runtime

log = logging.getLogger("openzone")

# Each front end's builder (None: not configured). Bots come before the web part, which serves
# the webhook routes they add.
PARTS: dict[str, Callable[[Wiring], Part | None]] = {
    "telegram": wiring_telegram.build, "discord": wiring_discord.build, "qq": wiring_qq.build,
    "web": wiring_web.build,
}


def build_parts(runtime: Runtime, role: str) -> Wiring:
    """The parts `role` runs; an unknown role or part name fails here, before anything starts."""
    if role not in ROLE_PARTS:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLE_PARTS)}")
    wiring = Wiring(runtime)
    for name in ROLE_PARTS[role]:
        part = PARTS[name](wiring)
        if part is not None:
            wiring.parts.append(part)
    return wiring


async def serve(runtime: Runtime, role: str, stop: asyncio.Event, *, command: str = "openzone") -> None:
    """Run `role`'s parts until `stop`; `command` is how this process was started (for the hint)."""
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
        s = runtime.settings
        if not s.telegram.token and not s.discord.token and s.qq.mode == "off" and role == "all":
            log.info("No bot configured. Chat locally with: %s chat --as alice", command)
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
