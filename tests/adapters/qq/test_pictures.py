"""Pictures: `image` segments into albums and posts through the media pipeline, cards with pictures out."""

from __future__ import annotations

import io
import os

from PIL import Image as PILImage

from tests.adapters.qq.conftest import ALICE, BOB, Conversation
from tests.adapters.qq.fake_onebot import FakeOneBot, image_bytes, text_of
from tests.builders import World
from tests.images import photo


async def _photos_in(world: World, slug: str) -> int:
    async with world.db.uow() as uow:
        album = await uow.albums.by_slug(1, slug)
        assert album is not None
        return album.photo_count


async def test_a_picture_sent_with_an_album_tag_goes_into_that_album(
    talk: Conversation, fake: FakeOneBot, world: World,
) -> None:
    await talk.says(ALICE, "/album new Trip")
    answer = await talk.says(ALICE, [fake.image("lake.jpg", photo()), fake.text("#trip")])
    assert "added to Trip" in answer
    assert await _photos_in(world, "trip") == 1
    answer = await talk.says(ALICE, [fake.text("/photo add Trip"), fake.image("hill.jpg", photo(colour=(0, 90, 0)))])
    assert "added to Trip" in answer
    assert await _photos_in(world, "trip") == 2


async def test_a_file_that_is_no_picture_gets_a_clear_reply_and_nothing_is_stored(
    talk: Conversation, fake: FakeOneBot, world: World,
) -> None:
    await talk.says(ALICE, "/album new Trip")
    answer = await talk.says(ALICE, [fake.image("cat.jpg", b"\x7fELF\x02\x01\x01" + b"\0" * 200), fake.text("#trip")])
    assert answer == "⚠️ That file isn't a photo I can read. Send a JPEG, PNG, WebP or GIF image."
    assert await _photos_in(world, "trip") == 0


async def test_a_post_with_a_picture_is_one_message_the_card_and_its_picture_as_an_image_segment(
    talk: Conversation, fake: FakeOneBot,
) -> None:
    since = len(fake.sent(user=ALICE))
    answer = await talk.says(ALICE, [fake.text("/post public the lake"), fake.image("lake.jpg", photo(gps=True))])
    assert answer.startswith("#1 · alice (@alice) · 🌍 public · just now\nthe lake")
    assert "Posted #1 to public with 1 photo." in answer and answer.endswith("[image]")
    [card] = fake.sent(user=ALICE)[since:]
    [picture] = image_bytes(card)
    stored = PILImage.open(io.BytesIO(picture))
    assert stored.format == "JPEG" and not stored.getexif()  # the re-encoded copy, not the upload

    shown = await talk.says(BOB, "/show 1")
    assert shown.startswith("#1 · alice (@alice)") and shown.endswith("[image]")
    assert "[!1 👍 Like]" in text_of(fake.sent(user=BOB)[-1])


async def test_showing_an_album_sends_its_pictures_as_image_segments(talk: Conversation, fake: FakeOneBot) -> None:
    await talk.says(ALICE, "/album new Trip")
    for n in range(2):
        await talk.says(ALICE, [fake.image(f"p{n}.jpg", photo(colour=(n * 90, 10, 10))), fake.text("#trip")])
    await talk.says(ALICE, "/album show Trip")
    assert len(image_bytes(fake.sent(user=ALICE)[-1])) == 2


async def test_a_large_picture_is_downloaded_whole_from_the_implementation(
    talk: Conversation, fake: FakeOneBot, world: World,
) -> None:
    noise = PILImage.frombytes("RGB", (900, 700), os.urandom(900 * 700 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert len(out.getvalue()) > 1_000_000  # many reads off the wire, not one
    await talk.says(ALICE, "/album new Trip")
    assert "added to Trip" in await talk.says(ALICE, [fake.image("noise.png", out.getvalue()), fake.text("#trip")])
    assert await _photos_in(world, "trip") == 1


async def test_a_face_is_the_picture_of_me_and_no_post_card_carries_one(talk: Conversation, fake: FakeOneBot) -> None:
    await talk.says(ALICE, [fake.text("/avatar"), fake.image("me.jpg", photo(colour=(200, 40, 90)))])
    me = await talk.says(ALICE, "/me")
    assert me.startswith("alice (@alice)") and me.endswith("[image]")
    since = len(fake.sent(user=ALICE))
    card = await talk.says(ALICE, "/post public hello")
    assert card.startswith("#1 · alice (@alice)") and "[image]" not in card
    assert [image_bytes(m) for m in fake.sent(user=ALICE)[since:]] == [[]]
