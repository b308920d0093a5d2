"""Signed links become session cookies; expired, tampered or revoked ones fall back to the public view."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from adapters.web import COOKIE
from adapters.web.session import BAD_LINK, BAD_SESSION
from tests.builders import World
from tests.web.conftest import page, zone_link


async def _alice_and_bob(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.say("alice", "/post friends for friends only")
    await world.say("alice", "/post public for everyone")


async def test_a_link_sets_a_strict_cookie_and_redirects_to_the_clean_url(web_world: World, client: TestClient) -> None:
    await _alice_and_bob(web_world)
    resp = await client.get(await zone_link(web_world, "bob", "alice"), allow_redirects=False)
    assert resp.status == 303
    assert resp.headers["Location"] == "/z/alice"
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    cookie = resp.cookies[COOKIE]
    assert (cookie["httponly"], cookie["samesite"], cookie["path"], cookie["secure"]) == (True, "Lax", "/", "")
    status, text = await page(client, "/z/alice")
    assert status == 200
    assert "for friends only" in text and "Viewing as <a href=\"/z/bob\">@bob</a>" in text


async def test_the_cookie_is_secure_when_the_site_is_served_over_https(web_world: World) -> None:
    from aiohttp.test_utils import TestServer

    from openzone.settings import Site
    from tests.builders import settings_for

    # The same site configured with an https:// public URL, as an operator behind TLS would.
    https_world = await World.start(web_world.db, settings_for(web_world.db, site=Site(public_url="https://zone.test")))
    await _alice_and_bob(https_world)
    link = (await https_world.says("bob", "/zone alice")).split("https://zone.test", 1)[1].split()[0]
    async with TestClient(TestServer(https_world.runtime.web_app())) as https_client:
        resp = await https_client.get(link, allow_redirects=False)
        assert resp.cookies[COOKIE]["secure"] is True
        assert resp.headers["Strict-Transport-Security"] == "max-age=31536000"


async def test_a_tampered_link_shows_the_public_view_with_a_notice(web_world: World, client: TestClient) -> None:
    await _alice_and_bob(web_world)
    link = await zone_link(web_world, "bob", "alice")
    body, sig = link.split("?t=")[1].split(".")
    forged = f"/z/alice?t={body[:-2]}AA.{sig}"
    status, text = await page(client, forged)
    assert status == 200
    assert "for everyone" in text and "for friends only" not in text
    assert BAD_LINK in text
    assert COOKIE not in client.session.cookie_jar.filter_cookies(client.make_url("/"))


async def test_an_expired_link_shows_the_public_view_with_a_notice(web_world: World, client: TestClient) -> None:
    await _alice_and_bob(web_world)
    link = await zone_link(web_world, "bob", "alice")
    web_world.clock.advance(days=8)
    status, text = await page(client, link)
    assert (status, BAD_LINK in text, "for friends only" in text) == (200, True, False)


async def test_an_expired_session_falls_back_to_the_public_view_and_is_cleared(
    web_world: World, client: TestClient,
) -> None:
    await _alice_and_bob(web_world)
    await client.get(await zone_link(web_world, "bob", "alice"), allow_redirects=False)
    web_world.clock.advance(days=31)
    resp = await client.get("/z/alice")
    text = await resp.text()
    assert (BAD_SESSION in text, "for friends only" in text) == (True, False)
    assert resp.cookies[COOKIE].value == ""


async def test_zone_revoke_ends_links_and_sessions_already_handed_out(web_world: World, client: TestClient) -> None:
    await _alice_and_bob(web_world)
    unused = await zone_link(web_world, "bob", "alice")
    await client.get(await zone_link(web_world, "bob", "alice"), allow_redirects=False)
    assert "for friends only" in (await page(client, "/z/alice"))[1]
    assert "stops working" in await web_world.says("bob", "/zone revoke")
    status, text = await page(client, "/z/alice")
    assert (status, BAD_SESSION in text, "for friends only" in text) == (200, True, False)
    client.session.cookie_jar.clear()
    status, text = await page(client, unused)
    assert (status, BAD_LINK in text, "for friends only" in text) == (200, True, False)
    # A fresh link after the revoke works again.
    resp = await client.get(await zone_link(web_world, "bob", "alice"), allow_redirects=False)
    assert resp.status == 303
    assert "for friends only" in (await page(client, "/z/alice"))[1]


async def test_a_session_cookie_cannot_be_used_as_a_link_or_the_other_way_round(
    web_world: World, client: TestClient,
) -> None:
    await _alice_and_bob(web_world)
    link = await zone_link(web_world, "bob", "alice")
    client.session.cookie_jar.update_cookies({COOKIE: link.split("?t=")[1]})
    status, text = await page(client, "/z/alice")
    assert (status, BAD_SESSION in text, "for friends only" in text) == (200, True, False)
