"""Finding people: /suggest offers friends of friends by mutual friends; /find looks up open zones."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

import pytest

from core import privacy
from core.model import Account, ZoneVisibility
from core.ports import UnitOfWorkFactory
from core.privacy import Facts, Viewer
from tests.builders import World
from tests.fakes import MemoryDatabase
from tests.privacy_rows import NOW, as_seen_by, owner_row, viewer_row


async def friends_of_friends(world: World) -> None:
    """alice's friends bob and carol; bob's friends dave and erin, carol's friend erin too."""
    await world.befriend("alice", "bob")
    await world.befriend("alice", "carol")
    await world.befriend("bob", "dave")
    await world.befriend("bob", "erin")
    await world.befriend("carol", "erin")


async def test_suggest_offers_friends_of_friends_ranked_by_mutual_friends_with_a_friend_button(world: World) -> None:
    await friends_of_friends(world)
    replies = await world.say("alice", "/suggest")
    said = "".join(s.text for r in replies for s in r.spans)
    assert "Erin (@erin) — 2 mutual friends" in said
    assert "Dave (@dave) — 1 mutual friend" in said
    assert said.index("@erin") < said.index("@dave")
    assert "@bob" not in said and "@carol" not in said and "@alice" not in said
    buttons = [btn for r in replies for row in r.buttons for btn in row]
    assert [(btn.label, btn.action) for btn in buttons] == [("➕ Friend @erin", "fr:erin"), ("➕ Friend @dave", "fr:dave")]
    assert await world.press("alice", "fr:erin") == "Friend request sent to @erin."
    assert "@erin" not in await world.says("alice", "/suggest")  # a request waits now


EXCLUDED = {
    "blocked_by_them": "/block alice",
    "blocked_by_me": None,
    "closed_zone": "/privacy zone private",
    "friends_only_zone": "/privacy zone friends",
    "opted_out": "/privacy suggest off",
    "asked_me": "/friend alice",
}


@pytest.mark.parametrize("kind", list(EXCLUDED))
async def test_suggest_leaves_out_each_excluded_kind_of_person(world: World, kind: str) -> None:
    await world.befriend("alice", "bob")
    await world.befriend("bob", "dave")
    await world.befriend("bob", "erin")
    assert "@dave" in await world.says("alice", "/suggest")
    said = EXCLUDED[kind]
    if said is None:
        await world.say("alice", "/block dave")
    else:
        await world.say("dave", said)
    shown = await world.says("alice", "/suggest")
    assert "@dave" not in shown
    assert "@erin" in shown  # the rest still come


async def test_suggest_leaves_out_banned_people_and_friends_and_counts_no_banned_mutual_friend(world: World) -> None:
    await world.say("admin", "/start")
    await world.befriend("alice", "bob")
    await world.befriend("alice", "mallory")
    await world.befriend("bob", "dave")
    await world.befriend("mallory", "dave")
    await world.befriend("bob", "erin")
    assert "Dave (@dave) — 2 mutual friends" in await world.says("alice", "/suggest")
    await world.say("admin", "/mod ban mallory spam")
    assert "Dave (@dave) — 1 mutual friend" in await world.says("alice", "/suggest")
    await world.say("admin", "/mod ban dave spam")
    assert "@dave" not in await world.says("alice", "/suggest")
    await world.befriend("alice", "erin")
    assert (await world.says("alice", "/suggest")).startswith("No suggestions right now")


async def test_privacy_suggest_is_shown_and_changed(world: World) -> None:
    shown = await world.says("dave", "/privacy")
    assert "Suggest: on" in shown
    assert "Suggest: off" in await world.says("dave", "/privacy suggest off")
    assert "Suggest: off" in await world.says("dave", "/privacy")
    assert "Suggest: on" in await world.says("dave", "/privacy suggest on")


async def test_find_searches_names_and_handles_of_open_zones_only(world: World) -> None:
    await world.say("admin", "/start")
    await world.say("carol", "/start")
    await world.say("alice", "/start")
    await world.say("bob", "/start")
    await world.say("bob", "/name Alicia Keys")
    await world.say("alina", "/start")
    await world.say("alison", "/start")
    await world.say("alison", "/privacy zone friends")
    await world.say("alfred", "/start")
    await world.say("alfred", "/block carol")
    await world.say("alvin", "/start")
    await world.say("admin", "/mod ban alvin spam")
    found = await world.says("carol", "/find ALI")
    assert "Alice (@alice)" in found and "Alicia Keys (@bob)" in found and "Alina (@alina)" in found
    assert "@alison" not in found  # friends only
    assert "@alfred" not in await world.says("carol", "/find alf")  # he blocked carol
    assert (await world.says("carol", "/find alvin")).startswith("Nobody found")  # banned
    await world.befriend("alison", "carol")
    assert "@alison" in await world.says("carol", "/find @alison")


async def test_find_puts_the_exact_handle_first_and_shows_at_most_ten(world: World) -> None:
    for n in range(12):
        await world.say(f"sam{n:02d}", "/start")
    await world.say("sam", "/start")
    found = await world.says("carol", "/find sam")
    assert found.count("\n• ") == 10
    assert found.split("\n• ")[1].startswith("Sam (@sam)")


async def test_find_with_nothing_to_look_for_says_how(world: World) -> None:
    assert "Write part of a name or handle" in await world.says("carol", "/find @")


async def test_suggest_and_find_in_chinese(world: World) -> None:
    await friends_of_friends(world)
    await world.say("alice", "/lang zh")
    said = await world.says("alice", "/suggest")
    assert "你可能认识的人：" in said
    assert "Erin (@erin) —— 2 位共同好友" in said
    await world.say("dave", "/name 小明")
    assert "小明 (@dave)" in await world.says("alice", "/find 小明")
    assert (await world.says("alice", "/find zzz")).startswith("没有找到空间对你开放的人")


# --- every relation: the SQL, the in-memory filter and core.privacy.evaluate agree --------------
async def people_cases(uows: UnitOfWorkFactory) -> tuple[int, list[tuple[int, Facts]]]:
    """Friends of the viewer's friend `fvia`, in every relation to the viewer, every zone, opted in or out."""
    cases = []
    async with uows() as uow:
        viewer = await viewer_row(uow)
        via = await uow.accounts.add(Account(id=0, handle="fvia", display_name="f", created_at=NOW))
        assert via is not None
        await uow.social.add_friendship(viewer.id, via.id)
        shapes = itertools.product(list(ZoneVisibility), [False, True], [False, True], [False, True], [False, True],
                                   ["none", "out", "in"], [True, False])
        for n, (zone, friend, blocked, blocking, banned, request, suggestable) in enumerate(shapes):
            person = await owner_row(uow, n, viewer.id, zone, friend=friend, member=False, blocked=blocked,
                                     banned=banned)
            await uow.social.add_friendship(via.id, person.id)
            if blocking:
                await uow.social.block(viewer.id, person.id)
            if request == "out":
                await uow.social.add_request(viewer.id, person.id, NOW)
            elif request == "in":
                await uow.social.add_request(person.id, viewer.id, NOW)
            if not suggestable:
                account = await uow.accounts.get(person.id)
                assert account is not None
                account.suggestable = False
                await uow.accounts.save(account)
            relation = replace(person.relation, blocks_owner=blocking, requested=request != "none")
            cases.append((person.id, Facts(relation, zone, owner_banned=banned, owner_suggestable=suggestable)))
        await uow.commit()
    return viewer.id, cases


async def people_disagreements(uows: UnitOfWorkFactory) -> list[Any]:
    viewer_id, cases = await people_cases(uows)
    me = Viewer(viewer_id)
    wrong: list[Any] = []
    async with uows() as uow:
        rule = privacy.suggestion_rule(me)
        offered = await uow.social.suggestions(viewer_id, rule, privacy.presence_rule(me), 1000)
        expected = {i for i, facts in cases if privacy.evaluate(rule, facts)}
        if {i for i, _n in offered} != expected or {n for _i, n in offered} - {1}:
            wrong.append(("suggest", offered, expected))
        for who in (me, privacy.ANONYMOUS):
            rule = privacy.finding_rule(who)
            found = set(await uow.social.search(who.account_id, "o", rule, 1000))
            expected = {i for i, facts in cases if privacy.evaluate(rule, as_seen_by(who, facts))}
            if found != expected:
                wrong.append(("find", who, found ^ expected))
    return wrong


async def test_sql_and_python_agree_on_whom_suggest_and_find_show_for_every_relation(world: World) -> None:
    assert await people_disagreements(world.db.uow) == []


async def test_the_in_memory_filter_agrees_on_whom_suggest_and_find_show_for_every_relation() -> None:
    assert await people_disagreements(MemoryDatabase().uow) == []


async def test_the_in_memory_suggestions_and_search_order_as_the_sql_ones(world: World) -> None:
    async def steps(uows: UnitOfWorkFactory) -> list[Any]:
        async with uows() as uow:
            ids = {}
            for h in ("me", "f1", "f2", "xa", "xb", "xbb", "xc"):
                made = await uow.accounts.add(Account(id=0, handle=h, display_name=h.upper(), created_at=NOW))
                assert made is not None
                ids[h] = made.id
            for a, b in (("me", "f1"), ("me", "f2"), ("f1", "xb"), ("f1", "xa"), ("f2", "xb"), ("f1", "xc"),
                         ("f2", "xc")):
                await uow.social.add_friendship(ids[a], ids[b])
            await uow.commit()
        me = Viewer(ids["me"])
        async with uows() as uow:
            return [await uow.social.suggestions(ids["me"], privacy.suggestion_rule(me), privacy.presence_rule(me), 2),
                    await uow.social.search(ids["me"], "XB", privacy.finding_rule(me), 10),
                    await uow.social.search(ids["me"], "x", privacy.finding_rule(me), 3),
                    await uow.social.search(ids["me"], "%", privacy.finding_rule(me), 3)]

    on_sql, in_memory = await steps(world.db.uow), await steps(MemoryDatabase().uow)
    assert in_memory == on_sql
    assert on_sql[3] == []  # a % is a character to look for, not a wildcard
