"""Atom feeds: valid documents, public by default, a friend's own view with their feed token."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from aiohttp.test_utils import TestClient

from tests.builders import World
from tests.web.conftest import feed_link

ATOM = "{http://www.w3.org/2005/Atom}"


async def _feed(client: TestClient, path: str) -> tuple[str, list[str]]:
    resp = await client.get(path)
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(await resp.read())
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    for e in entries:
        assert [e.find(f"{ATOM}{t}") is not None for t in ("id", "title", "updated", "content")] == [True] * 4
    return root.findtext(f"{ATOM}title") or "", [e.findtext(f"{ATOM}content") or "" for e in entries]


async def _setup(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.say("alice", "/post public open <b>news</b>")
    await world.say("alice", "/post friends between friends")
    await world.say("alice", "/post private just me")
    await world.say("alice", "/blog public Long read | With *emphasis*")


async def test_the_public_feed_is_valid_atom_with_only_public_posts(web_world: World, client: TestClient) -> None:
    await _setup(web_world)
    title, contents = await _feed(client, "/z/alice/feed.atom")
    assert "@alice" in title
    assert contents == ["<p>With <em>emphasis</em></p>\n", "<p>open &lt;b&gt;news&lt;/b&gt;</p>\n"]


async def test_a_friends_feed_token_shows_friends_only_posts_to_that_friend(web_world: World, client: TestClient) -> None:
    await _setup(web_world)
    _, contents = await _feed(client, await feed_link(web_world, "bob", "alice"))
    assert ["between friends" in c for c in contents] == [False, True, False]


async def test_a_revoked_feed_token_shows_only_public_posts(web_world: World, client: TestClient) -> None:
    await _setup(web_world)
    link = await feed_link(web_world, "bob", "alice")
    await web_world.say("bob", "/zone revoke")
    _, contents = await _feed(client, link)
    assert len(contents) == 2 and not any("between friends" in c for c in contents)


async def test_a_feed_token_for_one_zone_opens_nothing_more_of_another(web_world: World, client: TestClient) -> None:
    await _setup(web_world)
    await web_world.befriend("carol", "bob")
    await web_world.say("carol", "/post friends carol's secret")
    token = (await feed_link(web_world, "bob", "alice")).split("?t=")[1]
    _, contents = await _feed(client, f"/z/carol/feed.atom?t={token}")
    assert contents == []


async def test_a_private_zone_feed_is_empty_for_strangers(web_world: World, client: TestClient) -> None:
    await _setup(web_world)
    await web_world.say("alice", "/privacy zone private")
    _, contents = await _feed(client, "/z/alice/feed.atom")
    assert contents == []


async def test_feed_readers_parse_the_feed_cleanly_with_plain_text_titles(web_world: World, client: TestClient) -> None:
    import feedparser

    await web_world.say("alice", "/post public A **slow** day & a [walk](https://example.org)")
    await web_world.say("alice", "/blog public Day one | # Morning\n\nTea.")
    parsed = feedparser.parse(await (await client.get("/z/alice/feed.atom")).read())
    assert parsed.bozo is False, parsed.get("bozo_exception")
    assert [e.title for e in parsed.entries] == ["Day one", "A slow day & a walk"]
