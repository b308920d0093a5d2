"""The web view on the real handler stack and a real database, driven by aiohttp's test client."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from tests.builders import World

LINK = re.compile(r"http://zone\.test(/z/[a-z0-9_]+(?:/feed\.atom)?\?t=[A-Za-z0-9_\-.]+)")


@pytest.fixture
def web_world(world: World) -> World:
    return world


@pytest.fixture
async def client(web_world: World) -> AsyncIterator[TestClient]:
    """The web view exactly as `openzone run` serves it (page cache included: it ages on the test clock)."""
    async with TestClient(TestServer(web_world.runtime.web_app())) as c:
        yield c


async def zone_link(world: World, viewer: str, owner: str = "") -> str:
    """The personal link (path and token) `viewer` gets from the bot's /zone."""
    answer = await world.says(viewer, f"/zone {owner}".strip())
    links = LINK.findall(answer)
    assert links, answer
    return links[0]


async def feed_link(world: World, viewer: str, owner: str) -> str:
    answer = await world.says(viewer, f"/zone {owner}")
    return [link for link in LINK.findall(answer) if "feed.atom" in link][0]


async def sign_in(client: TestClient, world: World, viewer: str | None) -> None:
    """Become `viewer` in this client (None: an anonymous stranger) by opening their own zone link."""
    client.session.cookie_jar.clear()
    if viewer is None:
        return
    resp = await client.get(await zone_link(world, viewer), allow_redirects=False)
    assert resp.status == 303, await resp.text()


async def page(client: TestClient, path: str) -> tuple[int, str]:
    resp: ClientResponse = await client.get(path, allow_redirects=False)
    return resp.status, await resp.text()
