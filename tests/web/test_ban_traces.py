"""On the web and in Atom, a banned person leaves no trace — and everything is back after the unban."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.builders import World
from tests.integration.test_ban_traces import stage
from tests.web.conftest import feed_link, page, sign_in


async def test_a_banned_persons_comments_likes_and_friendship_are_gone_from_other_zones(
    web_world: World, client: TestClient,
) -> None:
    world = web_world
    pid = await stage(world)
    await world.say("admin", "/mod ban mallory spam")
    for viewer in (None, "carol", "bob"):
        await sign_in(client, world, viewer)
        status, text = await page(client, f"/z/bob/p/{pid}")
        assert status == 200
        assert "visit my zone" not in text and "no thanks" not in text and "/z/mallory" not in text
        assert "lovely" in text and 'Comments <span class="count">1</span>' in text
        assert "♥</span> 0" in text
        friends = (await page(client, "/z/bob/friends"))[1]
        assert "mallory" not in friends.lower() and "<dt>Friends</dt><dd>1</dd>" in friends

    await world.say("admin", "/mod unban mallory")
    await sign_in(client, world, "carol")
    text = (await page(client, f"/z/bob/p/{pid}"))[1]
    assert "visit my zone" in text and "no thanks" in text and 'Comments <span class="count">3</span>' in text
    friends = (await page(client, "/z/bob/friends"))[1]
    assert "<small>@mallory</small>" in friends and "<dt>Friends</dt><dd>2</dd>" in friends


async def test_a_banned_persons_zone_and_atom_feed_answer_exactly_like_an_unknown_handle(
    web_world: World, client: TestClient,
) -> None:
    world = web_world
    await stage(world)
    await world.say("mallory", "/name Mallory the Merchant")
    own_feed = await feed_link(world, "carol", "mallory")
    await world.say("admin", "/mod ban mallory")
    await sign_in(client, world, "carol")
    for path, unknown in (("/z/mallory/feed.atom", "/z/nobody/feed.atom"), (own_feed, "/z/nobody/feed.atom"),
                          ("/z/mallory", "/z/nobody"), ("/z/mallory/friends", "/z/nobody/friends")):
        status, text = await page(client, path)
        assert (status, text) == await page(client, unknown), path
        assert status == 404 and "Mallory" not in text

    await world.say("admin", "/mod unban mallory")
    status, text = await page(client, "/z/mallory/feed.atom")
    assert status == 200 and "Mallory the Merchant" in text
