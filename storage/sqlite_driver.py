"""aiosqlite with one trip to its thread per statement.

Stock aiosqlite under SQLAlchemy crosses to its worker thread three or four times per statement
(make a cursor, execute, fetch, close); each crossing wakes the event loop, and together they
cost more than SQLite's own work. Here a cursor runs the whole statement — execute, fetch every
row, close — in one crossing and hands SQLAlchemy the buffered rows. Everything else (the
thread, transactions, errors, commit and rollback) is aiosqlite's own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

import aiosqlite


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

    async def close(self) -> None:
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


def connector(path: str, **kwargs: Any) -> Callable[[], Awaitable[OneTripConnection]]:
    """An `async_creator` for create_async_engine: the database at `path`, sqlite3.connect(**kwargs)."""

    async def create() -> OneTripConnection:
        conn = OneTripConnection(lambda: sqlite3.connect(path, **kwargs), 64)
        conn._thread.daemon = True  # as SQLAlchemy does for aiosqlite: never block interpreter exit
        return await conn

    return create
