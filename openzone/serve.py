"""`openzone run`: every configured part in one asyncio loop (or one part with --role)."""

from __future__ import annotations

import asyncio
import logging

from openzone.runtime import Runtime, Send

log = logging.getLogger("openzone")


async def serve(runtime: Runtime, role: str, stop: asyncio.Event) -> None:
    settings = runtime.settings
    tasks: list[asyncio.Task[None]] = []
    senders: dict[str, Send] = {}
    started: list[str] = []
    if role in ("all", "worker"):
        tasks.append(asyncio.create_task(runtime.run_dispatcher(senders), name="outbox"))
        started.append("outbox worker")
    if not settings.telegram.token and not settings.discord.token and role == "all":
        log.info("No bot configured. Chat locally with: openzone chat --as alice")
    log.info("OpenZone running: %s", ", ".join(started) or "nothing")
    stopper = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait([stopper, *tasks], return_when=asyncio.FIRST_COMPLETED)
        for t in done:
            if t is not stopper and t.exception():
                raise t.exception()  # type: ignore[misc]
    finally:
        for t in [stopper, *tasks]:
            t.cancel()
        await asyncio.gather(stopper, *tasks, return_exceptions=True)
