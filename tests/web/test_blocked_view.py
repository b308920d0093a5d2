"""On the web, a blocker's zone looks to the blocked person exactly like a friends-only zone to a stranger."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient

from tests.builders import World
from tests.images import attachment, photo
from tests.web.conftest import feed_link, page, sign_in, zone_link


async def _zone(world: World, owner: str, album_id: int) -> list[str]:
    """Every kind of page of a zone with public content in it: zone, blog, friends, post, albums, photo."""
    post = await world.post_id(owner, f"/post public hello from {owner}")
    await world.say(owner, "/album new Trip public")
    added = await world.says(owner, "#trip beach", attachments=(attachment(photo()),))
    photo_id = re.findall(r"\bp(\d+)", added)[0]
    return [f"/z/{owner}", f"/z/{owner}/blog", f"/z/{owner}/friends", f"/z/{owner}/p/{post}", f"/z/{owner}/albums",
            f"/z/{owner}/albums/{album_id}", f"/media/p/{photo_id}/320.webp"]


def _neutral(body: str, owner: str, viewer: str) -> str:
    """The page with the owner's and the viewer's names made alike, so two zones compare."""
    for name, alias in ((owner, "X"), (viewer, "V")):
        body = body.replace(name, alias).replace(name.capitalize(), alias)
    return body


async def test_every_page_of_the_blockers_zone_answers_as_a_friends_only_zone_does(
    web_world: World, client: TestClient,
) -> None:
    await web_world.befriend("alice", "mallory")
    await web_world.say("erin", "/start")
    blocked_paths, closed_paths = await _zone(web_world, "alice", 1), await _zone(web_world, "fiona", 2)
    await web_world.say("alice", "/block mallory")
    await web_world.say("fiona", "/privacy zone friends")
    seen = {}
    for viewer, paths, owner in (("mallory", blocked_paths, "alice"), ("erin", closed_paths, "fiona")):
        await sign_in(client, web_world, viewer)
        seen[viewer] = [(status, "hello from" in body, _neutral(body, owner, viewer))
                        for status, body in [await page(client, p) for p in paths]]
    # Closed zone pages 403 ("ask the bot for a link"); its post and photo look missing.
    assert [s[:2] for s in seen["mallory"]] == [(403, False)] * 3 + [(404, False), (403, False), (403, False),
                                                                     (404, False)]
    assert seen["mallory"] == seen["erin"]


async def test_links_and_feed_tokens_given_before_the_block_open_nothing_after_it(
    web_world: World, client: TestClient,
) -> None:
    await web_world.befriend("alice", "mallory")
    await web_world.say("alice", "/post friends between friends")
    link, feed = await zone_link(web_world, "mallory", "alice"), await feed_link(web_world, "mallory", "alice")
    await web_world.say("alice", "/block mallory")
    resp = await client.get(link)
    assert resp.status == 403 and "between friends" not in await resp.text()
    status, body = await page(client, feed)
    assert status == 200 and "between friends" not in body
