"""Visitors (访客): a signed-in look at someone else's zone is a visit, once a day; the owner lists them."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import replace
from datetime import timedelta
from typing import Any

from core import privacy
from core.model import Account, Relation, ZoneVisibility
from core.ports import UnitOfWorkFactory
from core.privacy import Facts, Viewer
from core.visits import service as visits
from openzone.bootstrap import bootstrap
from storage import Database
from tests.builders import World, make_incoming, settings_for, text
from tests.fakes import MemoryDatabase
from tests.privacy_rows import NOW, owner_row, viewer_row


async def counts(world: World, handle: str) -> tuple[int, int]:
    async with world.db.uow() as uow:
        owner = await uow.accounts.by_handle(handle)
        assert owner is not None
        seen = await visits.counts(uow, world.clock.now(), owner, site_zone=world.services.time_zone)
        return seen.today, seen.total


async def test_opening_someones_zone_is_one_visit_a_day_and_the_owner_sees_it_newest_first(world: World) -> None:
    await world.say("alice", "/start")
    await world.say("bob", "/posts alice")
    await world.say("bob", "/posts alice")  # the same day: still one visit
    await world.say("carol", "/posts alice")
    assert await counts(world, "alice") == (2, 2)
    listed = await world.says("alice", "/visitors")
    assert "Visits to your zone: 2 today · 2 in all" in listed
    assert "2 recent visitors, newest first:" in listed
    assert listed.index("@carol") < listed.index("@bob")
    assert "just now" in listed
    world.clock.advance(days=1)
    await world.say("bob", "/posts alice")
    assert await counts(world, "alice") == (1, 3)
    listed = await world.says("alice", "/visitors")
    assert listed.index("@bob") < listed.index("@carol")
    assert "24 hours ago (1 Jan 2026, 12:00)" in listed


async def test_the_owners_own_look_is_never_a_visit(world: World) -> None:
    await world.say("alice", "/posts")
    await world.say("alice", "/posts alice")
    assert await counts(world, "alice") == (0, 0)
    assert "No visitors to show yet" in await world.says("alice", "/visitors")


async def test_a_closed_zone_records_no_visit(world: World) -> None:
    await world.say("alice", "/privacy zone friends")
    assert "not open to you" in await world.says("bob", "/posts alice")
    assert await counts(world, "alice") == (0, 0)


async def test_the_invisibility_cloaks_holder_visits_without_being_recorded(world: World) -> None:
    await world.say("alice", "/start")
    await world.say("bob", "/start")
    async with world.db.uow() as uow:
        bob = await uow.accounts.by_handle("bob")
        assert bob is not None
        await uow.wallet.add_item(bob.id, "invisibility_cloak", world.clock.now(), "grant", None)
        await uow.commit()
    await world.say("bob", "/posts alice")
    assert await counts(world, "alice") == (0, 0)
    assert "@bob" not in await world.says("alice", "/visitors")


async def test_the_cloak_is_in_the_shop_and_can_be_bought(world: World) -> None:
    shop = await world.says("bob", "/shop badge")
    assert "Invisibility Cloak" in shop


async def test_visits_of_blocked_people_either_way_and_of_banned_people_are_never_shown(world: World) -> None:
    await world.say("admin", "/start")
    await world.say("alice", "/start")
    for who in ("bob", "carol", "mallory", "erin"):
        await world.say(who, f"/posts alice")
    await world.say("alice", "/block bob")  # alice blocked bob after his visit
    await world.say("carol", "/block alice")  # carol blocked alice after hers
    await world.say("admin", "/mod ban mallory spam")
    listed = await world.says("alice", "/visitors")
    assert "@erin" in listed
    assert [h for h in ("@bob", "@carol", "@mallory") if h in listed] == []
    assert "1 recent visitor, newest first:" in listed
    await world.say("admin", "/mod unban mallory")
    assert "@mallory" in await world.says("alice", "/visitors")  # back when the ban ends


async def test_removing_a_visitor_takes_them_off_the_list_but_they_still_count(world: World) -> None:
    await world.say("alice", "/start")
    await world.say("bob", "/posts alice")
    await world.say("carol", "/posts alice")
    assert await world.says("alice", "/visitors remove bob") == "@bob is off your visitors."
    listed = await world.says("alice", "/visitors")
    assert "@bob" not in listed and "@carol" in listed
    assert "2 today · 2 in all" in listed
    await world.say("bob", "/posts alice")  # the same day: already counted, stays off
    assert "@bob" not in await world.says("alice", "/visitors")
    assert (await world.says("alice", "/visitors remove bob")).startswith("⚠️ @bob isn't in your visitors.")
    world.clock.advance(days=1)
    await world.say("bob", "/posts alice")  # a new visit shows again
    assert "@bob" in await world.says("alice", "/visitors")


async def test_visitors_in_chinese(world: World) -> None:
    await world.say("alice", "/lang zh")
    await world.say("bob", "/posts alice")
    world.clock.advance(minutes=3)
    listed = await world.says("alice", "/visitors")
    assert "空间访问量：今天 1 次 · 共 1 次" in listed
    assert "最近 1 位访客，最新的在前：" in listed
    assert "3分钟前" in listed
    assert "Bob (@bob) —— 3分钟前（2026年1月1日 12:00）" in listed


async def test_ten_parallel_views_on_separate_connections_record_one_visit(world: World) -> None:
    await world.say("alice", "/start")
    await world.say("bob", "/start")
    worlds: list[World] = []
    for _ in range(5):
        db = Database(world.db.url)
        runtime = await bootstrap(settings_for(db), db=db, clock=world.clock, migrate=False)
        worlds.append(World(runtime, world.clock))
    try:
        answers = await asyncio.gather(*(
            w.router.handle(make_incoming("/posts alice", user="bob")) for w in worlds + worlds
        ))
        said = [text(a) for a in answers]
        assert [s for s in said if "went wrong" in s or "same moment" in s] == []
    finally:
        for w in worlds:
            await w.close()
    assert await counts(world, "alice") == (1, 1)


async def test_ten_parallel_claims_through_core_on_separate_connections_insert_one_row(world: World) -> None:
    await world.say("alice", "/start")
    await world.say("bob", "/start")
    async with world.db.uow() as uow:
        alice, bob = await uow.accounts.by_handle("alice"), await uow.accounts.by_handle("bob")
        assert alice is not None and bob is not None
    dbs = [Database(world.db.url) for _ in range(10)]

    async def claim(db: Database) -> bool:
        async with db.uow() as uow:
            done = await visits.record_visit(uow, world.clock.now(), world.services.catalog, Viewer(bob.id), alice,
                                             site_zone=world.services.time_zone)
            await uow.commit()
            return done

    try:
        claimed = await asyncio.gather(*(claim(db) for db in dbs))
    finally:
        for db in dbs:
            await db.dispose()
    assert sorted(claimed) == [False] * 9 + [True]
    assert await counts(world, "alice") == (1, 1)


async def test_the_day_is_the_owners_calendar_day(world: World) -> None:
    await world.say("alice", "/timezone Asia/Shanghai")  # 12:00 UTC is 20:00 in Shanghai
    await world.say("bob", "/posts alice")
    world.clock.advance(hours=5)  # 01:00 the next day in Shanghai, still the same day in UTC
    await world.say("bob", "/posts alice")
    assert await counts(world, "alice") == (1, 2)



# --- every viewer relation: the SQL, the in-memory filter and core.privacy.evaluate agree ---------
async def visitor_cases(uows: UnitOfWorkFactory) -> tuple[int, list[tuple[int, Facts]]]:
    """Visits to the viewer's zone by people in every relation to the viewer (the rule's *owner* is the visitor)."""
    cases = []
    async with uows() as uow:
        viewer = await viewer_row(uow)
        relations = itertools.product([False, True], repeat=4)  # friend, they blocked me, I blocked them, banned
        for n, (friend, blocked, blocking, banned) in enumerate(relations):
            person = await owner_row(uow, n, viewer.id, ZoneVisibility.PUBLIC, friend=friend, member=False,
                                     blocked=blocked, banned=banned)
            if blocking:
                await uow.social.block(viewer.id, person.id)
            assert await uow.visits.record(viewer.id, person.id, "2026-01-01", NOW + timedelta(minutes=n))
            relation = replace(person.relation, blocks_owner=blocking)
            cases.append((person.id, Facts(relation, ZoneVisibility.PUBLIC, owner_banned=banned)))
        await uow.visits.record(viewer.id, viewer.id, "2026-01-01", NOW)  # never recorded by core; never shown either
        cases.append((viewer.id, Facts(Relation(is_self=True), ZoneVisibility.PUBLIC)))
        await uow.commit()
    return viewer.id, cases


async def visitor_disagreements(uows: UnitOfWorkFactory) -> list[Any]:
    viewer_id, cases = await visitor_cases(uows)
    rule = privacy.visitor_rule(Viewer(viewer_id))
    async with uows() as uow:
        listed = [i for i, _at in await uow.visits.recent(viewer_id, viewer_id, rule, 1000)]
    expected = sorted((i for i, facts in cases if privacy.evaluate(rule, facts)), key=lambda i: -i)
    assert privacy.evaluate(privacy.visitor_rule(privacy.ANONYMOUS), cases[0][1]) is False
    return [] if listed == expected else [listed, expected]


async def test_sql_and_python_agree_on_whose_visits_show_for_every_relation(world: World) -> None:
    assert await visitor_disagreements(world.db.uow) == []


async def test_the_in_memory_filter_agrees_on_whose_visits_show_for_every_relation() -> None:
    assert await visitor_disagreements(MemoryDatabase().uow) == []


async def people(uow: Any, *handles: str) -> list[int]:
    made = [await uow.accounts.add(Account(id=0, handle=h, display_name=h.title(), created_at=NOW)) for h in handles]
    return [a.id for a in made if a is not None]


async def visit_steps(uows: UnitOfWorkFactory) -> list[Any]:
    seen: list[Any] = []
    async with uows() as uow:
        a, b, c = await people(uow, "alice", "bob", "carol")
        seen += [await uow.visits.record(a, b, "2026-01-01", NOW), await uow.visits.record(a, b, "2026-01-01", NOW),
                 await uow.visits.record(a, c, "2026-01-01", NOW + timedelta(minutes=1)),
                 await uow.visits.record(a, b, "2026-01-02", NOW + timedelta(days=1))]
        await uow.commit()
    rule = privacy.visitor_rule(Viewer(a))
    async with uows() as uow:
        seen += [await uow.visits.counts(a, "2026-01-01"), await uow.visits.counts(a, "2026-01-02"),
                 await uow.visits.counts(b, "2026-01-01"), await uow.visits.recent(a, a, rule, 10),
                 await uow.visits.recent(a, a, rule, 1)]
        seen += [await uow.visits.remove(a, b), await uow.visits.remove(a, b)]
        seen += [await uow.visits.recent(a, a, rule, 10), await uow.visits.counts(a, "2026-01-02")]
        await uow.rollback()
    async with uows() as uow:
        seen.append(await uow.visits.recent(a, a, rule, 10))  # the rollback kept bob listed
        await uow.accounts.delete(c)
        seen.append(await uow.visits.counts(a, "2026-01-01"))  # a deleted visitor's visits go with them
    return seen


async def test_the_in_memory_visits_behave_as_the_sql_ones(world: World) -> None:
    on_sql, in_memory = await visit_steps(world.db.uow), await visit_steps(MemoryDatabase().uow)
    assert in_memory == on_sql
    assert on_sql[:4] == [True, False, True, True]
