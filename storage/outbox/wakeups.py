"""Wake-ups across processes: one PostgreSQL connection LISTENing on the outbox channel.

Every transaction that writes an event, adds deliveries or hands leased ones back issues
`pg_notify` (storage.outbox.repo.notify_workers); PostgreSQL delivers it at commit, to every
listening connection. A lost connection is re-made with a growing pause, and its loss counts as
a wake-up: whatever was notified while nobody listened is found by the scan that follows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from storage.outbox.repo import CHANNEL

log = logging.getLogger(__name__)

CHECK_EVERY = 30.0  # seconds between liveness checks of a quiet connection (a silently dead link)
MAX_PAUSE = 30.0


def listens(url: str) -> bool:
    """Whether `url`'s database can wake other processes (PostgreSQL; SQLite wakes within one)."""
    return make_url(url).get_backend_name() == "postgresql"


def _connect_args(url: str) -> dict[str, Any]:
    u = make_url(url)
    args: dict[str, Any] = {"host": u.host, "port": u.port, "user": u.username, "password": u.password,
                            "database": u.database}
    if "ssl" in u.query:
        args["ssl"] = u.query["ssl"]
    return {k: v for k, v in args.items() if v is not None}


class Listener:
    """Calls `wake` at each notification on the outbox channel until cancelled; `ready` once listening."""

    def __init__(self, url: str, wake: Callable[[], None]) -> None:
        self._args = _connect_args(url)
        self._wake = wake
        self.ready = asyncio.Event()

    async def run(self) -> None:
        pause = 0.5
        while True:
            try:
                await self._listen()
                pause = 0.5
            except Exception as exc:  # refused, reset, timed out: a worker never dies of its wake-ups
                log.warning("outbox wake-ups: connection lost (%s); reconnecting in %.1fs", exc, pause)
            self._wake()  # notifications may have been missed: look once
            await asyncio.sleep(pause)
            pause = min(pause * 2, MAX_PAUSE)

    async def _listen(self) -> None:
        lost = asyncio.Event()
        conn = await asyncio.wait_for(asyncpg.connect(**self._args), timeout=10)
        try:
            conn.add_termination_listener(lambda _conn: lost.set())
            await conn.add_listener(CHANNEL, lambda *_: self._wake())
            if not self.ready.is_set():
                log.info("outbox wake-ups: listening on %s", CHANNEL)
            self.ready.set()
            while not lost.is_set():
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(lost.wait(), timeout=CHECK_EVERY)
                if not lost.is_set():
                    await asyncio.wait_for(conn.execute("SELECT 1"), timeout=10)
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), timeout=5)


__all__ = ["Listener", "listens"]
