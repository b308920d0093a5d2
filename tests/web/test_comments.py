"""On the web, a removed comment is gone from the post page and every count; a hidden one shows to its author."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.builders import World
from tests.integration.test_comment_removal import thread
from tests.web.conftest import page, sign_in


async def test_a_removed_comment_is_gone_from_the_post_page_and_its_count(web_world: World, client: TestClient) -> None:
    world = web_world
    pid = await thread(world)
    await world.say("admin", "/mod hide c3 spam")
    await world.say("carol", "/delete c1")
    await world.say("bob", "/post public another one")
    for viewer in (None, "bob", "carol"):
        await sign_in(client, world, viewer)
        status, text = await page(client, f"/z/bob/p/{pid}")
        assert status == 200
        assert "carol was here" not in text and "dave answers carol" not in text and "erin likes it" not in text
        assert 'Comments <span class="count">0</span>' in text
        listing = (await page(client, "/z/bob"))[1]
        assert "0 comments" in listing and "3 comments" not in listing
        assert "erin likes it" not in (await page(client, "/z/bob/feed.atom"))[1]
    await sign_in(client, world, "erin")
    text = (await page(client, f"/z/bob/p/{pid}"))[1]
    assert "erin likes it" in text and "hidden by a moderator: only you can see it" in text
    assert 'Comments <span class="count">1</span>' in text
