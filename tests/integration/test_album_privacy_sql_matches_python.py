"""Album rules (with question gates): the SQL, core's own evaluation and the in-memory filter agree."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from core import privacy
from core.albums.model import Album, AlbumVisibility, Photo
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


async def page_disagreements(uow_factory: UnitOfWorkFactory) -> list[Any]:
    """An album page's one read (AlbumRepo.page) against evaluate: the album where the listing rule shows
    it, open where the photo rule does, and its photos (as `photos` reads them) only then."""
    viewer_id, cases, owners = await album_cases(uow_factory)
    async with uow_factory() as uow:
        for album_id, _facts in cases[::3]:  # some albums have photos, the rest none
            for n in (2, 1):
                await uow.albums.add_photo(Photo(id=0, owner_id=owners[album_id], album_id=album_id, position=n,
                                                 width=1, height=1, placeholder="", files={"320.webp": f"k{n}"},
                                                 created_at=NOW))
        await uow.commit()
    wrong: list[Any] = []
    async with uow_factory() as uow:
        for who in (Viewer(viewer_id), privacy.ANONYMOUS):
            listing, rule = privacy.album_listing_rule(who), privacy.album_rule(who)
            for album_id, facts in cases:
                seen = as_seen_by(who, facts)
                found = await uow.albums.page(album_id, who.account_id, listing, rule)
                opened = privacy.evaluate(rule, seen)
                expected = (await uow.albums.get_visible(album_id, who.account_id, listing), opened,
                            await uow.albums.photos(album_id) if opened else [])
                if (found is not None) != privacy.evaluate(listing, seen) or (found and found != expected):
                    wrong.append((album_id, who, found, expected))
    return wrong


async def test_an_album_page_read_agrees_with_python_in_sql(world: World) -> None:
    assert await page_disagreements(world.db.uow) == []


async def test_an_album_page_read_agrees_with_python_in_memory() -> None:
    assert await page_disagreements(MemoryDatabase().uow) == []


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
