"""Album rules (with question gates): the SQL, core's own evaluation and the in-memory filter agree."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from core import privacy
from core.albums.model import Album, AlbumVisibility
from core.model import PostStatus, ZoneVisibility
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.privacy import Facts, Viewer
from tests.builders import World
from tests.fakes import MemoryDatabase, seeing
from tests.privacy_rows import NOW, Cases, as_seen_by, disagreements, owner_row, viewer_row


async def album_cases(uow_factory: UnitOfWorkFactory) -> tuple[int, Cases, dict[int, int]]:
    cases, owners = [], {}
    async with uow_factory() as uow:
        viewer = await viewer_row(uow)
        relations = itertools.product([False, True], repeat=5)  # friend, member, blocked, banned, answered
        for n, ((friend, member, blocked, banned, answered), zone) in enumerate(
            itertools.product(relations, [ZoneVisibility.PUBLIC, ZoneVisibility.FRIENDS])
        ):
            owner = await owner_row(uow, n, viewer.id, zone, friend=friend, member=member, blocked=blocked, banned=banned)
            for vis, status in itertools.product(list(AlbumVisibility), list(PostStatus)):
                circle_id = owner.circle_id if vis is AlbumVisibility.CIRCLE else None
                album = await uow.albums.add(Album(
                    id=0, owner_id=owner.id, title="t", slug=f"t-{vis.value}-{status.value}", visibility=vis,
                    circle_id=circle_id, status=status.value, created_at=NOW, updated_at=NOW))
                if answered:
                    await uow.albums.mark_answered(album.id, viewer.id, NOW)
                facts = Facts(owner.relation, zone, vis, circle_id, status is PostStatus.ACTIVE,  # type: ignore[arg-type]
                              gated=vis is AlbumVisibility.QUESTION, answered=answered, owner_banned=banned)
                cases.append((album.id, facts))
                owners[album.id] = owner.id
        await uow.commit()
    return viewer.id, cases, owners


def album_rules(viewer_id: int) -> list[tuple[Viewer, privacy.Predicate]]:
    return [(who, rule) for who in (Viewer(viewer_id), privacy.ANONYMOUS)
            for rule in (privacy.album_rule(who), privacy.album_listing_rule(who), privacy.photo_interact_rule(who))]


async def get_visible(uow: UnitOfWork, album_id: int, viewer_id: int | None, rule: privacy.Predicate) -> Album | None:
    return await uow.albums.get_visible(album_id, viewer_id, rule)


async def listing_disagreements(uow_factory: UnitOfWorkFactory, viewer_id: int, cases: Cases,
                                owners: dict[int, int]) -> list[Any]:
    """Album listings (by_owner, with the listing rule) against evaluate, owner by owner, newest first."""
    wrong = []
    async with uow_factory() as uow:
        for who, rule in ((w, privacy.album_listing_rule(w)) for w in (Viewer(viewer_id), privacy.ANONYMOUS)):
            for owner in sorted(set(owners.values())):
                expected = sorted((aid for aid, facts in cases if owners[aid] == owner
                                   and privacy.evaluate(rule, as_seen_by(who, facts))), reverse=True)
                listed = [a.id for a in await uow.albums.by_owner(owner, who.account_id, rule)]
                if listed != expected:
                    wrong.append((owner, rule, listed, expected))
    return wrong


async def test_album_and_listing_rules_agree_in_sql_and_python(world: World) -> None:
    viewer_id, cases, owners = await album_cases(world.db.uow)
    assert await disagreements(world.db.uow, cases, album_rules(viewer_id), get_visible) == []
    assert await listing_disagreements(world.db.uow, viewer_id, cases, owners) == []


async def test_album_and_listing_rules_agree_in_memory_and_python() -> None:
    db = MemoryDatabase()
    viewer_id, cases, owners = await album_cases(db.uow)
    assert await disagreements(db.uow, cases, album_rules(viewer_id), get_visible) == []
    assert await listing_disagreements(db.uow, viewer_id, cases, owners) == []


def _answers_forgotten(t: Any, album: Album, viewer_id: int | None) -> Facts:
    f = album_facts(t, album, viewer_id)
    return Facts(f.relation, f.zone, f.visibility, f.circle_id, f.active, gated=f.gated, answered=False,
                 owner_banned=f.owner_banned)


def _gate_ignored(t: Any, album: Album, viewer_id: int | None) -> Facts:
    f = album_facts(t, album, viewer_id)
    return Facts(f.relation, f.zone, f.visibility, f.circle_id, f.active, gated=False, answered=f.answered,
                 owner_banned=f.owner_banned)


album_facts = seeing.album_facts


# The listing rule never asks for an answer, so only the photo rule can catch forgotten answers.
@pytest.mark.parametrize(("mutant", "listings_differ"), [(_answers_forgotten, False), (_gate_ignored, True)],
                         ids=["answers forgotten", "gate ignored"])
async def test_the_album_agreement_check_catches_a_mutated_in_memory_filter(
    mutant: Any, listings_differ: bool, monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = MemoryDatabase()
    viewer_id, cases, owners = await album_cases(db.uow)
    monkeypatch.setattr(seeing, "album_facts", mutant)
    assert await disagreements(db.uow, cases, album_rules(viewer_id), get_visible) != []
    assert (await listing_disagreements(db.uow, viewer_id, cases, owners) != []) is listings_differ
