"""Albums from chat on the real handler stack (SQLite and PostgreSQL): privacy, gates, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import World
from tests.images import attachment, never_fetched, photo

ALBUMS = ["public", "friends", "circle", "private", "question"]
SEES = {  # viewer → albums whose photos they see (the gated one is listed to those whom the zone is open to)
    "alice": set(ALBUMS),
    "carol": {"public", "friends", "circle"},
    "dave": {"public", "friends"},
    "erin": {"public"},
    "mallory": set(),  # blocked: alice's zone is closed to her, albums and all
}


def _stored(world: World) -> int:
    return sum(1 for p in world.runtime.settings.media_dir.rglob("*") if p.is_file())


async def _setup(world: World) -> None:
    for who in ("carol", "dave", "mallory"):
        await world.befriend("alice", who)
    await world.say("erin", "/start")
    await world.say("alice", "/circle new close")
    await world.say("alice", "/circle add close carol mallory")
    for vis in ALBUMS:
        token = {"circle": " @close", "question": ""}.get(vis, f" {vis}")
        await world.say("alice", f"/album new {vis} album{token}")
        await world.say("alice", f"#{vis}-album a {vis} photo", attachments=(attachment(photo()),))
    await world.say("alice", "/album question question album Our cat? | Dinah")
    await world.say("alice", "/block mallory")


@pytest.mark.parametrize("viewer", list(SEES))
async def test_album_list_and_show_follow_privacy_for_each_viewer(world: World, viewer: str) -> None:
    await _setup(world)
    listed = await world.says(viewer, "/album list alice")
    expected_listed = SEES[viewer] | ({"question"} if viewer != "mallory" else set())
    assert {vis for vis in ALBUMS if f"• {vis} album" in listed} == expected_listed
    for vis in ALBUMS:
        shown = await world.says(viewer, f"/album show @alice {vis} album")
        if vis in SEES[viewer]:
            assert f"a {vis} photo" in shown
        elif vis in expected_listed:
            assert shown.startswith(f"🔒 “{vis} album” by @alice opens with an answer.\n❓ Our cat?")
        else:
            assert shown == (f"⚠️ @alice has no album called “{vis} album” that you can see. "
                             "/album list alice shows them.")


async def test_a_question_is_answered_in_a_dm_and_wrong_answers_are_limited_per_hour(world: World) -> None:
    await world.say("bob", "/start")
    await world.say("alice", "/album new Trip")
    await world.say("alice", "#trip", attachments=(attachment(photo()),))
    assert "only me" in await world.says("alice", "/album visibility Trip private")
    assert (await world.says("alice", "/album visibility Trip question")).startswith("⚠️ Set a question first")
    await world.say("alice", "/album question Trip Where did we meet? | Café  Rome")
    assert await world.says("bob", "/album answer alice Trip Rome", chat="group") == (
        "Answer in a private chat with me, so nobody else reads your answer.")
    for left in (4, 3, 2, 1, 0):
        assert await world.says("bob", "/album answer alice Trip Paris") == (
            f"⚠️ That's not the answer. {left} tr{'y' if left == 1 else 'ies'} left this hour.")
    assert (await world.says("bob", "/album answer alice Trip café rome")).startswith("⚠️ That's 5 tries")
    world.clock.advance(hours=1)
    assert (await world.says("bob", "/album answer alice Trip CAFÉ ROME")).startswith("✅ Right!")
    assert "p1" in await world.says("bob", "/album show @alice Trip")
    # A new question locks the album again for everyone who answered the old one.
    await world.say("alice", "/album question Trip Our song? | Volare")
    assert (await world.says("bob", "/album show @alice Trip")).startswith("🔒")
    async with world.db.uow() as uow:
        alice = await uow.accounts.by_handle("alice")
        assert alice is not None
        album = await uow.albums.by_slug(alice.id, "trip")
    assert album is not None and "Volare" not in album.answer_hash and album.answer_hash.startswith("scrypt$")


async def test_photos_sent_after_album_upload_go_to_that_album_for_ten_minutes(world: World) -> None:
    await world.say("alice", "/album new Trip")
    assert "every photo you send goes to “Trip”" in await world.says("alice", "/album upload Trip")
    assert (await world.says("alice", "", attachments=(attachment(photo()), attachment(photo(colour=(1, 1, 1))))
                             )).startswith("2 photos added to Trip.")
    world.clock.advance(minutes=11)
    assert (await world.says("alice", "", attachments=(attachment(photo()),))).startswith("⚠️ Where should these go?")


async def test_captions_alt_text_covers_moves_and_deletes_keep_counts_right(world: World) -> None:
    await world.say("alice", "/album new Trip")
    await world.say("alice", "/album new Home")
    await world.say("alice", "#trip", attachments=tuple(attachment(photo(colour=(n, 0, 0))) for n in range(3)))
    assert await world.says("alice", "/photo caption p2 Sunset <3") == "p2 caption set."
    assert await world.says("alice", "/photo alt p2 The sun going down") == "p2 alt text set."
    assert await world.says("alice", "/album cover Trip p2") == "p2 is the cover of “Trip”."
    assert await world.says("alice", "/photo move p2 Home") == "p2 moved to “Home”."
    assert await world.says("alice", "/photo delete p1") == "p1 deleted."
    listed = await world.says("alice", "/album list")
    assert "• Home · 1 photo ·" in listed and "• Trip · 1 photo ·" in listed
    async with world.db.uow() as uow:
        trip, home = await uow.albums.by_slug(1, "trip"), await uow.albums.by_slug(1, "home")
    assert trip is not None and home is not None
    assert (trip.cover_photo_id, home.cover_photo_id) == (3, 2)  # the cover left with its photo
    assert "p2 · Sunset <3" in await world.says("alice", "/album show Home")


async def test_a_caption_or_alt_text_left_out_is_asked_for_and_a_dash_clears_it(world: World) -> None:
    await world.say("alice", "/album new Trip")
    await world.say("alice", "#trip first day", attachments=(attachment(photo()),))
    [asked] = await world.say("alice", "/photo caption p1")
    assert asked.plain_text == "Send the caption of p1 as your next message (/photo caption p1 - clears it)."
    assert (asked.asks, asked.personal) == ("The caption of p1", True)
    async with world.db.uow() as uow:
        asked_about = await uow.albums.get_photo(1)
    assert asked_about is not None and asked_about.caption == "first day"  # nothing cleared by asking
    assert await world.says("alice", "") == ""  # an empty line (the console's Enter) is no caption yet
    assert await world.says("alice", "Sunset over the bay") == "p1 caption set."
    assert "p1 · Sunset over the bay" in await world.says("alice", "/album show Trip")
    assert await world.says("alice", "/photo caption p1 -") == "p1 caption cleared."
    [asked] = await world.say("alice", "/photo alt p1")
    assert asked.plain_text == ("Describe p1 for people who can't see it: send the text as your next message "
                                "(/photo alt p1 - clears it).")
    assert asked.asks == "What p1 shows"
    assert await world.says("alice", "A red sun over grey water") == "p1 alt text set."
    [asked] = await world.say("alice", "/photo alt p1")
    assert await world.says("alice", "-") == "p1 alt text cleared."
    # Asked about a photo that isn't hers, she is told so instead; photos sent while asked go where photos go.
    assert await world.says("bob", "/photo caption p1") == (
        "⚠️ You have no photo p1. /album show TITLE lists an album's photos.")
    await world.say("alice", "/photo caption p1")
    assert (await world.says("alice", "#trip", attachments=(attachment(photo()),))).startswith("1 photo added to Trip.")
    assert (await world.says("alice", "no longer a caption")).startswith("I answer commands")


async def test_deleting_an_album_asks_first(world: World) -> None:
    await world.say("alice", "/album new Trip")
    assert "Delete “Trip” and its 0 photos?" in await world.says("alice", "/album delete Trip")
    assert await world.press("alice", "albkeep:0") == "Kept — nothing was deleted."
    assert await world.press("bob", "albdel:1") == "⚠️ That album is already gone."
    assert await world.press("alice", "albdel:1") == "Album “Trip” deleted."
    assert await world.says("alice", "/album list") == "You have no albums yet. /album new TITLE makes one."


async def test_bad_input_gets_a_clear_reply_and_nothing_is_stored(world: World) -> None:
    await world.say("alice", "/album new Trip")
    await world.say("bob", "/album new Bobs")
    huge, fetched = never_fetched(100 * 1024 * 1024)
    whole = photo(800, 600, quality=95)
    cases = {
        "#nowhere": (attachment(photo()),),
        "#bobs": (attachment(photo()),),
        "#trip": (huge,),
        "#trip ": (attachment(whole[: len(whole) // 2]),),
    }
    answers = [await world.says("alice", text, attachments=files) for text, files in cases.items()]
    assert answers == [
        "⚠️ You have no album called “nowhere”. /album list shows yours; /album new TITLE makes one.",
        "⚠️ You have no album called “bobs”. /album list shows yours; /album new TITLE makes one.",
        "⚠️ That file is 100.0 MB; a photo can be at most 16 MB. Send a smaller copy.",
        "⚠️ That photo is damaged or cut off (maybe the upload didn't finish). Send it again.",
    ]
    assert fetched == [] and _stored(world) == 0
    assert await world.says("alice", "/album new trip!") == (
        "⚠️ You already have an album called “trip!”. /album list shows yours.")
    assert (await world.says("alice", "/album question Trip no answer here")).startswith("⚠️ Write the question, then |")
    await world.say("bob", "#bobs", attachments=(attachment(photo()),))
    assert await world.says("alice", "/photo caption p1 mine now") == (
        "⚠️ You have no photo p1. /album show TITLE lists an album's photos.")
    assert await world.says("alice", "/photo move x1 Trip") == "⚠️ A photo is named by its number, like p12 — not “x1”."
    # Bob's album is for his friends: to alice it doesn't exist, with or without a question.
    assert await world.says("alice", "/album answer bob Bobs hi") == (
        "⚠️ @bob has no album called “Bobs hi” that you can see. /album list bob shows them.")
    await world.say("bob", "/album visibility Bobs public")
    assert await world.says("alice", "/album answer bob Bobs hi") == "⚠️ “Bobs” has no question to answer."


async def test_photos_are_processed_before_the_message_writes_anything(world: World) -> None:
    """On SQLite the first write takes the database's write lock; slow photo work must come first."""
    from sqlalchemy import event

    from core.ratelimit import RateLimits

    world.services.limits = RateLimits()  # the default limits record a hit for every upload
    await world.say("alice", "/album new Trip")
    statements: list[str] = []
    writes_before_ingest: list[list[str]] = []
    media = world.services.media
    assert media is not None
    original = media.ingest

    async def watched(data: bytes):  # type: ignore[no-untyped-def]
        writes_before_ingest.append([s for s in statements if s.split()[0] in ("INSERT", "UPDATE", "DELETE")])
        return await original(data)

    def record(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement.strip())

    event.listen(world.db.engine.sync_engine, "before_cursor_execute", record)
    media.ingest = watched  # type: ignore[method-assign]
    try:
        answer = await world.says("alice", "#trip", attachments=(attachment(photo()), attachment(photo(colour=(1, 2, 3)))),
                                  dedup_key="test:update:1")
    finally:
        event.remove(world.db.engine.sync_engine, "before_cursor_execute", record)
        media.ingest = original  # type: ignore[method-assign]
    assert "2 photos added to Trip" in answer
    assert writes_before_ingest == [[], []]
    assert any(s.startswith("INSERT INTO photos") for s in statements)
    assert any(s.startswith("INSERT INTO rate_hits") for s in statements)


async def test_the_media_sweep_removes_only_old_unreferenced_files(world: World) -> None:
    import os
    import time

    from storage.media import MediaService

    await world.say("alice", "/album new Trip")
    await world.say("alice", "#trip", attachments=(attachment(photo()),))
    media = world.services.media
    assert isinstance(media, MediaService)
    store = media.store.disk  # type: ignore[attr-defined]  # the local store's files
    async with world.db.uow() as uow:
        keep = await uow.albums.media_keys()
    assert len(keep) == 4  # two sizes × WebP and JPEG
    old_orphan = store.put(b"left behind by a failed batch", "bin")
    new_orphan = store.put(b"an upload still in flight", "bin")
    long_ago = time.time() - 7200
    os.utime(store.path(old_orphan), (long_ago, long_ago))
    for key in keep:  # referenced files are kept however old they are
        os.utime(store.path(key), (long_ago, long_ago))
    assert await media.sweep(keep, time.time() - 3600) == 1
    assert not store.exists(old_orphan)
    assert store.exists(new_orphan) and all(store.exists(k) for k in keep)


def test_storing_the_same_bytes_again_renews_the_file_so_a_sweep_spares_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import time

    from storage.media.store import DiskStore

    store = DiskStore(tmp_path)
    key = store.put(b"same bytes", "bin")
    os.utime(store.path(key), (0, 0))
    assert store.put(b"same bytes", "bin") == key
    assert store.sweep(set(), time.time() - 3600) == 0
