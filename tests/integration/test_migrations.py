"""Schema migrations: up → down → up on both databases, one step down always defined, and any
number of `openzone migrate` processes started at once on an empty database all come up."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from storage import Database, upgrade
from storage.migrate import alembic_config, current, downgrade, not_ready
from tests.builders import World
from tests.conftest import PG_ADMIN, require_pg

OPENZONE = Path(sys.executable).parent / "openzone"
SCRIPT = ScriptDirectory.from_config(alembic_config("sqlite://"))
[HEAD] = SCRIPT.get_heads()


def applied(heads: tuple[str, ...]) -> set[str]:
    """Every revision a database at `heads` has applied."""
    return {r.revision for r in SCRIPT.iterate_revisions(heads, "base")} if heads else set()


async def _admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN.replace("postgresql+asyncpg", "postgresql"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of a database with nothing in it (PostgreSQL: one created for this test alone)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'openzone.db'}"
        return
    require_pg()
    name = f"oz_mig_{uuid.uuid4().hex[:10]}"
    await _admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _heads(db: Database) -> tuple[str, ...]:
    from alembic.runtime.migration import MigrationContext

    async with db.engine.connect() as conn:
        return tuple(sorted(await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_heads())))


async def _tables(db: Database) -> set[str]:
    async with db.engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names())) - {"alembic_version"}


async def _works(db: Database) -> None:
    world = await World.start(Database(db.url))
    try:
        assert "Welcome to OpenZone" in await world.says("alice", "/start")
        assert "Posted #1" in await world.says("alice", "/post public back up")
    finally:
        await world.close()


async def test_migrations_go_up_then_one_step_at_a_time_down_to_nothing_and_up_again(empty_url: str) -> None:
    db = Database(empty_url)
    try:
        await upgrade(db.engine)
        assert await _heads(db) == (HEAD,)
        full = await _tables(db)
        # One step down is defined everywhere — through the merge point 0005 and the branches it
        # joined too — and undoes exactly one revision each time, down to nothing.
        steps, before = [], (HEAD,)
        while before:
            after = tuple(sorted(await downgrade(db.engine, "-1")))
            assert len(applied(after)) == len(applied(before)) - 1, (before, after)
            steps.append(after)
            before = after
        assert ("0002", "0003", "0004") in steps and steps[-1] == ()
        assert len(steps) == len(list(SCRIPT.walk_revisions()))
        assert await _tables(db) == set()
        await upgrade(db.engine)
        assert await _heads(db) == (HEAD,) and await _tables(db) == full
        assert len(applied(await downgrade(db.engine, "-1"))) == len(applied((HEAD,))) - 1
        await upgrade(db.engine)
        async with db.engine.connect() as conn:
            assert await current(conn) == HEAD
        await _works(db)
    finally:
        await db.dispose()


async def test_readiness_follows_the_schema_nothing_then_head_then_one_step_below(empty_url: str) -> None:
    db = Database(empty_url)
    try:
        assert await not_ready(db.engine) == f"schema at nothing, not at head {HEAD}"
        await upgrade(db.engine)
        assert await not_ready(db.engine) is None
        below = ", ".join(await downgrade(db.engine, "-1"))
        assert await not_ready(db.engine) == f"schema at {below}, not at head {HEAD}"
    finally:
        await db.dispose()


async def test_downgrading_to_a_named_revision_and_to_base_works(empty_url: str) -> None:
    db = Database(empty_url)
    try:
        await upgrade(db.engine)
        assert await downgrade(db.engine, "0004") == ("0002", "0003", "0004")
        assert await downgrade(db.engine, "base") == ()
        await upgrade(db.engine)
        assert await _heads(db) == (HEAD,)
    finally:
        await db.dispose()


async def _openzone(*args: str, url: str, home: Path) -> tuple[int, str]:
    """`openzone ARGS` as its own process, configured for the database at `url`."""
    config = home / "config.toml"
    config.write_text(f'data_dir = "{home / "data"}"\n[database]\nurl = "{url}"\n')
    proc = await asyncio.create_subprocess_exec(
        str(OPENZONE), *args, env={**os.environ, "OPENZONE_CONFIG": str(config)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    return proc.returncode or 0, out.decode()


async def test_four_migrate_processes_started_at_once_on_an_empty_database_all_succeed(
    empty_url: str, tmp_path: Path,
) -> None:
    results = await asyncio.gather(*(_openzone("migrate", url=empty_url, home=tmp_path) for _ in range(4)))
    assert [code for code, _ in results] == [0, 0, 0, 0], [out for _, out in results]
    assert all("Database is up to date" in out for _, out in results)
    db = Database(empty_url)
    try:
        assert await _heads(db) == (HEAD,)
        await _works(db)
    finally:
        await db.dispose()


async def test_openzone_migrate_down_takes_one_step_and_migrate_brings_it_back(empty_url: str, tmp_path: Path) -> None:
    assert (await _openzone("migrate", url=empty_url, home=tmp_path))[0] == 0
    code, out = await _openzone("migrate", "--down=-1", url=empty_url, home=tmp_path)
    below = SCRIPT.get_revision(HEAD).down_revision  # type: ignore[union-attr]
    assert code == 0 and f"Database downgraded to {below}." in out, out
    code, out = await _openzone("migrate", "--down", "0004", url=empty_url, home=tmp_path)
    assert code == 0 and "Database downgraded to 0002, 0003, 0004." in out, out
    code, out = await _openzone("migrate", "--down", "nonsense", url=empty_url, home=tmp_path)
    assert code == 2 and "can't downgrade to 'nonsense'" in out and "Traceback" not in out, out
    assert (await _openzone("migrate", url=empty_url, home=tmp_path))[0] == 0
    db = Database(empty_url)
    try:
        assert await _heads(db) == (HEAD,)
    finally:
        await db.dispose()
