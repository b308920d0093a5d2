"""aiosqlite with one trip to its thread per statement.

Stock aiosqlite under SQLAlchemy crosses to its worker thread three or four times per statement
(make a cursor, execute, fetch, close); each crossing wakes the event loop, and together they
cost more than SQLite's own work. Here a cursor runs the whole statement — execute, fetch every
row, close — in one crossing and hands SQLAlchemy the buffered rows. Everything else (the
thread, transactions, errors, commit and rollback) is aiosqlite's own.

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
        conn = self._connection._conn
        self.description, self.rowcount, self.lastrowid, self._rows = await self._connection._execute(
            _run, conn, sql, parameters, many
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


class OneTripConnection(aiosqlite.Connection):
    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    # Every unit of work ends in a rollback and the pool resets each connection it takes back:
    # two crossings per read-only page for nothing. `in_transaction` only reads SQLite's autocommit
    # flag (no thread check), and nothing runs on the thread meanwhile: each call is awaited in turn.
    async def commit(self) -> None:
        if self._conn.in_transaction:
            await super().commit()

    async def rollback(self) -> None:
        if self._conn.in_transaction:
            await super().rollback()


class _Cursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()
    _awaitable_cursor_close = False  # OneTripCursor.close() is a plain method

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor  # OneTripCursor.__aenter__ does nothing: no trip to await it


class _Connection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = _Cursor


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """SQLAlchemy's aiosqlite DBAPI shim for engines whose `async_creator` is `connector()`."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> _Connection:
        creator_fn = kw.pop("async_creator_fn")
        return _Connection(self, await_(creator_fn(*arg, **kw)))


def connector(path: str, **kwargs: Any) -> Callable[[], Awaitable[OneTripConnection]]:
    """An `async_creator` for create_async_engine: the database at `path`, sqlite3.connect(**kwargs)."""

    async def create() -> OneTripConnection:
        conn = OneTripConnection(lambda: sqlite3.connect(path, **kwargs), 64)
        conn._thread.daemon = True  # as SQLAlchemy does for aiosqlite: never block interpreter exit
        return await conn

    return create
