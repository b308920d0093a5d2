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

A commit in WAL mode with synchronous=NORMAL (or OFF) appends to the WAL and syncs nothing, unless it
checkpoints the WAL (SQLite's automatic checkpoint, after 1,000 pages) or is the first to write
after a complete checkpoint (it starts the WAL over and syncs its new header). So these connections
turn the automatic checkpoint off, checkpoint on a thread of their own instead (storage.sqlite_wal.Wal), and commit on
the loop's thread except when the commit may be the one that starts the WAL over.
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

from storage.sqlite_wal import Wal


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
    roll back their transaction): ours are small, bounded by the rows a command touches.

    Commit and rollback run on the loop's thread too when they cannot wait or sync: in WAL mode
    (a commit there needs no lock the transaction does not hold already, and a rollback writes
    nothing), a commit only with synchronous NORMAL or OFF, the automatic checkpoint off, and not
    the commit that may start the WAL over (Wal). Else, or if one meets a lock all the same, it
    goes to the thread as a statement does. Checkpoints are the Wal's.
    """

    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int, *,
                 wait: float, inline: bool = True, wal: Wal | None = None) -> None:
        super().__init__(connector, iter_chunk_size)
        self._wait_ms = int(wait * 1000)
        self._inline = inline
        self._wal = wal if wal is not None else Wal(connector)
        self._sent = 0  # calls queued to the thread (written on the loop's thread only)
        self._done = 0  # of which finished there (written on the thread only): equal = the thread is idle
        self._began: int | None = None  # the open transaction's Wal.mark()
        self._modes: tuple[bool, bool] | None = None  # (WAL mode, a commit syncs nothing); None: ask

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

    def _free(self) -> bool:
        """Nothing of ours is queued or running on the thread (e.g. a call whose awaiting task was
        cancelled): then nothing else touches the sqlite3 connection, and it may be used here."""
        return self._inline and self._sent == self._done

    def _here(self, sql: str, parameters: Any, many: bool) -> Any:
        """The statement's result run on the loop's thread, or None when it must go to the thread."""
        if not self._free():
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
        conn, wal = self._connection, self._wal
        opens = conn is None or not conn.in_transaction
        head = sql[:6].upper()
        if head == "PRAGMA":
            self._modes = None  # it may change what a commit does: ask again before the next
        if opens and head != "SELECT" and wal.holds_writers():
            await wal.resumed()
        began = wal.mark() if opens else self._began
        try:
            found = self._here(sql, parameters, many)
            if found is not None:
                return found
            return await self._execute(self._waiting(_run), self._conn, sql, parameters, many)
        finally:
            # A checkpoint that ended (or began) while this statement ran may have ended before its
            # transaction's snapshot did: its commit then goes to the thread.
            self._began = began if began == wal.mark() else None

    def _idle(self) -> bool:
        """No transaction open (nothing to commit or roll back); read on the loop's thread."""
        conn = self._connection
        return conn is None or not conn.in_transaction

    def _settle(self) -> tuple[bool, bool]:
        if self._modes is None:
            conn = self._conn
            wal = conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
            quiet = (conn.execute("PRAGMA synchronous").fetchone()[0] <= 1
                     and conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] <= 0)
            self._modes = wal, wal and quiet
        return self._modes

    def _end_here(self, end: Callable[[sqlite3.Connection], None], commit: bool) -> bool:
        """Commit or roll back on the loop's thread if that cannot wait or sync; False: go to the thread."""
        if not self._free():
            return False
        wal, quiet = self._settle()
        here = quiet and not self._wal.may_restart(self._began) if commit else wal
        if not here:
            return False
        try:
            end(self._conn)
        except sqlite3.OperationalError as exc:
            if not _locked(exc):
                raise
            return False  # the transaction is still open, to end on the thread
        return True

    def _committed(self, began: int | None, on_thread: bool) -> None:
        if self._modes is not None and self._modes[0]:
            self._wal.committed(began, on_thread)

    def _commit_here(self) -> bool:
        if not self._end_here(_commit, commit=True):
            return False
        self._committed(self._began, on_thread=False)
        return True

    async def _commit_there(self) -> None:
        began = self._began
        await self._execute(self._waiting(_commit), self._conn)
        self._committed(began, on_thread=True)

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    def _opened(self) -> None:
        self._counted = True
        self._wal.opened()

    def _closed(self) -> None:
        if getattr(self, "_counted", False):
            self._counted = False
            self._wal.closed()

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            self._closed()

    def stop(self) -> Any:
        self._closed()
        return super().stop()

    # Every unit of work ends in a rollback and the pool resets each connection it takes back:
    # two crossings per read-only page for nothing. `in_transaction` only reads SQLite's autocommit
    # flag (no thread check), and nothing runs on the thread meanwhile: each call is awaited in turn.
    async def commit(self) -> None:
        if not self._idle() and not self._commit_here():
            await self._commit_there()

    async def rollback(self) -> None:
        if not self._idle() and not self._end_here(_rollback, commit=False):
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
    # takes back: with no transaction open, both are answered here, without a greenlet switch; and
    # so is a commit or rollback that runs on the loop's thread (OneTripConnection._end_here).
    def rollback(self) -> None:
        conn = self._connection
        try:
            if not conn._idle() and not conn._end_here(_rollback, commit=False):
                await_(conn._execute(conn._waiting(_rollback), conn._conn))
        except Exception as error:
            self._handle_exception(error)

    def commit(self) -> None:
        conn = self._connection
        try:
            if not conn._idle() and not conn._commit_here():
                await_(conn._commit_there())
        except Exception as error:
            self._handle_exception(error)


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
    The connections' automatic WAL checkpoint is off: their Wal checkpoints instead.
    """

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(path, timeout=0, check_same_thread=False, **kwargs)

    def connect_quiet() -> sqlite3.Connection:
        conn = connect()
        conn.execute("PRAGMA wal_autocheckpoint=0")
        return conn

    wal = Wal(connect)

    async def create() -> OneTripConnection:
        conn = OneTripConnection(connect_quiet, 64, wait=timeout, inline=inline, wal=wal)
        conn._thread.daemon = True  # as SQLAlchemy does for aiosqlite: never block interpreter exit
        await conn
        conn._opened()
        return conn

    return create
