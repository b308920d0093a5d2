"""The one-trip aiosqlite cursor behaves like the stock one where SQLAlchemy looks."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from storage.database import make_engine
from storage import sqlite_driver
from storage.sqlite_driver import OneTripConnection

rows = Table("rows", MetaData(), Column("id", Integer, primary_key=True), Column("name", String(20), unique=True))


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the calls that cross to aiosqlite's thread from now on."""
    trips: list[str] = []
    real = OneTripConnection._execute

    async def counted(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        trips.append(getattr(fn, "__name__", "?"))
        return await real(self, fn, *args, **kwargs)

    monkeypatch.setattr(OneTripConnection, "_execute", counted)
    return trips


@pytest.fixture
async def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    eng = make_engine(f"sqlite+aiosqlite:///{tmp_path}/t.db")
    async with eng.begin() as conn:
        await conn.run_sync(rows.metadata.create_all)
    yield eng
    await eng.dispose()


async def test_the_engine_uses_one_trip_connections_with_the_pragmas(engine) -> None:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        assert isinstance(raw.driver_connection, OneTripConnection)
        assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"


async def test_rows_counts_and_ids_come_back_as_with_stock_aiosqlite(engine) -> None:  # type: ignore[no-untyped-def]
    async with engine.begin() as conn:
        await conn.execute(insert(rows), [{"name": f"n{i}"} for i in range(5)])  # executemany
        result = await conn.execute(insert(rows).values(name="last"))
        assert result.inserted_primary_key == (6,)
        ignored = await conn.execute(sqlite_insert(rows).values(name="last").on_conflict_do_nothing())
        assert ignored.rowcount == 0
        names = (await conn.execute(select(rows.c.name).order_by(rows.c.id))).scalars().all()
        assert names == ["n0", "n1", "n2", "n3", "n4", "last"]
        assert (await conn.execute(select(rows.c.id).where(rows.c.name == "n2"))).first() == (3,)


async def test_errors_and_rollbacks_behave(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(insert(rows).values(name="dup"))
            await conn.execute(insert(rows).values(name="dup"))
    async with engine.connect() as conn:
        assert (await conn.execute(select(rows.c.id))).all() == []


async def test_a_transaction_crosses_to_the_thread_only_for_its_commit_or_rollback(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    trips = counting(monkeypatch)
    async with engine.begin() as conn:  # the pool's reset when it takes the connection back: no trip
        await conn.execute(insert(rows).values(name="one"))  # nothing waits for a lock: run on the loop's thread
    assert trips == ["_commit"]
    trips.clear()
    async with engine.connect() as conn:  # only read: nothing to commit or roll back
        assert (await conn.execute(select(rows.c.name))).scalars().all() == ["one"]
        await conn.commit()
    assert trips == []
    trips.clear()
    async with engine.connect() as conn:  # a write rolled back is still rolled back
        await conn.execute(insert(rows).values(name="two"))
        await conn.rollback()
    assert trips == ["_rollback"]
    async with engine.connect() as conn:
        assert (await conn.execute(select(rows.c.name))).scalars().all() == ["one"]


async def test_a_statement_that_meets_a_lock_waits_for_it_on_the_thread_while_the_loop_runs_on(engine) -> None:  # type: ignore[no-untyped-def]
    async with engine.connect() as holder, engine.connect() as waiter:
        await holder.execute(insert(rows).values(name="first"))  # holds SQLite's write lock until commit
        waiting = asyncio.create_task(waiter.execute(insert(rows).values(name="second")))
        for _ in range(20):  # the loop is not blocked by the waiting statement: this task goes on
            await asyncio.sleep(0.005)
        assert not waiting.done()
        await holder.commit()
        await waiting
        await waiter.commit()
    async with engine.connect() as conn:
        assert (await conn.execute(select(rows.c.name).order_by(rows.c.id))).scalars().all() == ["first", "second"]


async def test_a_long_read_moves_to_the_thread_and_leaves_its_transaction_whole(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    trips = counting(monkeypatch)
    monkeypatch.setattr(sqlite_driver, "READ_STEPS", 1)  # every read is "long"
    async with engine.begin() as conn:
        await conn.execute(insert(rows).values(name="kept"))
        assert (await conn.execute(select(rows.c.name))).scalars().all() == ["kept"]  # interrupted, then on the thread
    assert trips == ["_run", "_commit"]
    async with engine.connect() as conn:
        assert (await conn.execute(select(rows.c.name))).scalars().all() == ["kept"]


async def test_a_short_read_stays_on_the_loop_however_often_it_runs(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The budget is each execution's own: SQLite's step counter of a cached statement adds up across
    its runs, and a short read must not be cut off when the sum passes the budget."""
    async with engine.begin() as conn:
        await conn.execute(insert(rows), [{"name": f"n{i}"} for i in range(50)])
    trips = counting(monkeypatch)
    monkeypatch.setattr(sqlite_driver, "READ_STEPS", 2_000)  # a few runs of the read below add up past it
    async with engine.connect() as conn:
        for _ in range(100):
            assert len((await conn.execute(select(rows.c.name).order_by(rows.c.name))).all()) == 50
    assert trips == []
