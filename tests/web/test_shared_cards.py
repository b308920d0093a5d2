"""Post cards are rendered once and shared (adapters.web.render.Cards), yet each reader gets their own:
their like state and form token, their language and time zone, the counts as they stand now."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient, TestServer

from tests.builders import World
from tests.web.conftest import page, sign_in

TOKEN = re.compile(r'name="csrf" value="([^"]+)"')


async def test_a_shared_card_carries_each_readers_own_state_and_the_latest_counts(web_world: World) -> None:
    world = web_world
    await world.befriend("alice", "bob")
    await world.befriend("alice", "carol")
    pid = await world.post_id("alice", "/post public one card for everyone")
    async with TestClient(TestServer(world.runtime.web_app(page_ttl=0))) as client:
        await sign_in(client, world, "carol")
        before = (await page(client, "/z/alice"))[1]
        carol_token = TOKEN.findall(before)[0]
        assert 'value="like"' in before
        await world.says("bob", f"/like {pid}")
        await sign_in(client, world, "bob")
        bob = (await page(client, "/z/alice"))[1]
        assert 'value="unlike"' in bob and carol_token not in bob
        assert '<span aria-hidden="true">♥</span> 1<span class="visually-hidden"> like</span>' in bob
        await sign_in(client, world, "carol")
        carol = (await page(client, "/z/alice"))[1]
        # The like shows in the count at once; carol still has her own Like button and token.
        assert 'value="like"' in carol and 'value="unlike"' not in carol
        assert '<span aria-hidden="true">♥</span> 1<span class="visually-hidden"> like</span>' in carol
        assert TOKEN.findall(carol)[0] != TOKEN.findall(bob)[0]
        await world.says("alice", f"/edit {pid} the same card, edited")
        assert "the same card, edited" in (await page(client, "/z/alice"))[1]
        await world.says("carol", "/lang zh")
        await world.says("carol", "/timezone Asia/Shanghai")
        chinese = (await page(client, "/z/alice"))[1]
        assert ("已编辑" in chinese, "+08:00" in chinese) == (True, True)
        await sign_in(client, world, "bob")
        english = (await page(client, "/z/alice"))[1]
        assert ("已编辑" in english, ">edited<" in english, "+08:00" in english) == (False, True, False)
        client.session.cookie_jar.clear()
        stranger = (await page(client, "/z/alice"))[1]
        assert "the same card, edited" in stranger and 'name="csrf"' not in stranger
