"""Faces on Discord (issue 15): the author's avatar on post cards, one's own on /me, the owner's on
/zone — uploaded with the message and shown from it (`attachment://face.jpg`), never as a URL of
ours that Discord would fetch and keep past a later block or ban; nothing at all where the face
rule refuses."""

from __future__ import annotations

from typing import Any

from tests.adapters.discord.conftest import ALICE, BOB, CAROL, EPHEMERAL, Talk, data
from tests.adapters.discord.fake_discord import Call, FakeDiscord, option
from tests.builders import World
from tests.images import photo

FACE = "attachment://face.jpg"


async def _alice_with_a_face(talk: Talk, fake: FakeDiscord, world: World) -> bytes:
    """Alice sets her avatar and posts #1 publicly; returns the bytes a face must carry."""
    upload = [fake.add_attachment(photo(colour=(200, 40, 90)), "me.jpg", "image/jpeg")]
    await talk.dm(ALICE, "/avatar", until="avatar is set", attachments=upload)
    await talk.dm(ALICE, "/post public hello", until="embeds")
    async with world.db.uow() as uow:
        alice = await uow.accounts.by_handle("alice")
    assert alice is not None and alice.avatar is not None and world.services.media is not None
    stored = await world.services.media.read(alice.avatar["320.jpg"])
    assert stored is not None
    return stored


def _with_embeds(calls: list[Call]) -> Call:
    [call] = [c for c in calls if data(c).get("embeds")]
    return call


def _no_face(call: Call) -> None:
    """Nothing of the face: no file, no reference, no link to our media."""
    said = str(call.json)
    assert call.filenames == {} and "face.jpg" not in said and "/media/u/" not in said, said


def _face_of(call: Call) -> bytes:
    """The face a message uploaded (and only that file)."""
    assert list(call.filenames.values()) == ["face.jpg"], call.filenames
    assert "/media/u/" not in str(call.json)
    [part] = call.filenames
    return call.files[part]


async def test_a_post_card_shows_its_authors_face_from_the_file_sent_with_it(
    talk: Talk, fake: FakeDiscord, world: World,
) -> None:
    stored = await _alice_with_a_face(talk, fake, world)
    sent = await talk.dm(ALICE, "/post public second", until="embeds")
    card = sent[-1]
    author: dict[str, Any] = card.json["embeds"][0]["author"]
    assert author == {"name": "alice (@alice) · 🌍 public · just now", "icon_url": FACE}
    assert _face_of(card) == stored

    # In a server channel the card is everyone's, and so is alice's face: shown to all there.
    shown = _with_embeds(await talk.slash("show", BOB, option("id", "#1"), until="embeds"))
    assert data(shown).get("flags", 0) & EPHEMERAL == 0
    assert data(shown)["embeds"][0]["author"]["icon_url"] == FACE and _face_of(shown) == stored


async def test_a_cards_photos_and_its_authors_face_ride_together(talk: Talk, fake: FakeDiscord, world: World) -> None:
    await _alice_with_a_face(talk, fake, world)
    files = [fake.add_attachment(photo(), "lake.jpg", "image/jpeg")]
    card = (await talk.dm(ALICE, "/post public the lake", until="embeds", attachments=files))[-1]
    [embed] = card.json["embeds"]
    assert (embed["author"]["icon_url"], embed["image"]["url"]) == (FACE, "attachment://p1.jpg")
    assert sorted(card.filenames.values()) == ["face.jpg", "p1.jpg"]


async def test_me_and_zone_show_the_face_as_their_embeds_thumbnail(talk: Talk, fake: FakeDiscord, world: World) -> None:
    stored = await _alice_with_a_face(talk, fake, world)
    me = _with_embeds(await talk.slash("me", ALICE, until="embeds"))
    assert data(me)["flags"] == EPHEMERAL  # personal, in a server: only alice sees it
    [embed] = data(me)["embeds"]
    assert embed["thumbnail"]["url"] == FACE and embed["description"].startswith("**alice (@alice)**")
    assert _face_of(me) == stored
    zone = _with_embeds(await talk.slash("zone", BOB, option("handle", "alice"), until="embeds"))
    assert data(zone)["embeds"][0]["thumbnail"]["url"] == FACE and _face_of(zone) == stored
    assert data(zone)["components"]  # the Open zone button stays under it


async def test_no_face_is_sent_nor_linked_to_someone_who_blocked_its_owner(
    talk: Talk, fake: FakeDiscord, world: World,
) -> None:
    await _alice_with_a_face(talk, fake, world)
    await talk.slash("block", CAROL, option("handle", "alice"), until="lock")
    shown = _with_embeds(await talk.slash("show", CAROL, option("id", "#1"), guild=False, until="embeds"))
    assert data(shown)["embeds"][0]["author"].get("icon_url") is None
    _no_face(shown)
    [zone] = await talk.slash("zone", CAROL, option("handle", "alice"), guild=False, until="zone")
    assert not data(zone).get("embeds") and "zone" in data(zone)["content"]
    _no_face(zone)


async def test_no_face_is_sent_to_someone_its_owner_blocked(talk: Talk, fake: FakeDiscord, world: World) -> None:
    await talk.dm(BOB, "/start", until="Welcome")
    await _alice_with_a_face(talk, fake, world)
    await talk.dm(ALICE, "/block bob", until="lock")
    for call in await talk.slash("show", BOB, option("id", "#1"), guild=False) + \
            await talk.slash("zone", BOB, option("handle", "alice"), guild=False):
        assert not data(call).get("embeds")
        _no_face(call)


async def test_without_an_avatar_cards_and_profiles_are_as_before(talk: Talk) -> None:
    card = (await talk.dm(ALICE, "/post public plain", until="embeds"))[-1]
    assert "icon_url" not in card.json["embeds"][0]["author"] and card.filenames == {}
    [me] = await talk.slash("me", ALICE, until="@")
    assert data(me)["content"] and not data(me).get("embeds") and me.filenames == {}
