"""Album pages and media URLs × every viewer relation: exactly what core's privacy allows, even with the URL."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient

from tests.builders import World
from tests.images import attachment, photo
from tests.web.conftest import page, sign_in

ALBUMS = ["public", "friends", "circle", "private", "question"]
# viewer → the albums whose photos they may load (None: anonymous)
PHOTOS: dict[str | None, set[str]] = {
    "alice": set(ALBUMS),  # owner
    "carol": {"public", "friends", "circle"},  # friend in the circle
    "dave": {"public", "friends"},  # friend outside the circle
    "erin": {"public"},  # stranger with an account
    "gina": {"public", "question"},  # stranger who answered the question in a DM
    # mallory, blocked (was a friend in the circle), finds the zone closed: tests/web/test_blocked_view.py
    None: {"public"},  # anonymous
}
# The gated album is listed (with its question) to everyone signed in whom the zone is open to.
LISTED = {v: s | ({"question"} if v not in ("mallory", None) else set()) for v, s in PHOTOS.items()}


async def _setup(world: World) -> dict[str, tuple[int, int]]:
    """Alice's albums by audience → (album id, photo id)."""
    for who in ("carol", "dave", "mallory"):
        await world.befriend("alice", who)
    for who in ("erin", "gina"):
        await world.say(who, "/start")
    await world.say("alice", "/circle new close")
    await world.say("alice", "/circle add close carol mallory")
    found = {}
    for n, vis in enumerate(ALBUMS):
        token = {"circle": " @close", "question": ""}.get(vis, f" {vis}")
        await world.say("alice", f"/album new {vis} album{token}")
        reply = await world.says("alice", f"#{vis}-album", attachments=(attachment(photo(colour=(n * 40, 90, 10))),))
        found[vis] = (n + 1, int(re.findall(r"\bp(\d+)", reply)[0]))
    await world.says("alice", "/album question question album Our cat's name? | Dinah")
    assert "Right" in await world.says("gina", "/album answer alice question album dinah")
    await world.say("alice", "/block mallory")
    return found


def _titles(text: str) -> set[str]:
    return {vis for vis in ALBUMS if f"{vis} album" in text}


@pytest.mark.parametrize("viewer", list(PHOTOS))
async def test_album_pages_and_media_urls_follow_privacy_for_each_viewer(
    web_world: World, client: TestClient, viewer: str | None,
) -> None:
    ids = await _setup(web_world)
    await sign_in(client, web_world, viewer)
    status, text = await page(client, "/z/alice/albums")
    assert status == 200
    assert _titles(text) == LISTED[viewer]
    for vis, (album_id, photo_id) in ids.items():
        status, text = await page(client, f"/z/alice/albums/{album_id}")
        urls = [f"/media/p/{photo_id}/{size}" for size in ("320.webp", "320.jpg", "1280.webp", "1280.jpg")]
        if vis in PHOTOS[viewer]:
            assert status == 200 and all(u in text for u in urls)
        elif vis in LISTED[viewer]:
            assert status == 200 and "Our cat&#39;s name?" in text and urls[0] not in text
        else:
            assert status == 404
        for url in urls:
            resp = await client.get(url)
            # Even with the exact URL, a photo the viewer may not see never loads.
            assert resp.status == (200 if vis in PHOTOS[viewer] else 404), (vis, url)
            if resp.status == 200:
                assert resp.headers["Content-Type"] == ("image/webp" if url.endswith("webp") else "image/jpeg")
                assert resp.headers["Cache-Control"] == "private, no-cache"


async def test_media_is_revalidated_so_a_changed_audience_takes_effect_at_once(
    web_world: World, client: TestClient,
) -> None:
    await web_world.befriend("alice", "bob")
    await web_world.say("alice", "/album new Trip friends")
    await web_world.say("alice", "#trip", attachments=(attachment(photo()),))
    await sign_in(client, web_world, "bob")
    first = await client.get("/media/p/1/320.jpg")
    etag = first.headers["ETag"]
    again = await client.get("/media/p/1/320.jpg", headers={"If-None-Match": etag})
    assert again.status == 304
    await web_world.say("alice", "/album visibility Trip private")
    gone = await client.get("/media/p/1/320.jpg", headers={"If-None-Match": etag})
    assert gone.status == 404


async def test_album_page_shows_captions_alt_text_and_a_lightbox_escaped(web_world: World, client: TestClient) -> None:
    await web_world.say("alice", "/album new Trip public")
    await web_world.say("alice", "#trip <b>sunset</b>", attachments=(attachment(photo()), attachment(photo(colour=(0, 0, 0)))))
    await web_world.say("alice", "/photo alt p1 A red and blue <flag>")
    status, text = await page(client, "/z/alice/albums/1")
    assert status == 200
    assert "&lt;b&gt;sunset&lt;/b&gt;" in text and "<b>sunset" not in text
    assert 'alt="A red and blue &lt;flag&gt;"' in text
    assert 'id="p1"' in text and 'href="#p2" rel="next"' in text
    assert 'src="data:image/png;base64,' in text  # the placeholder shown while thumbnails load


@pytest.mark.parametrize(("audience", "stranger_status"), [("public", 200), ("friends", 404)])
async def test_photos_on_a_post_load_exactly_for_those_who_see_the_post(
    web_world: World, client: TestClient, audience: str, stranger_status: int,
) -> None:
    await web_world.befriend("alice", "bob")
    await web_world.say("erin", "/start")
    assert f"Posted #1 to {audience} with 1 photo." in await web_world.says(
        "alice", f"/post {audience} look at this", attachments=(attachment(photo()),))
    for viewer, expected in (("bob", 200), ("erin", stranger_status), (None, stranger_status)):
        await sign_in(client, web_world, viewer)
        resp = await client.get("/media/p/1/1280.webp")
        assert resp.status == expected, viewer


async def test_a_post_with_a_bad_photo_is_not_posted_at_all(web_world: World) -> None:
    answer = await web_world.says("alice", "/post public look",
                                  attachments=(attachment(photo()), attachment(b"GIF89a-nope")))
    assert answer == "⚠️ photo.jpg (#2): That file isn't a photo I can read. Send a JPEG, PNG, WebP or GIF image."
    assert await web_world.says("alice", "/posts") == "Alice (@alice) has no posts you can see yet."


async def test_a_gated_album_the_viewer_answered_no_longer_asks_them_to_answer(
    web_world: World, client: TestClient,
) -> None:
    await _setup(web_world)
    await sign_in(client, web_world, "gina")  # answered the question
    _, listing = await page(client, "/z/alice/albums")
    assert "answer to open" not in listing and "🔓 answered" in listing
    await sign_in(client, web_world, "erin")  # has not
    _, listing = await page(client, "/z/alice/albums")
    assert "❓ answer to open" in listing


async def test_album_pages_keep_the_zone_header_and_its_tabs(web_world: World, client: TestClient) -> None:
    ids = await _setup(web_world)
    await sign_in(client, web_world, "carol")
    for path in ("/z/alice/albums", f"/z/alice/albums/{ids['public'][0]}"):
        status, text = await page(client, path)
        assert status == 200
        assert '<h1 id="zone-name">Alice</h1>' in text, path
        assert '<a href="/z/alice/albums" aria-current="page">Albums</a>' in text, path
        assert '<a href="/z/alice/blog">Blog</a>' in text, path
