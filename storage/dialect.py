"""The few statements that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.util import greenlet_spawn

from storage.accounts.tables import AccountRow


def dialect_name(session: AsyncSession) -> str:
    # Our sessions are bound to one engine: its dialect is an attribute away (get_bind() walks the
    # session's bind rules, a few times per command).
    bind = session.bind
    return (bind if bind is not None else session.get_bind()).dialect.name


def insert_for(session_or_dialect: AsyncSession | str, table: Any) -> Any:
    """The dialect's INSERT (it has ON CONFLICT): the one place that picks between SQLite and PostgreSQL."""
    name = session_or_dialect if isinstance(session_or_dialect, str) else dialect_name(session_or_dialect)
    return (postgresql if name == "postgresql" else sqlite).insert(table)


def insert_ignore(session: AsyncSession, table: Any) -> Any:
    """INSERT that silently skips rows clashing with a unique key (idempotent writes)."""
    return insert_for(session, table).on_conflict_do_nothing()


def upsert(session: AsyncSession, table: Any, values: dict[str, Any], keys: list[str]) -> Any:
    stmt = insert_for(session, table).values(**values)
    return stmt.on_conflict_do_update(index_elements=keys, set_={k: v for k, v in values.items() if k not in keys})


_BUILT: dict[tuple[str, str], Any] = {}


def built(session: AsyncSession, name: str, build: Callable[[str], Any]) -> Any:
    """A statement built once per dialect and reused (hot paths: parameters are bound at execution)."""
    key = (dialect_name(session), name)
    stmt = _BUILT.get(key)
    if stmt is None:
        stmt = _BUILT[key] = build(key[0])
    return stmt


def _run_sync(session: Session, stmt: Any, params: dict[str, Any]) -> Any:
    return session.connection().execute(stmt, params)


async def run(session: AsyncSession, stmt: Any, params: dict[str, Any]) -> Any:
    """Execute on the session's connection as plain Core (no ORM bulk or entity loading).

    One trip into SQLAlchemy's greenlet for both the connection and the statement, where
    `await session.connection()` then `await conn.execute()` take two. The result is buffered, as
    AsyncConnection.execute's is: the async drivers fetch every row during execute (no server-side
    cursors here).
    """
    return await greenlet_spawn(_run_sync, session.sync_session, stmt, params)


async def lock_account(session: AsyncSession, account_id: int, *, reads_follow: bool = False) -> bool:
    """Serialise one account's claims on a limit until commit; False when the account is gone.

    PostgreSQL: a row lock on the account (NO KEY UPDATE, so rows that merely reference the
    account are not held up), taken before the conditional statement so that statement's
    snapshot sees every claim committed before it. SQLite serialises writers by itself, and a
    single INSERT … SELECT reads and writes under the write lock: nothing to take there —
    unless checks are read before the write (`reads_follow`): then a no-op UPDATE takes the
    write lock first, so those reads see every committed write and no one writes until commit.
    A lock this transaction already holds is not asked for again (the set lives in the session's
    info, which the unit of work clears with the transaction).
    """
    if dialect_name(session) == "postgresql":
        held = session.info.setdefault("locked_accounts", set())
        if account_id in held:
            return True  # taken earlier in this transaction (here or by a statement: `took_account_lock`)
        q = select(AccountRow.id).where(AccountRow.id == account_id).with_for_update(key_share=True)
        if await session.scalar(q) is None:
            return False
        held.add(account_id)
        return True
    if not reads_follow:
        return True
    result = await session.execute(
        update(AccountRow).where(AccountRow.id == account_id).values(link_epoch=AccountRow.link_epoch)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def took_account_lock(session: AsyncSession, account_id: int) -> None:
    """A statement of this transaction took `lock_account`'s row lock itself (storage.accounts: the sender's;
    storage.posts: publish)."""
    session.info.setdefault("locked_accounts", set()).add(account_id)
