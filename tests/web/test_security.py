"""Security headers, conditional GETs and long-lived static files."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from tests.builders import World
from tests.web.conftest import sign_in, zone_link


@pytest.mark.parametrize("path", ["/", "/z/alice", "/z/alice/p/1", "/z/nobody", "/z/alice?before=x", "/healthz"])
async def test_every_response_carries_the_security_headers(web_world: World, client: TestClient, path: str) -> None:
    await web_world.say("alice", "/post public hi")
    resp = await client.get(path)
    csp = resp.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src" not in csp and "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Referrer-Policy"] == "no-referrer"


async def test_pages_reached_by_token_links_send_no_referrer(web_world: World, client: TestClient) -> None:
    await web_world.befriend("alice", "bob")
    resp = await client.get(await zone_link(web_world, "bob", "alice"))
    assert resp.status == 200
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    assert [r.headers["Referrer-Policy"] for r in resp.history] == ["no-referrer"]


async def test_zone_and_post_pages_answer_conditional_gets_with_304(web_world: World, client: TestClient) -> None:
    pid = await web_world.post_id("alice", "/post public hello")
    for path in ("/z/alice", f"/z/alice/p/{pid}"):
        first = await client.get(path)
        etag = first.headers["ETag"]
        again = await client.get(path, headers={"If-None-Match": etag})
        assert (again.status, await again.read(), again.headers["ETag"]) == (304, b"", etag)
        assert first.headers["Cache-Control"] == "private, no-cache" and first.headers["Vary"] == "Accept-Language, Cookie"
    await web_world.say("bob", f"/comment {pid} new comment")
    changed = await client.get(f"/z/alice/p/{pid}", headers={"If-None-Match": etag})
    assert changed.status == 200


async def test_the_etag_differs_between_viewers_who_see_different_things(web_world: World, client: TestClient) -> None:
    await web_world.befriend("alice", "bob")
    await web_world.say("alice", "/post friends for bob")
    stranger = (await client.get("/z/alice")).headers["ETag"]
    await sign_in(client, web_world, "bob")
    friend = await client.get("/z/alice", headers={"If-None-Match": stranger})
    assert friend.status == 200 and "for bob" in await friend.text()


async def test_the_stylesheet_has_a_hashed_name_and_a_year_long_cache(client: TestClient) -> None:
    home = await (await client.get("/")).text()
    href = home.split('rel="stylesheet" href="')[1].split('"')[0]
    assert href.startswith("/static/app.") and href.endswith(".css") and len(href) == len("/static/app..css") + 12
    css = await client.get(href)
    assert css.status == 200 and css.headers["Content-Type"] == "text/css; charset=utf-8"
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "--oz-accent" in await css.text()
    assert (await client.get("/static/app.0000.css")).status == 404


async def test_pages_are_read_only(client: TestClient) -> None:
    resp = await client.post("/z/alice", data=b"x")
    assert resp.status == 405
    assert "This page can only be read." in await resp.text()
