"""The one-trip aiosqlite cursor behaves like the stock one where SQLAlchemy looks."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from storage.database import make_engine
from storage import sqlite_driver, sqlite_wal
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


async def test_a_transaction_crosses_to_the_thread_only_for_a_new_connections_first_commit(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    trips = counting(monkeypatch)
    async with engine.begin() as conn:  # the pool's reset when it takes the connection back: no trip
        await conn.execute(insert(rows).values(name="one"))  # nothing waits for a lock: run on the loop's thread
    assert trips == ["_commit"]  # a new connection: the WAL may be new, and this commit syncs its header
    trips.clear()
    async with engine.begin() as conn:  # WAL, synchronous=NORMAL, no automatic checkpoint: nothing to wait for
        await conn.execute(insert(rows).values(name="two"))
    assert trips == []
    async with engine.connect() as conn:  # only read: nothing to commit or roll back
        assert (await conn.execute(select(rows.c.name))).scalars().all() == ["one", "two"]
        await conn.commit()
    assert trips == []
    async with engine.connect() as conn:  # a write rolled back is still rolled back
        await conn.execute(insert(rows).values(name="three"))
        await conn.rollback()
    assert trips == []
    async with engine.connect() as conn:
        assert (await conn.execute(select(rows.c.name))).scalars().all() == ["one", "two"]


async def driver(conn) -> OneTripConnection:  # type: ignore[no-untyped-def]
    return (await conn.get_raw_connection()).driver_connection


async def test_commits_on_the_loop_are_seen_by_other_connections(engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    async with engine.begin() as conn:
        await conn.execute(insert(rows).values(name="first"))  # the new connection's first commit
    async with engine.connect() as writer, engine.connect() as reader:  # the writer's connection made "first"
        trips = counting(monkeypatch)
        await writer.execute(insert(rows).values(name="second"))
        assert (await reader.execute(select(rows.c.name))).scalars().all() == ["first"]  # not yet committed
        await writer.commit()
        assert trips == []  # on the loop's thread
        assert (await reader.execute(select(rows.c.name).order_by(rows.c.id))).scalars().all() == ["first", "second"]
    other = sqlite3.connect(tmp_path / "t.db")  # another process would see the same
    try:
        assert [name for (name,) in other.execute("SELECT name FROM rows ORDER BY id")] == ["first", "second"]
    finally:
        other.close()


def wal_bytes(tmp_path: Path) -> int:
    wal = tmp_path / "t.db-wal"
    return wal.stat().st_size if wal.exists() else 0


async def commit_many(engine, tmp_path: Path, n: int, *, wait_for_checkpoints: bool) -> list[int]:  # type: ignore[no-untyped-def]
    """`n` one-row commits; the WAL file's size after every 50th."""
    sizes = []
    for i in range(n):
        async with engine.begin() as conn:
            await conn.execute(insert(rows).values(name=f"r{i}"))
            wal = (await driver(conn))._wal
        if wait_for_checkpoints and wal.thread is not None:
            wal.thread.join()  # as when commands come spaced out: the checkpoint has run by the next one
        if i % 50 == 49:
            sizes.append(wal_bytes(tmp_path))
    return sizes


async def test_the_wal_is_checkpointed_off_the_loop_and_stays_bounded(engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sqlite_wal, "CHECKPOINT_COMMITS", 20)
    monkeypatch.setattr(sqlite_wal, "CHECKPOINT_PAGES", 50)
    async with engine.connect() as conn:
        assert (await conn.execute(text("PRAGMA wal_autocheckpoint"))).scalar() == 0  # SQLite's own is off
        assert (await conn.execute(text("PRAGMA synchronous"))).scalar() == 1  # NORMAL
    checkpoints_on: list[str] = []
    real = sqlite_wal.Wal._checkpoint

    def spy(self):  # type: ignore[no-untyped-def]
        checkpoints_on.append(threading.current_thread().name)
        real(self)

    monkeypatch.setattr(sqlite_wal.Wal, "_checkpoint", spy)
    sizes = await commit_many(engine, tmp_path, 1000, wait_for_checkpoints=True)
    # Each commit appends two or three frames (the table's page, the unique index's, now and then a
    # new page): one every ~20 commits, 50 pages; the WAL holds about that much, and starts over.
    assert 1000 // 30 <= len(checkpoints_on) <= 1000 // 10 and set(checkpoints_on) == {"sqlite-checkpoint"}
    assert max(sizes) <= 4 * 50 * (4096 + 24), sizes
    async with engine.connect() as conn:
        assert (await conn.execute(select(rows.c.id))).all().__len__() == 1000
        assert (await conn.execute(text("PRAGMA integrity_check"))).scalar() == "ok"


async def test_under_a_steady_stream_of_commits_the_wal_still_starts_over(engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Commits arriving while each checkpoint runs: a passive one never catches up, the RESTART one does."""
    monkeypatch.setattr(sqlite_wal, "CHECKPOINT_COMMITS", 20)
    monkeypatch.setattr(sqlite_wal, "CHECKPOINT_PAGES", 50)
    monkeypatch.setattr(sqlite_wal, "RESTART_PAGES", 100)
    sizes = await commit_many(engine, tmp_path, 1000, wait_for_checkpoints=False)
    async with engine.connect() as conn:
        wal = (await driver(conn))._wal
    # A checkpoint finds less than 100 pages left over (else it would have been a RESTART one), a
    # round's 50 written since, and lets at most a round's worth more in while it runs: < 250.
    assert max(sizes) <= 250 * (4096 + 24), (sizes, wal.last)
    async with engine.connect() as conn:
        assert len((await conn.execute(select(rows.c.id))).all()) == 1000


async def test_without_its_checkpoints_the_wal_would_grow(engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The check above measures something: the automatic checkpoint is off, and nothing else checkpoints."""
    monkeypatch.setattr(sqlite_wal, "CHECKPOINT_COMMITS", 10**9)
    sizes = await commit_many(engine, tmp_path, 1000, wait_for_checkpoints=True)
    assert sizes[-1] > 1000 * (4096 + 24), sizes  # more than a frame a commit, and growing
    assert sizes == sorted(sizes)


async def test_the_commit_that_starts_the_wal_over_goes_to_the_thread(engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The first write after a checkpoint that copied the whole WAL starts it over and syncs its header."""
    monkeypatch.setattr(sqlite_wal, "CHECKPOINT_COMMITS", 3)
    trips = counting(monkeypatch)
    for i in range(3):  # the first on a new connection; the third starts a checkpoint
        async with engine.begin() as conn:
            await conn.execute(insert(rows).values(name=f"a{i}"))
            wal = (await driver(conn))._wal
    assert trips == ["_commit"]
    assert wal.thread is not None
    wal.thread.join()
    busy, frames, copied = wal.last
    assert busy == 0 and frames == copied > 0  # complete: the next writer starts the WAL over
    trips.clear()
    async with engine.begin() as conn:
        await conn.execute(insert(rows).values(name="b"))
    assert trips == ["_commit"]
    trips.clear()
    async with engine.begin() as conn:
        await conn.execute(insert(rows).values(name="c"))
    assert trips == []


def _reading(path: object) -> sqlite3.Connection:
    """A plain sqlite3 reader in the middle of a transaction: it holds a shared lock until COMMIT."""
    reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)  # type: ignore[arg-type]
    reader.execute("BEGIN")
    reader.execute("SELECT * FROM rows").fetchall()
    return reader


async def _commit_after_the_reader(conn: Any, reader: sqlite3.Connection) -> None:
    """Insert and commit while `reader` holds its lock: the commit waits (the loop running on) till it ends."""
    await conn.execute(insert(rows).values(name="after"))
    committing = asyncio.create_task(conn.commit())
    for _ in range(20):  # the loop runs on while the commit waits
        await asyncio.sleep(0.005)
    assert not committing.done()
    reader.execute("COMMIT")
    reader.close()
    await committing


async def _both_rows(engine: Any) -> None:
    async with engine.connect() as conn:
        assert (await conn.execute(select(rows.c.name).order_by(rows.c.id))).scalars().all() == ["before", "after"]


async def test_a_commit_that_must_wait_for_a_reader_waits_on_the_thread(engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Outside WAL mode a commit takes the exclusive lock, which waits for readers: not on the loop."""
    trips = counting(monkeypatch)
    async with engine.connect() as conn:
        await conn.execute(text("PRAGMA journal_mode=DELETE"))
        await conn.execute(insert(rows).values(name="before"))
        await conn.commit()
        trips.clear()
        await _commit_after_the_reader(conn, _reading(tmp_path / "t.db"))
    assert trips == ["_commit"]
    await _both_rows(engine)


async def test_a_commit_tried_here_that_meets_a_lock_is_finished_on_the_thread(engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Should a commit on the loop's thread find a lock after all, it fails at once (no busy timeout
    there), its transaction still open, and is run again on the thread with the timeout."""
    async with engine.connect() as conn:
        await conn.execute(text("PRAGMA journal_mode=DELETE"))
        await conn.execute(insert(rows).values(name="before"))
        await conn.commit()  # the connection's first: on the thread
        monkeypatch.setattr(OneTripConnection, "_settle", lambda self: (True, True))  # "it cannot block"
        trips = counting(monkeypatch)
        await _commit_after_the_reader(conn, _reading(tmp_path / "t.db"))
        assert trips == ["_commit"]
    await _both_rows(engine)


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

