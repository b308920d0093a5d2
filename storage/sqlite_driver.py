"""aiosqlite with at most one trip to its thread per statement, and most statements none.

Stock aiosqlite under SQLAlchemy crosses to its worker thread three or four times per statement
(make a cursor, execute, fetch, close); each crossing wakes the event loop, and together they
cost more than SQLite's own work. Here a cursor runs the whole statement — execute, fetch every
row, close — in one crossing and hands SQLAlchemy the buffered rows; and a statement that need
not wait for a lock, nor read for long, makes no crossing at all (OneTripConnection). The thread,
errors and the sqlite3 connection are aiosqlite's own.

SQLAlchemy's adapter around an async cursor also awaits the cursor's `__aenter__` when it makes
one and its `close()` when done: two more switches out of and back into its greenlet per
statement for coroutines that do nothing here. `OneTripDbapi` (given to the engine as its
`module`) hands SQLAlchemy a cursor adapter that skips both.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_cursor, AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import await_


def _run(conn: sqlite3.Connection, sql: str, parameters: Any, many: bool) -> tuple[Any, int, int | None, list[Any]]:
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def _commit(conn: sqlite3.Connection) -> None:
    conn.commit()


def _rollback(conn: sqlite3.Connection) -> None:
    conn.rollback()


class OneTripCursor:
    """The part of aiosqlite.Cursor SQLAlchemy uses, with rows fetched during execute()."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self._rows: list[Any] = []
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._rows = []

    async def _go(self, sql: str, parameters: Any, many: bool) -> OneTripCursor:
        self.description, self.rowcount, self.lastrowid, self._rows = await self._connection._statement(
            sql, parameters, many
        )
        return self

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> OneTripCursor:
        return await self._go(sql, () if parameters is None else parameters, many=False)

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> OneTripCursor:
        return await self._go(sql, parameters, many=True)

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        n = size or self.arraysize
        rows, self._rows = self._rows[:n], self._rows[n:]
        return rows

    def close(self) -> None:  # nothing to release: the sqlite3 cursor was closed in its thread
        self._rows = []

    async def nextset(self) -> None:
        return None


# A read runs on the loop's thread for about this many SQLite VM steps (~1 ms here; a zone page's
# listing is ~4,300 steps, 0.1 ms); one that needs more is interrupted — a SELECT interrupted
# changes nothing, not even the transaction it is in — and run again on the thread, so a long read
# holds the loop up no longer than rendering a page does.
READ_STEPS = 50_000
_TICK = 1_000
"""How often (in VM steps) SQLite asks the progress handler whether to go on."""


def _run_inline(conn: sqlite3.Connection, sql: str, parameters: Any, many: bool, reads: bool) -> Any:
    if not reads:
        return _run(conn, sql, parameters, many)
    # The handler counts this execution's own steps: SQLite calls it when the prepared statement's
    # step counter, which a cached statement keeps across executions, passes a multiple of the
    # period — so a period of READ_STEPS itself would cut off a short read whenever its runs added
    # up past one (at 5,000, nearly every zone page's listing ran twice: once cut off, once on the thread).
    tick = min(_TICK, READ_STEPS)
    left = [READ_STEPS // tick]

    def over_budget() -> bool:
        left[0] -= 1
        return left[0] < 0

    conn.set_progress_handler(over_budget, tick)
    try:
        return _run(conn, sql, parameters, many)
    finally:
        conn.set_progress_handler(None, 0)


def _locked(exc: sqlite3.OperationalError) -> bool:
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY


def _interrupted(exc: sqlite3.OperationalError) -> bool:
    return getattr(exc, "sqlite_errorcode", 0) == sqlite3.SQLITE_INTERRUPT


class OneTripConnection(aiosqlite.Connection):
    """aiosqlite's connection; a statement runs on the event loop's thread unless it would wait.

    A trip to aiosqlite's thread and back costs more than most of our statements: the loop wakes
    the thread, the thread wakes the loop. So a statement is first run where it is awaited. The
    sqlite3 connection's own busy timeout is 0: a statement that finds the database locked by
    another connection fails at once, before changing anything, and is run again on the thread
    with the busy timeout `wait` (seconds) — the loop never waits for a lock. A SELECT that
    outgrows READ_STEPS is moved to the thread the same way. Writes are not interrupted (that would
    roll back their transaction): ours are small, bounded by the rows a command touches. Commit and
    rollback always go to the thread (a commit may checkpoint the WAL: disk writes and a sync).
    """

    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int, *,
                 wait: float, inline: bool = True) -> None:
        super().__init__(connector, iter_chunk_size)
        self._wait_ms = int(wait * 1000)
        self._inline = inline
        self._sent = 0  # calls queued to the thread (written on the loop's thread only)
        self._done = 0  # of which finished there (written on the thread only): equal = the thread is idle

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        def counted() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                self._done += 1

        counted.__name__ = getattr(fn, "__name__", "?")
        self._sent += 1
        return await super()._execute(counted)

    def _waiting(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """`fn` with the busy timeout on, for the thread."""
        wait = self._wait_ms

        def waiting(conn: sqlite3.Connection, *args: Any) -> Any:
            conn.execute(f"PRAGMA busy_timeout={wait}")
            try:
                return fn(conn, *args)
            finally:
                conn.execute("PRAGMA busy_timeout=0")

        waiting.__name__ = fn.__name__
        return waiting

    def _here(self, sql: str, parameters: Any, many: bool) -> Any:
        """The statement's result run on the loop's thread, or None when it must go to the thread."""
        # Only while nothing of ours is queued or running on the thread (e.g. a call whose awaiting
        # task was cancelled): then nothing else touches the sqlite3 connection.
        if not self._inline or self._sent != self._done:
            return None
        reads = sql[:6].upper() == "SELECT"
        if not reads and sql[:4].upper() == "WITH":
            return None
        try:
            return _run_inline(self._conn, sql, parameters, many, reads)
        except sqlite3.OperationalError as exc:
            if not _locked(exc) and not (reads and _interrupted(exc)):
                raise
        return None

    async def _statement(self, sql: str, parameters: Any, many: bool) -> Any:
        found = self._here(sql, parameters, many)
        if found is not None:
            return found
        return await self._execute(self._waiting(_run), self._conn, sql, parameters, many)

    def _idle(self) -> bool:
        """No transaction open (nothing to commit or roll back); read on the loop's thread."""
        conn = self._connection
        return conn is None or not conn.in_transaction

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    # Every unit of work ends in a rollback and the pool resets each connection it takes back:
    # two crossings per read-only page for nothing. `in_transaction` only reads SQLite's autocommit
    # flag (no thread check), and nothing runs on the thread meanwhile: each call is awaited in turn.
    async def commit(self) -> None:
        if not self._idle():
            await self._execute(self._waiting(_commit), self._conn)

    async def rollback(self) -> None:
        if not self._idle():
            await self._execute(self._waiting(_rollback), self._conn)


class _Cursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()
    _awaitable_cursor_close = False  # OneTripCursor.close() is a plain method

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor  # OneTripCursor.__aenter__ does nothing: no trip to await it


class _Connection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = _Cursor

    # A unit of work that only read ends in a rollback, and the pool rolls back each connection it
    # takes back: with no transaction open, both are answered here, without a greenlet switch.
    def rollback(self) -> None:
        if not self._connection._idle():
            super().rollback()

    def commit(self) -> None:
        if not self._connection._idle():
            super().commit()


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """SQLAlchemy's aiosqlite DBAPI shim for engines whose `async_creator` is `connector()`."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> _Connection:
        creator_fn = kw.pop("async_creator_fn")
        return _Connection(self, await_(creator_fn(*arg, **kw)))


def connector(path: str, *, timeout: float = 5.0, inline: bool = True,
              **kwargs: Any) -> Callable[[], Awaitable[OneTripConnection]]:
    """An `async_creator` for create_async_engine: the database at `path`, sqlite3.connect(**kwargs).

    `timeout`: how long a statement waits for another connection's lock (on aiosqlite's thread).
    """

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(path, timeout=0, check_same_thread=False, **kwargs)

    async def create() -> OneTripConnection:
        conn = OneTripConnection(connect, 64, wait=timeout, inline=inline)
        conn._thread.daemon = True  # as SQLAlchemy does for aiosqlite: never block interpreter exit
        return await conn

    return create
