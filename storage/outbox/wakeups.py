"""Wake-ups across processes: what tells a worker that another process committed.

PostgreSQL: one connection LISTENing on the outbox channel. Every transaction that writes an
event, adds deliveries or hands leased ones back issues `pg_notify`
(storage.outbox.repo.notify_workers); PostgreSQL delivers it at commit, to every listening
connection. A lost connection is re-made with
a growing pause, and its loss counts as a wake-up: whatever was notified while nobody listened is
found by the scan that follows.

SQLite has no notifications; there a watcher asks `PRAGMA data_version` once a second — it reads
no table, and changes when another connection (`openzone chat` in another process) has committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Callable
from typing import Any, Protocol

import asyncpg
from sqlalchemy.engine import make_url

from storage.outbox.repo import CHANNEL

log = logging.getLogger(__name__)

CHECK_EVERY = 30.0  # seconds between liveness checks of a quiet connection (a silently dead link)
MAX_PAUSE = 30.0


WATCH_EVERY = 1.0  # seconds between SQLite's data_version checks


class Waker(Protocol):
    ready: asyncio.Event

    async def run(self) -> None: ...


def waker(url: str, wake: Callable[[], None]) -> Waker | None:
    """What calls `wake` when another process commits to `url`'s database (None: an in-memory one)."""
    u = make_url(url)
    if u.get_backend_name() == "postgresql":
        return Listener(url, wake)
    if u.database and u.database != ":memory:":
        return SqliteWatcher(u.database, wake)
    return None


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


class SqliteWatcher:
    """Calls `wake` when `PRAGMA data_version` changes: another connection committed to the file."""

    def __init__(self, path: str, wake: Callable[[], None], every: float = WATCH_EVERY) -> None:
        self._path, self._wake, self._every = path, wake, every
        self.ready = asyncio.Event()

    async def run(self) -> None:
        conn = await asyncio.to_thread(sqlite3.connect, self._path, timeout=30, check_same_thread=False)

        def version() -> int:
            return int(conn.execute("PRAGMA data_version").fetchone()[0])

        try:
            last = await asyncio.to_thread(version)
            self.ready.set()
            while True:
                await asyncio.sleep(self._every)
                try:
                    current = await asyncio.to_thread(version)
                except sqlite3.Error as exc:  # busy for longer than the timeout: look again next time
                    log.warning("outbox wake-ups: %s", exc)
                    continue
                if current != last:
                    last = current
                    self._wake()
        finally:
            conn.close()


__all__ = ["Listener", "SqliteWatcher", "Waker", "waker"]
