"""Shared fixtures: a migrated database per test (SQLite always, PostgreSQL when reachable)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from storage import Database, upgrade
from tests.builders import World

PG_ADMIN = os.environ.get("OPENZONE_TEST_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")


def run_async(make_coro) -> None:  # type: ignore[no-untyped-def]
    """Run a coroutine to completion from sync code, even when a loop is already running here."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(lambda: asyncio.run(make_coro())).result()


def pg_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def require_pg() -> None:
    if not pg_reachable():
        if os.environ.get("OPENZONE_TEST_REQUIRE_PG"):
            pytest.fail("PostgreSQL is required (OPENZONE_TEST_REQUIRE_PG) but 127.0.0.1:5432 is down")
        pytest.skip("PostgreSQL not reachable on 127.0.0.1:5432; start it to run these tests too")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file, copied for each test (migrating per test would be slow)."""
    path = tmp_path_factory.mktemp("template") / "openzone.db"

    async def build() -> None:
        db = Database(f"sqlite+aiosqlite:///{path}")
        await upgrade(db.engine)
        await db.dispose()

    run_async(build)
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, migrated once and dropped at the end."""
    require_pg()
    import asyncpg

    name = f"oz_test_{uuid.uuid4().hex[:10]}"
    admin = PG_ADMIN.replace("postgresql+asyncpg", "postgresql")

    async def admin_exec(sql: str) -> None:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    base = PG_ADMIN.rsplit("/", 1)[0]
    url = f"{base}/{name}"

    async def create() -> None:
        await admin_exec(f'CREATE DATABASE "{name}"')
        db = Database(url)
        await upgrade(db.engine)
        await db.dispose()

    run_async(create)
    yield url
    run_async(lambda: admin_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _truncate(db: Database) -> None:
    from sqlalchemy import text

    from storage.tables import Base

    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    async with db.engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> AsyncIterator[Database]:
    """A clean, migrated database: each test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        target = tmp_path / "openzone.db"
        shutil.copy(sqlite_template, target)
        database = Database(f"sqlite+aiosqlite:///{target}")
    else:
        url = request.getfixturevalue("pg_url")
        database = Database(url, pool_size=5)
        await _truncate(database)
    yield database
    await database.dispose()


@pytest.fixture
async def sqlite_db(tmp_path: Path, sqlite_template: Path) -> AsyncIterator[Database]:
    target = tmp_path / "openzone.db"
    shutil.copy(sqlite_template, target)
    database = Database(f"sqlite+aiosqlite:///{target}")
    yield database
    await database.dispose()


@pytest.fixture
async def world(db: Database) -> AsyncIterator[World]:
    """The platform as `openzone run` builds it, on this test's database."""
    built = await World.start(db)
    yield built
    await built.close()


@pytest.fixture
async def sqlite_world(sqlite_db: Database) -> AsyncIterator[World]:
    built = await World.start(sqlite_db)
    yield built
    await built.close()


@pytest.fixture(autouse=True)
def _an_english_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """`openzone chat` reads the terminal's language (LC_ALL, LC_MESSAGES, LANG): the console
    processes the tests start speak English whatever the machine running them is set to."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
