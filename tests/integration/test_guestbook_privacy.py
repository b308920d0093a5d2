"""Who sees a guestbook entry, and who may sign: for every viewer relation, in SQL, in Python, in memory and in chat.

The rules are core.privacy.guestbook_rule and sign_rule. Entries of every kind (public or a
private note, shown or hidden, by the viewer, by someone in good standing, by someone banned) lie
in zones of owners in every relation to the viewer, in every zone setting; the SQL compiled from
the rule, core's evaluation and the in-memory filter must agree on each — and a blocked viewer
must be shown nothing of the blocker's.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from core import privacy
from core.guestbook.model import Entry
from core.model import Account, GuestbookAccess, PostStatus, Relation, Visibility, ZoneVisibility
from core.moderation.model import Sanction, SanctionKind
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.privacy import Facts, Viewer
from tests.builders import World
from tests.fakes import MemoryDatabase
from tests.privacy_rows import NOW, Cases, as_seen_by, disagreements, owner_row, viewer_row


async def entry_cases(uow_factory: UnitOfWorkFactory) -> tuple[int, Cases, dict[int, int]]:
    """Entries of every kind in the viewer's own zone and in zones of owners in every relation to the viewer."""
    cases: Cases = []
    owners: dict[int, int] = {}
    async with uow_factory() as uow:
        viewer = await viewer_row(uow)
        writer = await uow.accounts.add(Account(id=0, handle="writer", display_name="w", created_at=NOW))
        banned = await uow.accounts.add(Account(id=0, handle="banned", display_name="b", created_at=NOW))
        assert writer is not None and banned is not None
        await uow.moderation.put_sanction(Sanction(banned.id, SanctionKind.BAN, None, created_at=NOW))
        zones = [(viewer.id, ZoneVisibility.PUBLIC, Relation(is_self=True), False)]
        relations = list(itertools.product([False, True], repeat=3))  # friend, blocked, owner banned
        for n, ((friend, blocked, is_banned), zone) in enumerate(itertools.product(relations, list(ZoneVisibility))):
            o = await owner_row(uow, n, viewer.id, zone, friend=friend, member=False, blocked=blocked, banned=is_banned)
            zones.append((o.id, zone, o.relation, is_banned))
        for owner_id, zone, relation, owner_banned in zones:
            writers = [(writer.id, False), (banned.id, True)] + ([] if relation.is_self else [(viewer.id, False)])
            for (author, author_banned), private, status in itertools.product(writers, [False, True], list(PostStatus)):
                e = await uow.guestbook.add(Entry(0, owner_id, author, "x", private=private, status=status, created_at=NOW))
                cases.append((e.id, Facts(relation, zone, Visibility.PRIVATE if private else Visibility.PUBLIC,
                                          active=status is PostStatus.ACTIVE, owner_banned=owner_banned,
                                          is_author=author == viewer.id, author_banned=author_banned)))
                owners[e.id] = owner_id
        await uow.commit()
    return viewer.id, cases, owners


def entry_rules(viewer_id: int) -> list[tuple[Viewer, privacy.Predicate]]:
    return [(who, privacy.guestbook_rule(who)) for who in (Viewer(viewer_id), privacy.ANONYMOUS)]


async def get_visible(uow: UnitOfWork, entry_id: int, viewer_id: int | None, rule: privacy.Predicate) -> Entry | None:
    return await uow.guestbook.get_visible(entry_id, viewer_id, rule)


async def listing_disagreements(uow_factory: UnitOfWorkFactory, viewer_id: int, cases: Cases,
                                owners: dict[int, int]) -> list[Any]:
    wrong = []
    async with uow_factory() as uow:
        for who, rule in entry_rules(viewer_id):
            for owner in sorted(set(owners.values())):
                expected = sorted((eid for eid, facts in cases if owners[eid] == owner
                                   and privacy.evaluate(rule, as_seen_by(who, facts))), reverse=True)
                listed = [e.id for e in await uow.guestbook.listing(owner, who.account_id, rule, before=None, limit=100)]
                if listed != expected:
                    wrong.append((owner, rule, listed, expected))
    return wrong


async def test_sql_and_python_agree_on_which_guestbook_entries_show_for_every_relation(world: World) -> None:
    viewer_id, cases, owners = await entry_cases(world.db.uow)
    assert await disagreements(world.db.uow, cases, entry_rules(viewer_id), get_visible) == []
    assert await listing_disagreements(world.db.uow, viewer_id, cases, owners) == []


async def test_the_in_memory_filter_agrees_with_python_on_guestbook_entries() -> None:
    db = MemoryDatabase()
    viewer_id, cases, owners = await entry_cases(db.uow)
    assert await disagreements(db.uow, cases, entry_rules(viewer_id), get_visible) == []
    assert await listing_disagreements(db.uow, viewer_id, cases, owners) == []


def test_a_private_note_shows_only_to_the_owner_and_its_writer() -> None:
    viewer = Viewer(1)
    note = Facts(Relation(is_friend=True), ZoneVisibility.PUBLIC, Visibility.PRIVATE)
    assert not privacy.evaluate(privacy.guestbook_rule(viewer), note)  # a friend of the owner
    assert privacy.evaluate(privacy.guestbook_rule(viewer), Facts(Relation(is_self=True), ZoneVisibility.PRIVATE,
                                                                  Visibility.PRIVATE))  # the owner
    assert privacy.evaluate(privacy.guestbook_rule(viewer), Facts(Relation(), ZoneVisibility.PUBLIC, Visibility.PRIVATE,
                                                                  is_author=True))  # its writer
    assert not privacy.evaluate(privacy.guestbook_rule(privacy.ANONYMOUS), Facts(Relation(), ZoneVisibility.PUBLIC,
                                                                                 Visibility.PRIVATE))


def test_who_may_sign_for_every_relation_zone_and_setting() -> None:
    viewer = Viewer(1)
    for friend, blocked, banned, zone, setting in itertools.product(
            [False, True], [False, True], [False, True], list(ZoneVisibility), list(GuestbookAccess)):
        facts = Facts(Relation(is_friend=friend, blocked_by_owner=blocked), zone, owner_banned=banned, guestbook=setting)
        opens = privacy.evaluate(privacy.zone_rule(viewer), facts)
        wanted = opens and (setting is GuestbookAccess.EVERYONE or (setting is GuestbookAccess.FRIENDS and friend))
        assert privacy.evaluate(privacy.sign_rule(viewer), facts) == wanted
        if blocked:  # a blocked viewer is a stranger to a closed zone
            assert not opens
    own = Facts(Relation(is_self=True), ZoneVisibility.PUBLIC)
    assert not privacy.evaluate(privacy.sign_rule(viewer), own)
    assert not privacy.evaluate(privacy.sign_rule(privacy.ANONYMOUS), Facts(Relation(), ZoneVisibility.PUBLIC))


# --- the same in chat -------------------------------------------------------------------------
# viewer → (sees carol's public entry, sees carol's private note, may sign) in alice's public zone
EXPECTED = {
    "alice": (True, True, False),  # the owner (answers, never signs her own)
    "carol": (True, True, True),  # the writer, a friend
    "dave": (True, False, True),  # a friend
    "erin": (True, False, True),  # a stranger
    "mallory": (False, False, False),  # blocked: the zone is closed to her
}


async def _chat_setup(world: World) -> None:
    for who in ("carol", "dave", "mallory"):
        await world.befriend("alice", who)
    await world.say("erin", "/start")
    await world.say("carol", "/guestbook alice a public entry")
    await world.say("carol", "/guestbook alice private a private note")
    await world.say("alice", "/block mallory")


@pytest.mark.parametrize("viewer", list(EXPECTED))
async def test_each_viewer_sees_and_signs_exactly_what_privacy_allows_in_chat(world: World, viewer: str) -> None:
    await _chat_setup(world)
    public, note, signs = EXPECTED[viewer]
    page = await world.says(viewer, "/guestbook alice")
    assert ("a public entry" in page, "a private note" in page) == (public, note)
    for n, text in ((1, "a public entry"), (2, "a private note")):
        answer = await world.says(viewer, f"/report g{n} spam")
        if (public, note)[n - 1] and viewer != "carol":
            assert answer.startswith(f"🚩 Thanks — g{n} was reported"), answer
        elif viewer != "carol":
            assert answer == f"⚠️ There is no guestbook entry g{n} that you can see."
    answer = await world.says(viewer, "/guestbook alice hello")
    assert answer.startswith("✍️ Signed") == signs
    if viewer == "mallory":
        assert answer == page == "⚠️ @alice's zone is not open to you."


@pytest.mark.parametrize("setting,signers", [("friends", {"carol", "dave"}), ("nobody", set())])
async def test_each_viewer_may_sign_as_the_owner_chose(world: World, setting: str, signers: set[str]) -> None:
    await _chat_setup(world)
    await world.say("alice", f"/privacy guestbook {setting}")
    for viewer in ("carol", "dave", "erin", "mallory"):
        answer = await world.says(viewer, "/guestbook alice hello")
        assert answer.startswith("✍️ Signed") == (viewer in signers), (viewer, answer)
    # Reading is as the zone allows, whoever may sign.
    assert re.search(r"a public entry", await world.says("erin", "/guestbook alice"))
