"""Albums through the real PTB client and the fake Bot API: media groups in, media groups out."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from adapters.telegram import TelegramAdapter
from tests.adapters.telegram.conftest import ALICE, Conversation, make_adapter
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World
from tests.images import photo


@pytest_asyncio.fixture
async def quick(world: World, fake: FakeBotApi) -> AsyncIterator[Conversation]:
    """The adapter with a short media-group window, so the tests needn't wait a second."""
    adapter = make_adapter(world, fake, typing_after=0.05, media_group_window=0.3)
    await adapter.start()
    yield Conversation(fake, world, adapter)
    await adapter.stop()


async def _photos_in(world: World, title: str) -> int:
    async with world.db.uow() as uow:
        album = await uow.albums.by_slug(1, title)
        assert album is not None
        return album.photo_count


async def test_a_media_group_of_three_photos_becomes_one_batch_and_one_reply(
    quick: Conversation, fake: FakeBotApi, world: World,
) -> None:
    await quick.says(ALICE, "/album new Trip")
    since = len(fake.calls)
    for n in range(3):
        update = fake.photo_message(ALICE, photo(colour=(n * 60, 10, 10)), caption="#trip" if n == 0 else None)
        update["message"]["media_group_id"] = "album-1"
        fake.push_update(update)
    answer = await fake.wait_for_call("sendMessage", lambda c: "added to" in str(c.params.get("text")), since=since)
    assert answer.params["text"].startswith("3 photos added to Trip.")
    replies = [c for c in fake.calls[since:] if c.method == "sendMessage"]
    assert len(replies) == 1
    assert await _photos_in(world, "trip") == 3


async def test_showing_an_album_sends_its_thumbnails_as_one_media_group(
    quick: Conversation, fake: FakeBotApi, world: World,
) -> None:
    await quick.says(ALICE, "/album new Trip")
    await quick.send(fake.photo_message(ALICE, photo(), caption="#trip"))
    await quick.send(fake.photo_message(ALICE, photo(colour=(0, 200, 0)), caption="#trip"))
    call = await quick.send(fake.text_message(ALICE, "/album show Trip"), method="sendMediaGroup")
    assert len(call.params["media"]) == 2
    assert all(item["type"] == "photo" for item in call.params["media"])


async def test_a_renamed_executable_gets_a_clear_reply_and_nothing_is_stored(
    quick: Conversation, fake: FakeBotApi, world: World,
) -> None:
    await quick.says(ALICE, "/album new Trip")
    update = fake.document_message(ALICE, b"\x7fELF\x02\x01\x01" + b"\0" * 200, file_name="cat.jpg",
                                   mime_type="image/jpeg", caption="#trip")
    answer = await quick.send(update)
    assert answer.params["text"] == "⚠️ That file isn't a photo I can read. Send a JPEG, PNG, WebP or GIF image."
    assert await _photos_in(world, "trip") == 0
