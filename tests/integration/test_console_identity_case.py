"""Console identities an older version stored with capitals are found by any case after migration 0016.

Each test writes a database at the revision before (0015) as that version's console left it
(`--as Alice` kept the capitals), in plain SQL of that schema, upgrades it, and asks the
console's own lookup on today's platform. SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa

from adapters.console import console_identity
from chat.messages import Reply, plain
from openzone.settings import Admins
from storage import Database, upgrade
from storage.base import UTCDateTime
from tests.builders import World, settings_for
from tests.integration.test_migrations import empty_url

__all__ = ["empty_url"]  # the fixture, shared with the migration tests

BEFORE = "0015_guestbook"
THEN = datetime(2025, 12, 1, tzinfo=timezone.utc)  # before the test clock starts
# The 0015 schema's columns these tests write (only these: whatever later revisions add is theirs).
ACCOUNTS = sa.table("accounts", sa.column("id"), sa.column("handle"), sa.column("display_name"), sa.column("bio"),
                    sa.column("default_visibility"), sa.column("zone_visibility"), sa.column("link_epoch"),
                    sa.column("created_at", UTCDateTime()))
IDENTITIES = sa.table("identities", sa.column("platform"), sa.column("external_id"), sa.column("account_id"),
                      sa.column("display_name"), sa.column("reachable"))
REQUESTS = sa.table("friend_requests", sa.column("from_id"), sa.column("to_id"), sa.column("created_at", UTCDateTime()))
OUTBOX = sa.table("outbox", sa.column("id"), sa.column("kind"), sa.column("payload", sa.JSON()),
                  sa.column("created_at", UTCDateTime()), sa.column("dispatched_at", UTCDateTime()))
DELIVERIES = sa.table("deliveries", sa.column("event_id"), sa.column("platform"), sa.column("external_id"),
                      sa.column("payload", sa.JSON()), sa.column("created_at", UTCDateTime()),
                      sa.column("next_attempt_at", UTCDateTime()), sa.column("attempts"), sa.column("gave_up"))


async def old_database(url: str, people: list[tuple[str, str]]) -> tuple[Database, dict[str, int]]:
    """A database at 0015 with these console people, `(external id as stored, handle)`, oldest first."""
    db = Database(url)
    await upgrade(db.engine, BEFORE)
    ids: dict[str, int] = {}
    async with db.engine.begin() as conn:
        for external_id, handle in people:
            await conn.execute(ACCOUNTS.insert().values(
                handle=handle, display_name=external_id, bio="", default_visibility="friends",
                zone_visibility="public", link_epoch=0, created_at=THEN))
            found = await conn.execute(sa.select(ACCOUNTS.c.id).where(ACCOUNTS.c.handle == handle))
            ids[external_id] = found.scalar_one()
            await conn.execute(IDENTITIES.insert().values(platform="console", external_id=external_id,
                                                          account_id=ids[external_id], display_name=external_id,
                                                          reachable=True))
    return db, ids


async def upgraded(db: Database) -> World:
    await upgrade(db.engine)
    return await World.start(db)


async def as_typed(world: World, name: str, message: str) -> str:
    """What `openzone chat --as NAME` answers `message` with."""
    return await world.says(await console_identity(world.runtime.services, name), message)


async def test_an_identity_made_with_capitals_is_found_by_lowercase_with_what_it_was_owed(empty_url: str) -> None:
    db, ids = await old_database(empty_url, [("Alice", "alice"), ("bob", "bob")])
    notice = Reply(spans=(plain("👋 bob (@bob) sent you a friend request."),)).to_dict()
    async with db.engine.begin() as conn:  # Bob asked; the notice was made for 'Alice', not yet printed
        await conn.execute(REQUESTS.insert().values(from_id=ids["bob"], to_id=ids["Alice"], created_at=THEN))
        await conn.execute(OUTBOX.insert().values(kind="friend_requested", created_at=THEN, dispatched_at=THEN,
                                                  payload={"from_id": ids["bob"], "to_id": ids["Alice"]}))
        event_id = (await conn.execute(sa.select(OUTBOX.c.id))).scalar_one()
        await conn.execute(DELIVERIES.insert().values(event_id=event_id, platform="console", external_id="Alice",
                                                      payload=notice, created_at=THEN, next_attempt_at=THEN,
                                                      attempts=0, gave_up=False))
    world = await upgraded(db)
    try:
        for typed in ("alice", "Alice", "ALICE"):
            assert "Alice (@alice)" in await as_typed(world, typed, "/me")
        got = await world.deliver()
        assert [r.plain_text for r in got[("console", "alice")]] == ["👋 bob (@bob) sent you a friend request."]
        assert "bob (@bob) wants to be your friend" in await as_typed(world, "alice", "/requests")
        async with world.db.uow() as uow:
            assert await uow.accounts.by_identity("console", "Alice") is None  # no second way in
    finally:
        await world.close()
        await db.dispose()


async def test_names_differing_only_in_case_stay_two_people_each_reachable(empty_url: str) -> None:
    db, _ = await old_database(empty_url, [("Bob", "bob"), ("bob", "bob1"), ("CAROL", "carol"), ("Carol", "carol1")])
    world = await upgraded(db)
    try:
        assert "(@bob)" in await as_typed(world, "Bob", "/me")  # kept its capitals: typed exactly, it is Bob's
        for typed in ("bob", "BOB"):  # every other spelling: the lowercase one
            assert "(@bob1)" in await as_typed(world, typed, "/me")
        # No lowercase 'carol' was there: the oldest (CAROL) became it; 'Carol' is still carol1's by that name.
        for typed in ("carol", "CAROL", "cArOl"):
            assert "(@carol)" in await as_typed(world, typed, "/me")
        assert "(@carol1)" in await as_typed(world, "Carol", "/me")
        async with world.db.uow() as uow:
            assert await uow.accounts.by_identity("console", "CAROL") is None
        assert len({await console_identity(world.runtime.services, n) for n in ("Bob", "bob", "carol", "Carol")}) == 4
    finally:
        await world.close()
        await db.dispose()


async def test_a_console_admin_named_with_capitals_in_config_is_admin_as_typed(db: Database) -> None:
    world = await World.start(db, settings_for(db, admins=Admins(console=("Root",))))
    try:
        assert "Role: admin" in await as_typed(world, "Root", "/me")  # the identity 'root'
        assert "Role: admin" in await as_typed(world, "root", "/me")
        assert "Role:" not in await as_typed(world, "rooty", "/me")
    finally:
        await world.close()
