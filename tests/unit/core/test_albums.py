"""Albums on memory: names, audiences, question gates and their tries, photos, covers and counts."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from core.albums import service as albums
from core.albums import gate as albums_gate
from core.albums import photos as albums_photos
from core.albums.model import Album, AlbumVisibility, Photo
from core.albums.ports import ProcessedImage
from core.errors import Conflict, Invalid, LimitExceeded, NotFound
from core.model import Account
from core.ports import UnitOfWork
from core.privacy import Viewer
from tests.builders import World
from tests.unit.core.helpers import befriend, person, tx

IMAGE = ProcessedImage(640, 480, "data:,", {"320.webp": "k320", "1280.webp": "k1280"}, original_key="orig")


async def album(world: World, owner: Account, title: str, token: str | None = "public") -> Album:
    return await tx(world, lambda uow: albums.create_album(uow, world.clock.now(), owner, title, token))


async def photos(world: World, owner: Account, a: Album, n: int) -> list[Photo]:
    fresh = await tx(world, lambda uow: uow.albums.get(a.id))
    assert fresh is not None
    return await tx(world, lambda uow: albums_photos.add_photos(uow, world.clock.now(), owner, fresh, [IMAGE] * n))


async def gate(world: World, owner: Account, title: str, answer: str = "Rome") -> Album:
    async def set_question(uow: UnitOfWork) -> Album:
        album, _ = await albums.own_album(uow, owner, title)
        return await albums_gate.set_question(uow, world.clock.now(), owner, album, "Where did we meet?", answer)
    return await tx(world, set_question)


async def answer(world: World, viewer: Account, a: Album, text: str) -> albums_gate.Attempt:
    return await tx(world, lambda uow: albums_gate.answer_question(uow, world.clock.now(), viewer, a, text))


async def listed(world: World, viewer: Account | None, owner: Account) -> list[str]:
    who = Viewer(viewer.id if viewer else None)
    return [a.title for a in await tx(world, lambda uow: albums.listed_albums(uow, who, owner))]


async def opens(world: World, viewer: Account | None, owner: Account, a: Album) -> str:
    """'photos', 'locked' or 'hidden': what `viewer` gets when opening the album."""
    who = Viewer(viewer.id if viewer else None)
    try:
        view = await tx(world, lambda uow: albums.open_album(uow, who, owner, a))
    except NotFound:
        return "hidden"
    return "locked" if view.locked else "photos"


async def test_an_album_name_is_one_slug_per_owner_and_listings_are_newest_first(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    first = await album(world, alice, "Summer Trip")
    assert first.slug == "summer-trip"
    with pytest.raises(Conflict, match="already have an album called “Summer  trip”|already have an album"):
        await album(world, alice, "summer trip")
    await album(world, bob, "Summer Trip")  # another owner's name is theirs
    await album(world, alice, "Winter")
    assert await listed(world, alice, alice) == ["Winter", "Summer Trip"]
    renamed_from, renamed = await tx(world, lambda uow: albums.rename_album(uow, world.clock.now(), alice,
                                                                           "Winter", "Winter 2026"))
    assert (renamed_from, renamed.slug) == ("Winter", "winter-2026")
    with pytest.raises(Conflict):
        await tx(world, lambda uow: albums.rename_album(uow, world.clock.now(), alice, "Winter 2026", "Summer Trip"))


async def test_albums_follow_their_audience_for_each_viewer(world: World) -> None:
    alice, bob, carol = await person(world, "alice"), await person(world, "bob"), await person(world, "carol")
    await befriend(world, alice, bob)
    made = {t: await album(world, alice, t, token) for t, token in
            (("Open", "public"), ("Friends", "friends"), ("Mine", "private"))}
    assert await listed(world, None, alice) == ["Open"]
    assert await listed(world, carol, alice) == ["Open"]
    assert await listed(world, bob, alice) == ["Friends", "Open"]
    assert await listed(world, alice, alice) == ["Mine", "Friends", "Open"]
    assert [await opens(world, carol, alice, made[t]) for t in made] == ["photos", "hidden", "hidden"]


async def test_a_gated_album_is_listed_locked_until_its_question_is_answered(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    a = await album(world, alice, "Trip", "private")
    a = await gate(world, alice, "Trip")
    assert (a.visibility, await listed(world, bob, alice), await opens(world, bob, alice, a)) \
        == (AlbumVisibility.QUESTION, ["Trip"], "locked")
    assert await listed(world, None, alice) == []  # answers come from chat: strangers never pass
    assert await answer(world, bob, a, "paris") == albums_gate.Attempt(False, 4)
    assert await answer(world, bob, a, "  rome ") == albums_gate.Attempt(True, 5)
    assert await opens(world, bob, alice, a) == "photos"
    a = await gate(world, alice, "Trip", "Milan")  # a new answer: earlier ones stop counting
    assert await opens(world, bob, alice, a) == "locked"


async def test_six_wrong_answers_at_once_are_five_tries_then_a_wait_of_an_hour(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    await album(world, alice, "Trip")
    a = await gate(world, alice, "Trip")

    async def attempt(n: int) -> int | str:
        try:
            return (await answer(world, bob, a, f"wrong{n}")).tries_left
        except LimitExceeded as exc:
            return exc.message

    got = await asyncio.gather(*(attempt(n) for n in range(6)))
    assert sorted(g for g in got if isinstance(g, int)) == [0, 1, 2, 3, 4]
    assert [g for g in got if isinstance(g, str)] == ["That's 5 tries for “Trip” this hour. Try again in 61 min."]
    since = world.clock.now() - timedelta(hours=1)
    assert len(await tx(world, lambda uow: uow.moderation.hits(bob.id, f"album:{a.id}", since))) == 5
    with pytest.raises(LimitExceeded):  # refused before any hashing: the hour is full
        await answer(world, bob, a, "Rome")
    world.clock.advance(hours=1, seconds=1)
    assert (await answer(world, bob, a, "Rome")).correct


async def test_visibility_question_needs_a_question_first(world: World) -> None:
    alice = await person(world, "alice")
    trip = await album(world, alice, "Trip")
    with pytest.raises(Invalid, match="Set a question first"):
        await tx(world, lambda uow: albums.set_visibility(uow, world.clock.now(), alice, trip, "question"))
    with pytest.raises(Invalid, match="has no question to answer"):
        a = await tx(world, lambda uow: uow.albums.by_slug(alice.id, "trip"))
        assert a is not None
        await answer(world, alice, a, "x")


async def test_photos_keep_the_count_and_the_cover_right_through_moves_and_deletes(world: World) -> None:
    alice = await person(world, "alice")
    trip, home = await album(world, alice, "Trip"), await album(world, alice, "Home")
    p1, p2, p3 = await photos(world, alice, trip, 3)
    assert [p.position for p in (p1, p2, p3)] == [1, 2, 3]
    trip = await tx(world, lambda uow: uow.albums.get(trip.id))  # type: ignore[assignment]
    assert (trip.photo_count, trip.cover_photo_id) == (3, p1.id)
    await tx(world, lambda uow: albums_photos.move_photo(uow, world.clock.now(), alice, p1.id, "Home"))
    trip = await tx(world, lambda uow: uow.albums.get(trip.id))  # type: ignore[assignment]
    home = await tx(world, lambda uow: uow.albums.get(home.id))  # type: ignore[assignment]
    assert (trip.photo_count, trip.cover_photo_id, home.photo_count, home.cover_photo_id) == (2, p2.id, 1, p1.id)
    await tx(world, lambda uow: albums.set_cover(uow, world.clock.now(), alice, trip, p3.id))
    await tx(world, lambda uow: albums_photos.delete_photo(uow, alice, p3.id))
    trip = await tx(world, lambda uow: uow.albums.get(trip.id))  # type: ignore[assignment]
    assert (trip.photo_count, trip.cover_photo_id) == (1, p2.id)
    with pytest.raises(NotFound, match="has no photo"):
        await tx(world, lambda uow: albums.set_cover(uow, world.clock.now(), alice, trip, p1.id))


async def test_nobody_else_touches_an_owners_photos_and_hidden_albums_hide_their_photos(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    mine = await album(world, alice, "Mine", "private")
    [p] = await photos(world, alice, mine, 1)
    with pytest.raises(NotFound, match="You have no photo"):
        await tx(world, lambda uow: albums_photos.set_caption(uow, bob, p.id, "mine now"))
    with pytest.raises(NotFound, match="no photo p"):
        await tx(world, lambda uow: albums_photos.viewable_photo(uow, Viewer(bob.id), p.id))
    assert (await tx(world, lambda uow: albums_photos.viewable_photo(uow, Viewer(alice.id), p.id))).id == p.id
    await tx(world, lambda uow: albums.delete_album(uow, alice, mine.id))
    assert await tx(world, lambda uow: uow.albums.get_photo(p.id)) is None
    with pytest.raises(NotFound, match="already gone"):
        await tx(world, lambda uow: albums.delete_album(uow, alice, mine.id))
