"""`openzone run`'s web part serves pages and bot webhooks; the page cache never crosses viewers."""

from __future__ import annotations

import socket
from collections.abc import Mapping
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestClient, TestServer

from openzone.config import DatabaseSettings, Settings, Site, Web
from openzone.bootstrap import bootstrap
from openzone.parts import Wiring
from openzone.wiring_web import build
from tests.builders import World
from tests.web.conftest import page, sign_in


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_the_web_part_serves_zones_and_routes_added_by_parts_built_before_it(
    sqlite_db: object, tmp_path: Path,
) -> None:
    port = _free_port()
    settings = Settings(site=Site(public_url=f"http://127.0.0.1:{port}"), web=Web(port=port),
                        database=DatabaseSettings(url=f"sqlite+aiosqlite:///{tmp_path / 'oz.db'}"), data_dir=tmp_path)
    runtime = await bootstrap(settings)
    wiring = Wiring(runtime)
    part = build(wiring)

    async def hook(headers: Mapping[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        return 200, {"X-Seen": headers.get("X-Token", "")}, body[::-1]

    # Added after build(), as a bot part built earlier in the same run could: read at start().
    wiring.routes.append(("POST", "/telegram/webhook", hook))
    await part.start()
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
                assert (resp.status, await resp.text()) == (200, "ok")
            async with http.post(f"http://127.0.0.1:{port}/telegram/webhook", data=b"abc",
                                 headers={"X-Token": "s3"}) as resp:
                assert (resp.status, resp.headers["X-Seen"], await resp.read()) == (200, "s3", b"cba")
            async with http.get(f"http://127.0.0.1:{port}/z/nobody") as resp:
                assert resp.status == 404
    finally:
        await part.stop()
        await runtime.close()


async def test_cached_pages_are_kept_per_viewer_and_never_shown_to_anyone_else(web_world: World) -> None:
    await web_world.befriend("alice", "bob")
    await web_world.say("alice", "/post friends only for friends")
    await web_world.say("alice", "/post public for all")
    async with TestClient(TestServer(web_world.runtime.web_app(page_ttl=60))) as client:
        status, stranger = await page(client, "/z/alice")
        assert (status, "only for friends" in stranger) == (200, False)
        await sign_in(client, web_world, "bob")
        status, friend = await page(client, "/z/alice")
        assert (status, "only for friends" in friend) == (200, True)
        client.session.cookie_jar.clear()
        status, again = await page(client, "/z/alice")
        assert again == stranger
        # Within the TTL the same viewer may get the page they already saw...
        await web_world.say("alice", "/post public brand new")
        assert "brand new" not in (await page(client, "/z/alice"))[1]
        # ...but a different session of the same person gets a fresh one.
        await sign_in(client, web_world, "bob")
        assert "brand new" in (await page(client, "/z/alice"))[1]
        etag = (await client.get("/z/alice")).headers["ETag"]
        assert (await client.get("/z/alice", headers={"If-None-Match": etag})).status == 304
