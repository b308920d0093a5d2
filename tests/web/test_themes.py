"""The owner's theme dresses every page of their zone for every visitor; the shop previews themes live."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from adapters import web
from core.contrast import too_low
from tests.builders import World
from tests.integration.test_wallet_ledger import buy_button, grant
from tests.web.conftest import page, sign_in

THEME_LINK = re.compile(r'<link rel="stylesheet" href="(/themes/midnight\.[0-9a-f]{12}\.css)">')
VIEWERS = ["alice", "bob", "erin", None]  # owner, friend, stranger with an account, anonymous


async def _dress(world: World, theme: str = "midnight", music: str | None = None) -> None:
    await grant(world, "alice", 1000)
    await world.press("alice", await buy_button(world, "alice", theme))
    assert "Your zone now wears" in await world.says("alice", f"/theme {theme}")
    if music:
        await world.press("alice", await buy_button(world, "alice", music))
        await world.say("alice", f"/music {music}")
    await world.befriend("alice", "bob")
    await world.say("erin", "/start")


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_every_page_of_the_zone_wears_the_owners_theme_for_every_viewer(
    web_world: World, client: TestClient, viewer: str | None,
) -> None:
    await _dress(web_world)
    post = await web_world.post_id("alice", "/post public hello in midnight")
    await sign_in(client, web_world, viewer)
    for path in ("/z/alice", f"/z/alice/p/{post}", "/z/alice/blog", "/z/alice/friends"):
        status, text = await page(client, path)
        assert status == 200, path
        assert len(THEME_LINK.findall(text)) == 1, path


async def test_the_theme_stylesheet_carries_the_palette_and_is_cached_for_a_year(
    web_world: World, client: TestClient,
) -> None:
    await _dress(web_world)
    _, text = await page(client, "/z/alice")
    [href] = THEME_LINK.findall(text)
    resp = await client.get(href)
    css = await resp.text()
    assert resp.status == 200
    assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert resp.headers["Content-Type"] == "text/css; charset=utf-8"
    assert "--oz-bg: #0b1026;" in css and '<meta name="color-scheme" content="dark">' in text
    assert ".posts { grid-template-columns" in css  # the magazine layout
    assert (await client.get("/themes/midnight.000000000000.css")).status == 404


async def test_a_zone_without_a_theme_links_no_theme_and_theme_off_takes_it_away(
    web_world: World, client: TestClient,
) -> None:
    await web_world.say("alice", "/start")
    _, plain_page = await page(client, "/z/alice")
    assert "/themes/" not in plain_page
    await _dress(web_world)
    await web_world.say("alice", "/theme off")
    _, text = await page(client, "/z/alice")
    assert THEME_LINK.findall(text) == []


async def test_a_closed_zone_shows_nothing_of_its_theme_or_music(web_world: World, client: TestClient) -> None:
    await _dress(web_world, music="lullaby")
    await web_world.say("alice", "/privacy zone friends")
    await sign_in(client, web_world, "erin")
    status, text = await page(client, "/z/alice")
    assert status == 403
    assert "/themes/" not in text and "<audio" not in text


async def test_the_music_player_waits_for_the_visitor_to_press_play(web_world: World, client: TestClient) -> None:
    await _dress(web_world, music="lullaby")
    _, text = await page(client, "/z/alice")
    [audio] = re.findall(r"<audio[^>]*>", text)
    assert audio == ('<audio controls preload="none" src="/themes/music/lullaby.wav" '
                     'aria-label="Background music: Lullaby in C">')
    assert "autoplay" not in text
    # A credit a visitor can read: who made it and the licence, never a file of ours.
    assert "♪ “Lullaby in C” — OpenZone contributors (CC0 1.0, public domain)" in text
    assert "make_tracks" not in text and ".py" not in text
    resp = await client.get("/themes/music/lullaby.wav")
    assert (resp.status, resp.headers["Content-Type"]) == (200, "audio/wav")
    assert (await resp.read())[:4] == b"RIFF"
    assert "media-src 'self'" in resp.headers["Content-Security-Policy"]


async def test_the_shop_page_shows_every_theme_as_a_live_preview(web_world: World, client: TestClient) -> None:
    status, text = await page(client, "/shop")
    assert status == 200
    themes = re.findall(r'<article class="swatch t-([a-z_]+)"', text)
    assert len(themes) >= 8 and "sakura" in themes
    [sheet] = re.findall(r'href="(/themes/_shop\.[0-9a-f]{12}\.css)"', text)
    css = await (await client.get(sheet)).text()
    assert all(f".t-{t} {{" in css for t in themes)
    assert ' style="' not in text  # the CSP allows no inline styles
    players = re.findall(r"<audio[^>]*>", text)
    assert len(players) >= 3 and all('aria-label="Listen to “' in p for p in players)  # each player is named


async def test_a_preview_renders_a_sample_zone_in_that_theme(web_world: World, client: TestClient) -> None:
    status, text = await page(client, "/shop/preview/sakura")
    assert status == 200
    assert re.search(r'href="/themes/sakura\.[0-9a-f]{12}\.css"', text)
    assert "Sakura preview" in text and "/buy sakura" in text
    assert (await page(client, "/shop/preview/lullaby"))[0] == 404  # music is not a theme
    assert (await page(client, "/shop/preview/nosuch"))[0] == 404
    png = await client.get("/shop/preview/sakura.png")
    assert (png.status, png.headers["Content-Type"]) == (200, "image/png")


def test_the_house_look_meets_wcag_aa_contrast_in_light_and_dark() -> None:
    css = (Path(web.__file__).parent / "static" / "app.css").read_text()
    light = css.split("@media (prefers-color-scheme: dark)")[0]
    dark = css.split("@media (prefers-color-scheme: dark)")[1].split("\n}\n")[0]
    palettes = [dict(re.findall(r"--oz-([a-z-]+): (#[0-9a-f]{3,8});", block)) for block in (light, dark)]
    dark_palette = {**palettes[0], **palettes[1]}  # the dark block overrides the light one
    assert len(palettes[0]) >= 12
    assert (too_low(palettes[0]), too_low(dark_palette)) == ([], [])
