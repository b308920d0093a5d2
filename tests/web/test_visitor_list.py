"""The owner's visitors on the web: a Visitors tab and page for the owner alone, newest first, with times."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from tests.builders import World
from tests.web.conftest import page, sign_in, zone_link


async def _visited(world: World, client: TestClient) -> None:
    await world.befriend("alice", "bob")
    await world.say("carol", "/start")
    for who in ("bob", "carol"):
        await client.get(await zone_link(world, who, "alice"), allow_redirects=False)
        await page(client, "/z/alice")  # the visit is the zone page seen signed in
        world.clock.advance(seconds=3600)


async def test_the_owner_sees_their_visitors_newest_first_with_times(web_world: World, client: TestClient) -> None:
    await _visited(web_world, client)
    await sign_in(client, web_world, "alice")
    status, text = await page(client, "/z/alice/visitors")
    assert status == 200
    assert text.index("<small>@carol") < text.index("<small>@bob")
    assert text.count("<time datetime=") == 2
    assert '<a href="/z/alice/visitors" aria-current="page">Visitors</a>' in text
    assert 'href="/z/alice/visitors"' in (await page(client, "/z/alice"))[1]  # the tab on her own zone


@pytest.mark.parametrize("viewer", ["bob", "carol", None])
async def test_anyone_but_the_owner_gets_the_same_404_as_a_missing_page(
    web_world: World, client: TestClient, viewer: str | None,
) -> None:
    await _visited(web_world, client)
    await sign_in(client, web_world, viewer)
    status, text = await page(client, "/z/alice/visitors")
    assert (status, text) == await page(client, "/z/alice/nosuchpage")
    assert status == 404 and "@bob" not in text
    assert "/visitors" not in (await page(client, "/z/alice"))[1]  # no tab either


async def test_a_blocked_visitor_is_not_listed(web_world: World, client: TestClient) -> None:
    await _visited(web_world, client)
    await web_world.say("alice", "/block carol")
    await sign_in(client, web_world, "alice")
    text = (await page(client, "/z/alice/visitors"))[1]
    assert "<small>@bob" in text and "@carol" not in text


async def test_the_visitors_page_reads_in_chinese(web_world: World, client: TestClient) -> None:
    await _visited(web_world, client)
    await web_world.say("alice", "/lang zh")
    await sign_in(client, web_world, "alice")
    text = (await page(client, "/z/alice/visitors"))[1]
    assert "最近访客" in text and ">访客</a>" in text
