"""`openzone run`: every configured part in one asyncio loop (or one part with --role).

Each front end contributes a Part from its `openzone/wiring_*.py`: something to start and stop,
optionally senders for notifications and HTTP routes for the shared web server.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import Callable

from openzone import wiring_discord, wiring_metrics, wiring_qq, wiring_telegram, wiring_web
from openzone.parts import ROLE_PARTS, Part, Wiring
from openzone.runtime import Runtime

log = logging.getLogger("openzone")
LISTEN_TIMEOUT = 5.0  # seconds start-up waits for the wake-up connection before going on without it
YOUNG_COLLECTION = 10_000  # allocations between collections of the youngest generation (CPython's default: 700)


def settle_heap() -> None:
    """Once everything is built: what start-up made (modules, templates, table metadata, compiled statements)
    lives as long as the process, so the cycle collector stops walking it (gc.freeze), and it looks at
    young objects every YOUNG_COLLECTION allocations rather than every 700.

    Under load a full collection walked that whole heap, about once a second, for ~48 ms at a time: the
    tail of a zone page's latency on PostgreSQL (p99 80 ms at 32 connections, p50 32 ms). Each young
    collection moves the objects of the requests in flight (dozens of them) to an older generation;
    they die by their reference counts soon after, but count towards the next full collection all the
    same. Frozen, a full collection takes ~7 ms; with fewer young ones, one is rarely due."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION, *gc.get_threshold()[1:])


# Each front end's builder (None: not configured). Bots come before the web part, which serves
# the webhook routes they add.
PARTS: dict[str, Callable[[Wiring], Part | None]] = {
    "telegram": wiring_telegram.build, "telegram_webhook": wiring_telegram.build_receiver,
    "discord": wiring_discord.build, "qq": wiring_qq.build, "web": wiring_web.build,
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
    if (metrics := wiring_metrics.build(wiring)) is not None:  # [metrics] listen: every role, web or not
        wiring.parts.append(metrics)
    return wiring


async def serve(runtime: Runtime, role: str, stop: asyncio.Event, *, command: str = "openzone") -> None:
    """Run `role`'s parts until `stop`; `command` is how this process was started (for the hint).

    A clean stop (`stop` set: SIGTERM, SIGINT) lets the send in flight finish, hands every lease of
    this process back at once (so other workers send those notifications now, not a minute later),
    then stops the parts; the bots last, since the outbox sends through them.
    """
    wiring = build_parts(runtime, role)
    outbox: asyncio.Task[None] | None = None
    background: list[asyncio.Task[None]] = []
    started: list[Part] = []
    try:
        for part in wiring.parts:
            await part.start()
            started.append(part)
        if role in ("all", "worker") or wiring.senders:
            if (waker := runtime.waker()) is not None:  # other processes' commits wake us
                background.append(asyncio.create_task(waker.run(), name="outbox wake-ups"))
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(waker.ready.wait(), timeout=LISTEN_TIMEOUT)
            outbox = asyncio.create_task(runtime.run_dispatcher(wiring.senders), name="outbox")
            background.append(asyncio.create_task(runtime.rerender_bodies(), name="post HTML"))
        settle_heap()
        names = [p.name for p in started] + (["outbox worker"] if outbox else [])
        log.info("OpenZone running: %s", ", ".join(names) or "nothing")
        s = runtime.settings
        if not s.telegram.token and not s.discord.token and s.qq.mode == "off" and role == "all":
            log.info("No bot configured. Chat locally with: %s chat --as alice", command)
        stopper = asyncio.create_task(stop.wait())
        background.append(stopper)
        done, _ = await asyncio.wait([stopper, *([outbox] if outbox else [])], return_when=asyncio.FIRST_COMPLETED)
        if outbox in done and outbox.exception():
            raise outbox.exception()  # type: ignore[misc]
        log.info("OpenZone stopping")
    finally:
        if outbox is not None:
            try:
                await runtime.stop_outbox(outbox)
            except Exception:  # the database is gone: the leases end by themselves
                log.exception("handing back the outbox's leases failed")
        for t in background:
            t.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        for part in reversed(started):
            try:
                await part.stop()
            except Exception:
                log.exception("stopping %s failed", part.name)
