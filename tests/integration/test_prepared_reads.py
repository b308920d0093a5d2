"""storage.prepared runs a statement as SQLAlchemy would: the same rows, the same events, the same errors.

Page reads compile their statements once and hand the driver the SQL and values themselves; what comes
back must be what `Connection.execute` returns (types converted the same way: aware UTC datetimes,
booleans, JSON), the engine's events must see each statement (the statement counts count them), a
driver's error must arrive as SQLAlchemy's, and the read must run in the unit of work's transaction.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import String, and_, bindparam, cast, event, exists, func, insert, literal, select
from sqlalchemy.exc import DBAPIError

from storage import Database
from storage.accounts.tables import AccountRow
from storage.prepared import Prepared, fetch

T0 = datetime(2026, 12, 3, 17, 0, 0, 123456, tzinfo=timezone.utc)


async def _accounts(db: Database, n: int) -> None:
    async with db.uow() as uow:
        await uow.session.execute(insert(AccountRow), [
            {"handle": f"h{i}", "display_name": f"H {i}", "created_at": T0 + timedelta(minutes=i),
             "suggestable": i % 2 == 0, "avatar": {"small": f"k{i}"} if i % 3 == 0 else None}
            for i in range(n)])
        await uow.commit()


# Constants of the statement (a literal, a rule's value), parameters used twice, a NULL parameter, an
# expanding IN list, a boolean, a datetime, JSON and a correlated EXISTS: what page statements carry.
STATEMENT = (
    select(AccountRow.id, AccountRow.handle, AccountRow.created_at, AccountRow.suggestable, AccountRow.avatar,
           literal("x").label("constant"), (AccountRow.zone_visibility == "public").label("public"),
           exists().where(AccountRow.id == bindparam("viewer_id")).label("viewer_exists"),
           func.coalesce(cast(bindparam("viewer_id"), String), "nobody").label("viewer"))
    .where(and_(AccountRow.handle.in_(bindparam("handles", expanding=True)), AccountRow.link_epoch == 0,
                AccountRow.created_at >= bindparam("since")))
    .order_by(AccountRow.id)
)


def _plain(rows: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in rows]


@pytest.mark.parametrize("handles", [(), ("h1",), ("h0", "h2", "h3", "nobody"), ("h4", "h1")])
async def test_a_prepared_read_returns_what_sqlalchemy_returns_for_in_lists_of_every_length(
        db: Database, handles: tuple[str, ...]) -> None:
    await _accounts(db, 5)
    prepared = Prepared(STATEMENT)
    for viewer in (None, 1, 99):
        params = {"handles": handles, "viewer_id": viewer, "since": T0}
        async with db.uow() as uow:
            expected = _plain(await uow.session.execute(STATEMENT, {**params, "handles": list(handles)}))
            got = _plain(await fetch(uow.session, prepared, params))
        assert got == expected
        assert all(r[2].tzinfo == timezone.utc for r in got)


async def test_every_prepared_read_is_seen_by_the_engines_statement_events(db: Database) -> None:
    await _accounts(db, 3)
    seen: list[str] = []

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        seen.append(sql)

    event.listen(db.engine.sync_engine, "before_cursor_execute", statement)
    try:
        async with db.uow() as uow:
            for handles in (("h0",), ("h0", "h1"), ("h2",)):
                await fetch(uow.session, Prepared(STATEMENT), {"handles": handles, "viewer_id": 1, "since": T0})
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", statement)
    assert len(seen) == 3 and all(s.lstrip().startswith("SELECT") for s in seen)


async def test_a_prepared_read_sees_what_its_unit_of_work_wrote_before_commit(db: Database) -> None:
    async with db.uow() as uow:
        await uow.session.execute(insert(AccountRow).values(handle="new", display_name="New", created_at=T0))
        rows = await fetch(uow.session, Prepared(STATEMENT), {"handles": ("new",), "viewer_id": None, "since": T0})
        assert [r[1] for r in rows] == ["new"]
    async with db.uow() as uow:  # never committed: gone
        assert await fetch(uow.session, Prepared(STATEMENT), {"handles": ("new",), "viewer_id": None,
                                                              "since": T0}) == []


async def test_a_driver_error_in_a_prepared_read_is_sqlalchemys_and_the_next_unit_of_work_reads_on(
        db: Database) -> None:
    await _accounts(db, 2)
    # A CAST that fails at run time on both databases: not an integer (PostgreSQL), not JSON (SQLite).
    failing = (select(func.json_extract(AccountRow.handle, "$.x")) if db.engine.dialect.name == "sqlite"
               else select(cast(AccountRow.handle, AccountRow.id.type)))
    with pytest.raises(DBAPIError):
        async with db.uow() as uow:
            await fetch(uow.session, Prepared(failing), {})
    async with db.uow() as uow:
        rows = await fetch(uow.session, Prepared(STATEMENT), {"handles": ("h1",), "viewer_id": None, "since": T0})
    assert [r[1] for r in rows] == ["h1"]


async def test_a_value_rendered_into_the_sql_cannot_vary_per_call(db: Database) -> None:
    rendered = select(AccountRow.id).where(AccountRow.handle == bindparam("handle", literal_execute=True))
    async with db.uow() as uow:
        with pytest.raises(TypeError, match="handle"):
            await fetch(uow.session, Prepared(rendered), {"handle": "h0"})


async def test_a_statement_that_writes_or_locks_cannot_be_prepared_as_a_read(db: Database) -> None:
    locked = select(AccountRow.id).where(AccountRow.id == 1).with_for_update(key_share=True)
    writes = insert(AccountRow).values(handle="x", display_name="X", created_at=T0).returning(AccountRow.id)
    in_a_cte = select(AccountRow.id).add_cte(writes.cte("new"))
    async with db.uow() as uow:
        for statement in (locked, writes, in_a_cte):
            with pytest.raises(TypeError, match="plain read"):
                await fetch(uow.session, Prepared(statement, reads=True), {})


async def test_a_write_that_leaves_a_python_side_default_to_sqlalchemy_cannot_be_prepared(db: Database) -> None:
    # bio, link_epoch, … have Python-side defaults, which a plan would not fill in.
    writes = insert(AccountRow).values(handle=bindparam("handle"), display_name="W", created_at=T0)
    async with db.uow() as uow:
        with pytest.raises(TypeError, match="bio"):
            await fetch(uow.session, Prepared(writes), {"handle": "w0"})


async def test_a_prepared_write_first_in_its_unit_is_in_the_units_transaction(db: Database) -> None:
    # A Prepared statement runs no Python-side defaults: every column given.
    writes = Prepared(insert(AccountRow).values(
        handle=bindparam("handle"), display_name="W", created_at=T0, bio="", default_visibility="friends",
        zone_visibility="public", link_epoch=0, suggestable=True, guestbook="everyone").returning(AccountRow.id))
    async with db.uow() as uow:
        assert len(await fetch(uow.session, writes, {"handle": "w1"})) == 1
    async with db.uow() as uow:  # never committed: rolled back
        assert await fetch(uow.session, Prepared(STATEMENT, reads=True),
                           {"handles": ("w1",), "viewer_id": None, "since": T0}) == []


# SQLite begins no transaction for a read: nothing to defer there, so this runs on PostgreSQL alone.
@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
async def test_on_postgresql_reads_before_the_first_write_run_before_the_transaction_and_after_it_inside(
        db: Database) -> None:
    now = Prepared(select(func.now()), reads=True)  # a transaction's now() is its start: equal inside one
    async with db.uow() as uow:
        first = (await fetch(uow.session, now, {}))[0][0]
        await asyncio.sleep(0.01)
        assert (await fetch(uow.session, now, {}))[0][0] > first  # each on its own: no transaction yet
        await uow.session.execute(insert(AccountRow).values(handle="w", display_name="W", created_at=T0))
        inside = (await fetch(uow.session, now, {}))[0][0]
        await asyncio.sleep(0.01)
        assert (await fetch(uow.session, now, {}))[0][0] == inside  # in the transaction the write began
        assert [r[1] for r in await fetch(uow.session, Prepared(STATEMENT),
                                          {"handles": ("w",), "viewer_id": None, "since": T0})] == ["w"]
    async with db.uow() as uow:  # and it still ends in a rollback: nothing was committed
        assert await fetch(uow.session, Prepared(STATEMENT), {"handles": ("w",), "viewer_id": None,
                                                              "since": T0}) == []
        raw = (await uow.session.connection()).sync_connection.connection.dbapi_connection
        assert raw.autocommit is False  # the connection is handed back as it was lent
