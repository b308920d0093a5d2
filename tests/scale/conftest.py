"""Databases for process-level tests: an empty one (start-up races), the per-test migrated ones from tests/conftest.py."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import PG_ADMIN, require_pg


async def admin(sql: str) -> None:
    """One statement on PostgreSQL's maintenance database (CREATE/DROP DATABASE)."""
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
    name = f"oz_scale_{uuid.uuid4().hex[:10]}"
    await admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
