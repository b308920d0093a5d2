"""When this process checkpoints an SQLite database's WAL, on a thread of its own (storage.sqlite_driver).

The driver's connections turn SQLite's automatic checkpoint off and commit on the event loop's thread;
a `Wal`, shared by an engine's connections to one file, decides when to checkpoint instead and whether
a commit may be the one that starts the WAL over (and syncs), which the driver then sends to the thread.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


CHECKPOINT_PAGES = 1_000
"""A checkpoint starts when about this many pages were written to the WAL since the last ended:
SQLite's automatic checkpoint's threshold. Counted in commits: CHECKPOINT_PAGES over the pages a
commit wrote in the last round (bench/commands.py's mixed commands write ~20 each)."""
CHECKPOINT_COMMITS = 50
"""The first round's commits, before any was measured."""
RESTART_PAGES = 2 * CHECKPOINT_PAGES
"""A WAL this long is checkpointed whole and started over even if writers must wait for it."""
RESTART_WAIT = 5.0
"""How long (seconds) that checkpoint waits for the writer and the readers it needs out of the way."""


class Wal:
    """What this process's connections to one database file share: when to checkpoint its WAL, and
    whether a commit may be the one that starts the WAL over.

    After about CHECKPOINT_PAGES pages' worth of commits a PASSIVE checkpoint runs on a thread of
    its own, on a connection opened for it: it waits for no reader or writer, copies into the
    database what no reader still needs, and syncs the WAL before and the database after — never on
    the loop's thread, and the connections go on reading and committing meanwhile. One that cannot
    copy everything (a reader on an older snapshot, frames committed meanwhile) leaves the rest to
    the next; once the WAL is RESTART_PAGES long it is followed by a RESTART one. New write
    transactions wait for that one, and for any that a round's worth of commits came during
    (`holds_writers`): so the WAL stays under about RESTART_PAGES + 2 rounds.

    After a checkpoint that copied the whole WAL, the next transaction to write starts the WAL over
    from its beginning, and its commit syncs the WAL's new header. `completed` counts those
    checkpoints (and a first connection: a database opened afresh has no WAL yet); a transaction
    remembers the count as it began (`mark`); `restarted` is the highest such count whose commit
    went to the thread. A commit whose transaction began after a complete checkpoint not yet
    followed by one (or while one ran) goes to the thread: it may be the one that syncs.
    """

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._lock = threading.Lock()  # `completed` is added to on both threads
        self.completed = 0
        self.restarted = 0
        self.open = 0  # connections of ours open
        self.running = False  # set on the loop's thread as a checkpoint starts, cleared on its thread
        self.restarting = False  # a RESTART checkpoint is after the write lock: writers wait (resumed)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._resumed = asyncio.Event()
        self.commits = 0  # since the last checkpoint ended (a WAL that started over holds only theirs)
        self.meanwhile = 0  # commits while the running checkpoint runs
        self.every = 0  # commits between two checkpoints, 0 till measured (written on the checkpoint's thread)
        self._round = 0  # the commits that led to the running checkpoint
        self._frames = 0  # WAL frames the last checkpoint left behind
        self.last: tuple[int, int, int] | None = None  # the last checkpoint's (busy, WAL frames, frames copied)
        self.thread: threading.Thread | None = None  # the last checkpoint's

    def opened(self) -> None:
        """While none of ours was open the WAL may have gone (the last connection to close removes it):
        the first write then makes a new one and syncs its header."""
        with self._lock:
            if not self.open:
                self.completed += 1
            self.open += 1

    def closed(self) -> None:
        self.open -= 1  # on the loop's thread, as opened()

    def mark(self) -> int | None:
        """What a transaction beginning now remembers; None while a checkpoint runs (it may end meanwhile)."""
        return None if self.running else self.completed

    def may_restart(self, began: int | None) -> bool:
        return began is None or began > self.restarted

    def committed(self, began: int | None, on_thread: bool) -> None:
        if on_thread and began is not None and began > self.restarted:
            self.restarted = began
        if self.running:
            self.meanwhile += 1
            return
        self.commits += 1
        if self.commits >= (self.every or CHECKPOINT_COMMITS):
            self._round, self.commits, self.meanwhile = self.commits, 0, 0
            self.running = True
            self._loop = asyncio.get_running_loop()
            self._resumed = asyncio.Event()
            self.thread = threading.Thread(target=self._checkpoint, name="sqlite-checkpoint", daemon=True)
            self.thread.start()

    def holds_writers(self) -> bool:
        """A transaction that would begin to write waits for the running checkpoint (`resumed`): while
        it is a RESTART one (SQLite's busy handler polls — sleeps, tries again — and would seldom find
        the write lock free between commits that follow one another on the loop's thread), or once a
        round's worth of commits came meanwhile (a slow checkpoint does not let the WAL run away)."""
        return self.running and (self.restarting or self.meanwhile >= (self.every or CHECKPOINT_COMMITS))

    async def resumed(self) -> None:
        await self._resumed.wait()

    def _checkpoint(self) -> None:
        complete = True  # after a failure, assume the worst: the next writer may start the WAL over
        try:
            conn = self._connect()
            try:
                self.last = busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                # The pages the round's commits wrote, about: more if commits while the last checkpoint
                # ran added to a WAL it then could not start over (checkpoints come sooner, not later).
                written = frames - self._frames if frames >= self._frames else frames  # else it started over
                if written > 0:
                    self.every = max(1, min(10 * CHECKPOINT_PAGES, CHECKPOINT_PAGES * self._round // written))
                if frames >= RESTART_PAGES:
                    # Only a writer that begins while every frame is copied starts the WAL over: under
                    # a steady stream of commits a passive checkpoint never catches up, and the WAL
                    # would grow without end. RESTART holds writers off while it copies what came
                    # meanwhile (theirs wait on their thread) and waits for readers to leave the WAL.
                    conn.execute(f"PRAGMA busy_timeout={int(RESTART_WAIT * 1000)}")
                    self.restarting = True
                    self.last = busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
            finally:
                conn.close()
            complete = not busy and frames == copied
            self._frames = 0 if complete else frames
        except Exception:
            log.warning("WAL checkpoint failed", exc_info=True)
        finally:
            if complete:
                with self._lock:
                    self.completed += 1
            self.running = self.restarting = False
            try:
                self._loop.call_soon_threadsafe(self._resumed.set)  # type: ignore[union-attr]
            except RuntimeError:  # the loop is closed: no one waits
                pass


__all__ = ["CHECKPOINT_COMMITS", "CHECKPOINT_PAGES", "RESTART_PAGES", "RESTART_WAIT", "Wal"]
