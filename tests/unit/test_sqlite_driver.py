"""The one-trip aiosqlite cursor behaves like the stock one where SQLAlchemy looks."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from storage.database import make_engine
from storage.sqlite_driver import OneTripConnection

rows = Table("rows", MetaData(), Column("id", Integer, primary_key=True), Column("name", String(20), unique=True))


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


async def test_a_transaction_makes_one_trip_per_statement_and_one_for_its_commit(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    trips: list[str] = []
    real = OneTripConnection._execute

    async def counted(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        trips.append(getattr(fn, "__name__", "?"))
        return await real(self, fn, *args, **kwargs)

    monkeypatch.setattr(OneTripConnection, "_execute", counted)
    async with engine.begin() as conn:  # the pool's reset when it takes the connection back: no trip
        await conn.execute(insert(rows).values(name="one"))
    assert trips == ["_run", "commit"]
    trips.clear()
    async with engine.connect() as conn:  # only read: nothing to commit or roll back
        assert (await conn.execute(select(rows.c.name))).scalars().all() == ["one"]
        await conn.commit()
    assert trips == ["_run"]
    trips.clear()
    async with engine.connect() as conn:  # a write rolled back is still rolled back
        await conn.execute(insert(rows).values(name="two"))
        await conn.rollback()
    assert trips == ["_run", "rollback"]
    async with engine.connect() as conn:
        assert (await conn.execute(select(rows.c.name))).scalars().all() == ["one"]
