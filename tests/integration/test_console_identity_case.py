"""Console identities an older version stored with capitals are found by any case after migration 0016.

Each test makes a database at the revision before (0015), fills it as that version's console did
(`--as Alice` kept the capitals), upgrades it, and asks the console's own lookup. SQLite and PostgreSQL.
"""

from __future__ import annotations

from adapters.console import console_identity
from storage import Database, upgrade
from openzone.settings import Admins
from tests.builders import World, settings_for
from tests.integration.test_migrations import empty_url

__all__ = ["empty_url"]  # the fixture, shared with the migration tests

BEFORE = "0015_guestbook"


async def old_world(url: str) -> World:
    db = Database(url)
    await upgrade(db.engine, BEFORE)
    return await World.start(db)


async def upgraded(world: World) -> World:
    await world.close()
    await world.db.dispose()
    db = Database(world.db.url)
    await upgrade(db.engine)
    return await World.start(db)


async def as_typed(world: World, name: str, message: str) -> str:
    """What `openzone chat --as NAME` answers `message` with."""
    return await world.says(await console_identity(world.runtime.services, name), message)


async def test_an_identity_made_with_capitals_is_found_by_lowercase_with_what_it_was_owed(empty_url: str) -> None:
    world = await old_world(empty_url)
    try:
        assert "Welcome" in await world.says("Alice", "/start")  # an older console's `--as Alice`
        await world.say("bob", "/start")
        assert "request sent" in await world.says("bob", "/friend alice")
        while await world.dispatcher.run_once():  # owed to 'Alice', not yet printed
            pass
        world = await upgraded(world)
        for typed in ("alice", "Alice", "ALICE"):
            assert "(@alice)" in await as_typed(world, typed, "/me")
        got = await world.deliver()
        assert "Bob (@bob) sent you a friend request" in "".join(r.plain_text for r in got[("console", "alice")])
        assert "Bob (@bob) wants to be your friend" in await as_typed(world, "alice", "/requests")
        async with world.db.uow() as uow:
            assert await uow.accounts.by_identity("console", "Alice") is None  # no second way in
    finally:
        await world.close()
        await world.db.dispose()


async def test_names_differing_only_in_case_stay_two_people_each_reachable(empty_url: str) -> None:
    world = await old_world(empty_url)
    try:
        await world.say("Bob", "/start")
        await world.say("bob", "/start")  # a second account: the handle bob was taken
        await world.say("CAROL", "/start")
        await world.say("Carol", "/start")
        world = await upgraded(world)
        bob_big, bob_small = await as_typed(world, "Bob", "/me"), await as_typed(world, "bob", "/me")
        assert "(@bob)" in bob_big and "(@bob)" not in bob_small  # neither merged into the other
        assert await as_typed(world, "BOB", "/me") == bob_small  # every other spelling: the lowercase one
        # No lowercase 'carol' was there: the oldest (CAROL) became it; 'Carol' is still Carol's by that name.
        carol_first, carol_second = await as_typed(world, "carol", "/me"), await as_typed(world, "Carol", "/me")
        assert "(@carol)" in carol_first and "(@carol)" not in carol_second
        assert await as_typed(world, "CAROL", "/me") == carol_first
        async with world.db.uow() as uow:
            assert (await uow.accounts.by_identity("console", "CAROL")) is None
            assert len({(await uow.accounts.by_identity("console", i)).id  # type: ignore[union-attr]
                        for i in ("Bob", "bob", "carol", "Carol")}) == 4
    finally:
        await world.close()
        await world.db.dispose()


async def test_a_console_admin_named_with_capitals_in_config_is_admin_as_typed(db: Database) -> None:
    world = await World.start(db, settings_for(db, admins=Admins(console=("Root",))))
    try:
        assert "Role: admin" in await as_typed(world, "Root", "/me")  # the identity 'root'
        assert "Role: admin" in await as_typed(world, "root", "/me")
        assert "Role:" not in await as_typed(world, "rooty", "/me")
    finally:
        await world.close()
