"""Each page × each viewer relation shows exactly what core's privacy allows."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient

from tests.builders import World
from tests.web.conftest import page, sign_in

VISIBILITIES = ["public", "friends", "circle", "private"]
# viewer → the visibilities they may see of alice's posts (None: no session at all)
EXPECTED: dict[str | None, set[str]] = {
    "alice": {"public", "friends", "circle", "private"},  # owner
    "carol": {"public", "friends", "circle"},  # friend in the circle
    "dave": {"public", "friends"},  # friend outside the circle
    "erin": {"public"},  # stranger with an account
    # mallory, blocked (was a friend in the circle), finds the zone closed: tests/web/test_blocked_view.py
    None: {"public"},  # anonymous stranger
}
VIEWERS = list(EXPECTED)


async def _setup(world: World) -> dict[str, int]:
    for who in ("carol", "dave", "mallory"):
        await world.befriend("alice", who)
    await world.say("erin", "/start")
    await world.say("alice", "/name Alice Liddell")
    await world.say("alice", "/bio I write about rabbits")
    await world.say("alice", "/circle new close")
    await world.say("alice", "/circle add close carol mallory")
    ids = {}
    for vis in VISIBILITIES:
        token = "@close" if vis == "circle" else vis
        ids[vis] = await world.post_id("alice", f"/post {token} the {vis} note")
        await world.say("carol", f"/comment {ids[vis]} carol says hi to {vis}") if vis != "private" else None
    ids["blog"] = await world.post_id("alice", "/blog public Rabbit holes | A **deep** one.")
    await world.say("alice", "/block mallory")
    return ids


def _notes_in(text: str) -> set[str]:
    return {vis for vis in VISIBILITIES if f"the {vis} note" in text}


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_zone_page_lists_exactly_the_posts_the_viewer_may_see(
    web_world: World, client: TestClient, viewer: str | None,
) -> None:
    await _setup(web_world)
    await sign_in(client, web_world, viewer)
    status, text = await page(client, "/z/alice")
    assert status == 200
    assert _notes_in(text) == EXPECTED[viewer]
    assert "Alice Liddell" in text and "I write about rabbits" in text
    # The header counts only what this viewer may see (+1: the public blog post).
    assert f"<dt>Posts</dt><dd>{len(EXPECTED[viewer]) + 1}</dd>" in text


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_post_pages_open_only_for_allowed_viewers_and_hidden_ones_look_missing(
    web_world: World, client: TestClient, viewer: str | None,
) -> None:
    ids = await _setup(web_world)
    await sign_in(client, web_world, viewer)
    missing_status, missing = await page(client, "/z/alice/p/999999")
    assert missing_status == 404
    for vis in VISIBILITIES:
        status, text = await page(client, f"/z/alice/p/{ids[vis]}")
        if vis in EXPECTED[viewer]:
            assert status == 200
            assert f"the {vis} note" in text
            assert (f"carol says hi to {vis}" in text) == (vis != "private")
        else:
            assert (status, text) == (404, missing)


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_blog_and_friends_pages_follow_the_same_rules(
    web_world: World, client: TestClient, viewer: str | None,
) -> None:
    ids = await _setup(web_world)
    await sign_in(client, web_world, viewer)
    status, blog = await page(client, "/z/alice/blog")
    assert status == 200
    assert "Rabbit holes" in blog and _notes_in(blog) == set()
    status, post = await page(client, f"/z/alice/p/{ids['blog']}")
    assert status == 200 and "<strong>deep</strong>" in post
    status, friends = await page(client, "/z/alice/friends")
    assert status == 200
    listed = {h for h in ("carol", "dave", "mallory", "erin") if f"<small>@{h}</small>" in friends}
    assert listed == {"carol", "dave"}


async def test_a_post_of_another_zone_is_not_found_under_this_handle(web_world: World, client: TestClient) -> None:
    ids = await _setup(web_world)
    await sign_in(client, web_world, "alice")
    status, _ = await page(client, f"/z/carol/p/{ids['public']}")
    assert status == 404


FRIENDS_ONLY_ZONE = {"alice": 200, "carol": 200, "dave": 200, "erin": 403, "mallory": 403, None: 403}


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_a_friends_only_zone_asks_strangers_politely_for_a_link_and_shows_nothing(
    web_world: World, client: TestClient, viewer: str | None,
) -> None:
    ids = await _setup(web_world)
    await web_world.say("alice", "/privacy zone friends")
    await sign_in(client, web_world, viewer)
    for path in ("/z/alice", "/z/alice/blog", "/z/alice/friends"):
        status, text = await page(client, path)
        assert status == FRIENDS_ONLY_ZONE[viewer]
        if status == 403:
            assert "ask the bot for your own link" in text
            assert _notes_in(text) == set() and "rabbits" not in text and "<small>@carol" not in text
    status, _ = await page(client, f"/z/alice/p/{ids['public']}")
    assert status == (200 if FRIENDS_ONLY_ZONE[viewer] == 200 else 404)


async def test_unknown_handles_and_hidden_posts_get_the_same_not_found_page(
    web_world: World, client: TestClient,
) -> None:
    ids = await _setup(web_world)
    await sign_in(client, web_world, None)
    unknown = await page(client, "/z/nobody_here")
    hidden = await page(client, f"/z/alice/p/{ids['private']}")
    nonsense = await page(client, "/z/alice/p/notanumber")
    assert unknown[0] == hidden[0] == nonsense[0] == 404
    assert unknown[1] == hidden[1] == nonsense[1]


async def test_cursor_pagination_walks_every_visible_post_once(web_world: World, client: TestClient) -> None:
    await web_world.say("alice", "/start")
    for n in range(25):
        await web_world.say("alice", f"/post public numbered note {n:02d}")
    await sign_in(client, web_world, None)
    seen: list[str] = []
    path = "/z/alice?limit=10"
    while path:
        status, text = await page(client, path)
        assert status == 200
        seen += sorted((n for n in (f"{i:02d}" for i in range(25)) if f"numbered note {n}" in text),
                       key=lambda n: text.index(f"numbered note {n}"))
        older = text.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&") if 'rel="next"' in text else ""
        path = f"/z/alice{older}" if older else ""
    assert seen == [f"{n:02d}" for n in reversed(range(25))]


@pytest.mark.parametrize("query", [
    "?before=abc", "?before=-1", "?before=0", "?before=99999999999999999999999", "?limit=x", "?limit=-5",
    "?before=1e9", "?before=%00",
])
async def test_garbage_query_parameters_are_a_400_not_a_500(
    web_world: World, client: TestClient, query: str,
) -> None:
    await web_world.say("alice", "/post public hello")
    assert (await page(client, f"/z/alice{query}"))[0] == 400


async def test_a_page_size_of_zero_is_clamped_to_one_post_as_the_readme_says(web_world: World, client: TestClient) -> None:
    for n in range(3):
        await web_world.say("alice", f"/post public note {n}")
    status, text = await page(client, "/z/alice?limit=0")
    assert status == 200
    assert text.count('class="card post') == 1 and "note 2" in text and 'rel="next"' in text
    status, text = await page(client, "/z/alice/blog?limit=0")
    assert status == 200


async def test_huge_page_sizes_are_clamped(web_world: World, client: TestClient) -> None:
    await web_world.say("alice", "/start")
    web_world.clock.advance(days=1)  # past the first day, when the built-in post limit is halved
    for n in range(60):
        web_world.clock.advance(seconds=61)  # an hour of posting: within the built-in 60 posts an hour
        await web_world.say("alice", f"/post public note {n}")
    status, text = await page(client, "/z/alice?limit=100000000")
    assert status == 200
    assert text.count('class="card post') == 49


async def test_an_address_typed_with_a_trailing_slash_is_sent_to_its_page(web_world: World, client: TestClient) -> None:
    post = await web_world.post_id("alice", "/post public hello")
    for typed, meant in (("/z/alice/", "/z/alice"), (f"/z/alice/p/{post}/", f"/z/alice/p/{post}"),
                         ("/z/alice/albums/?t=x", "/z/alice/albums?t=x"), ("/shop/", "/shop")):
        answer = await client.get(typed, allow_redirects=False)
        assert (answer.status, answer.headers["Location"]) == (308, meant), typed
    assert (await client.get("/z/alice/")).status == 200
    assert (await client.get("/z/nobody/")).status == 404  # still the same not-found page for a missing zone


async def test_start_page_and_health_check_answer(client: TestClient) -> None:
    status, home = await page(client, "/")
    assert status == 200 and "Start in Telegram" in home and "Start in Discord" in home
    assert await page(client, "/healthz") == (200, "ok")


async def test_zone_and_blog_lists_show_a_blog_excerpt_as_plain_text_still_escaped(
    web_world: World, client: TestClient,
) -> None:
    await web_world.say("alice", "/blog public Diary | # Day one\n\nA **slow** start, `tea` & <b>toast</b>.\n\n- [walk](https://example.org)")
    for path in ("/z/alice", "/z/alice/blog"):
        status, text = await page(client, path)
        assert status == 200
        [excerpt] = re.findall(r'<p class="excerpt">(.*?)</p>', text)
        assert excerpt == "Day one A slow start, tea &amp; &lt;b&gt;toast&lt;/b&gt;. walk", path
