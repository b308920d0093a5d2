"""The few statements that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def dialect_name(session: AsyncSession) -> str:
    bind = session.get_bind()
    return bind.dialect.name


def insert_ignore(session: AsyncSession, table: Any) -> Any:
    """INSERT that silently skips rows clashing with a unique key (idempotent writes)."""
    if dialect_name(session) == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def upsert(session: AsyncSession, table: Any, values: dict[str, Any], keys: list[str]) -> Any:
    module = postgresql if dialect_name(session) == "postgresql" else sqlite
    stmt = module.insert(table).values(**values)
    return stmt.on_conflict_do_update(index_elements=keys, set_={k: v for k, v in values.items() if k not in keys})
