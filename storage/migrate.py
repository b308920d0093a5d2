"""Run Alembic migrations programmatically (`openzone migrate`, and on `openzone run`).

Any number of processes may start at once on a new or old database: one migrates, the others
wait for it and then find nothing left to do. PostgreSQL: a session-level advisory lock on a
fixed key around the Alembic run. SQLite: an exclusive `flock` on a file beside the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import re
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x6F7A6D67  # "ozmg": the advisory lock every migrating process of this database takes
_STEPS = re.compile(r"^-(\d{1,3})$")


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@contextlib.asynccontextmanager
async def _sqlite_lock(engine: AsyncEngine) -> AsyncIterator[None]:
    database = engine.url.database
    if not database or database == ":memory:":
        yield  # a private in-memory database: nobody to wait for
        return
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(f"{database}.migrate.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        await asyncio.to_thread(fcntl.flock, fd, fcntl.LOCK_EX)  # waits while another process migrates
        yield
    finally:
        os.close(fd)  # closing releases the lock


async def _locked(engine: AsyncEngine, migrate: Callable[[Connection], Any]) -> Any:
    """Run `migrate` on a sync connection (in one transaction) while holding the migration lock."""
    if engine.dialect.name == "postgresql":
        async with engine.connect() as conn:
            await conn.execute(text(f"SELECT pg_advisory_lock({MIGRATION_LOCK})"))
            await conn.commit()  # the lock is the session's: it outlives this transaction
            try:
                async with conn.begin():
                    return await conn.run_sync(migrate)
            finally:
                await conn.execute(text(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})"))
                await conn.commit()
    async with _sqlite_lock(engine), engine.begin() as conn:
        return await conn.run_sync(migrate)


def _config_on(engine: AsyncEngine, sync_conn: Connection) -> Config:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    cfg.attributes["connection"] = sync_conn
    return cfg


async def upgrade(engine: AsyncEngine, revision: str = "heads") -> None:
    """Bring the schema to `revision` over an existing async engine.

    "heads": features add their own migration branches off the base revision, so there may be
    several heads; each is applied.
    """
    await _locked(engine, lambda c: command.upgrade(_config_on(engine, c), revision))


def _one_step_down(script: ScriptDirectory, current: tuple[str, ...]) -> str:
    """The target that undoes exactly one revision — defined where Alembic's `-1` is ambiguous.

    Below a single current revision: its parent (at a merge point any parent will do, since
    downgrading to a revision removes only its descendants — here just the merge). Below several
    current revisions (the branches a merge joined): the one that sorts last, on its own branch.
    """
    if not current:
        raise ValueError("the database has no schema to downgrade")
    if len(current) > 1:
        return f"{max(current)}@-1"
    down = script.get_revision(current[0]).down_revision  # type: ignore[union-attr]
    if down is None:
        return "base"
    return down if isinstance(down, str) else sorted(down)[0]


def _downgrade(cfg: Config, sync_conn: Connection, revision: str) -> tuple[str, ...]:
    from alembic.runtime.migration import MigrationContext

    def heads() -> tuple[str, ...]:
        return tuple(sorted(MigrationContext.configure(sync_conn).get_current_heads()))

    steps = _STEPS.match(revision)
    if steps is None:
        command.downgrade(cfg, revision)
        return heads()
    script = ScriptDirectory.from_config(cfg)
    for _ in range(int(steps.group(1))):
        command.downgrade(cfg, _one_step_down(script, heads()))
    return heads()


async def downgrade(engine: AsyncEngine, revision: str) -> tuple[str, ...]:
    """Take the schema down to `revision` ("-1": one step, "-N": N steps, "base": nothing); returns
    the revisions now current."""
    return await _locked(engine, lambda c: _downgrade(_config_on(engine, c), c, revision))  # type: ignore[no-any-return]


async def downgrade_url(url: str, revision: str) -> int:
    """`openzone migrate --down REV`: downgrade the database at `url`, say where it now stands; the exit code."""
    from alembic.util import CommandError

    from storage.database import make_engine

    engine = make_engine(url)
    try:
        now = await downgrade(engine, revision)
    except (CommandError, ValueError) as exc:
        print(f"openzone: can't downgrade to {revision!r}: {exc}. "
              "Give a revision (see storage/migrations/versions), base, or -1 for one step.", file=sys.stderr)
        return 2
    finally:
        await engine.dispose()
    print(f"Database downgraded to {', '.join(sorted(now)) or 'base (no tables)'}.")
    return 0


async def not_ready(engine: AsyncEngine, timeout: float = 5.0) -> str | None:
    """Why this process can't serve (`/readyz`): the database unreachable or its schema not at
    head; None when ready. Never raises."""
    from alembic.runtime.migration import MigrationContext

    wanted = set(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())

    async def heads() -> set[str]:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_heads()))

    try:
        found = await asyncio.wait_for(heads(), timeout)
    except Exception as exc:  # noqa: BLE001 — any failure to reach the database means "not ready"
        return f"database unreachable ({type(exc).__name__})"
    if found != wanted:
        return f"schema at {', '.join(sorted(found)) or 'nothing'}, not at head {', '.join(sorted(wanted))}"
    return None


async def current(conn: AsyncConnection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())
