"""Alembic environment: async engines, batch mode for SQLite's limited ALTER TABLE."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from storage.database import make_engine
from storage.tables import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection | None = None, **kw: Any) -> None:
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True,
        compare_type=True, **kw,
    )


def run_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _run_sync(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    async with engine.connect() as conn:
        await conn.run_sync(_run_sync)
        await conn.commit()
    await engine.dispose()


if context.is_offline_mode():
    run_offline()
elif (given := config.attributes.get("connection")) is not None:
    # Called from storage.migrate.upgrade inside run_sync: already a sync connection.
    _run_sync(given)
else:
    asyncio.run(_run_online())
