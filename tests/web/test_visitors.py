"""On the web: a signed-in look at someone else's zone is a visit, and the zone header shows the counts."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient

from tests.builders import World
from tests.web.conftest import page, sign_in, zone_link


def counts(body: str) -> tuple[str, str]:
    found = re.search(r"<dt>Visits today</dt><dd>(\d+)</dd></div>\s*<div><dt>Visits in all</dt><dd>(\d+)</dd>", body)
    assert found, body
    return found[1], found[2]


async def test_a_signed_in_friend_opening_the_zone_is_a_visit_and_everyone_sees_the_counts(
    world: World, client: TestClient,
) -> None:
    await world.say("alice", "/start")
    status, body = await page(client, "/z/alice")  # anonymous: no visit
    assert status == 200 and counts(body) == ("0", "0")
    resp = await client.get(await zone_link(world, "bob", "alice"), allow_redirects=False)
    assert resp.status == 303
    status, body = await page(client, "/z/alice")
    assert status == 200 and counts(body) == ("1", "1")  # the header counts the visit it records
    world.clock.advance(seconds=120)  # past the page cache
    assert counts((await page(client, "/z/alice"))[1]) == ("1", "1")  # the same day: once
    assert "Bob (@bob)" in await world.says("alice", "/visitors")
    await sign_in(client, world, "alice")
    world.clock.advance(seconds=120)
    assert counts((await page(client, "/z/alice"))[1]) == ("1", "1")  # the owner's own look is no visit


async def test_a_cloaked_visitor_on_the_web_is_not_recorded(world: World, client: TestClient) -> None:
    await world.say("alice", "/start")
    await world.say("bob", "/start")
    async with world.db.uow() as uow:
        bob = await uow.accounts.by_handle("bob")
        assert bob is not None
        await uow.wallet.add_item(bob.id, "invisibility_cloak", world.clock.now(), "grant", None)
        await uow.commit()
    await client.get(await zone_link(world, "bob", "alice"), allow_redirects=False)
    assert counts((await page(client, "/z/alice"))[1]) == ("0", "0")
    assert "@bob" not in await world.says("alice", "/visitors")


async def test_the_counts_read_in_chinese(world: World, client: TestClient) -> None:
    await world.say("alice", "/start")
    resp = await client.get("/z/alice?lang=zh")  # sets the language, then shows the page
    status, body = resp.status, await resp.text()
    assert status == 200
    assert "<dt>今日访问</dt><dd>0</dd>" in body and "<dt>总访问量</dt><dd>0</dd>" in body
