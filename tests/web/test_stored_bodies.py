"""A post's body is rendered to HTML once, as it is written or edited, and stored with it (posts.body_html):
the web shows the stored HTML, and a post without it (written before migration 0020, or with no renderer
wired) is rendered when shown, to the very same HTML. Reading never writes it."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text

from adapters.web import markdown
from adapters.web.urls import PATHS
from tests.builders import World
from tests.web.conftest import page, sign_in

ARTICLE = re.compile(r'<article class="card post.*?</article>', re.S)
TOKEN = re.compile(r'name="csrf" value="[^"]+"')
EVIL = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"


async def _stored(world: World) -> dict[int, tuple[str, str | None]]:
    async with world.db.engine.connect() as conn:
        rows = await conn.execute(text("SELECT id, body, body_html FROM posts ORDER BY id"))
        return {r[0]: (r[1], r[2]) for r in rows}


async def _cards(world: World, paths: list[str], viewer: str | None) -> list[str]:
    """Every post card on `paths` as `viewer` reads them, from a web app of its own (its card cache empty);
    the form tokens, which are the session's, left out."""
    async with TestClient(TestServer(world.runtime.web_app(page_ttl=0))) as client:
        await sign_in(client, world, viewer)
        out = []
        for path in paths:
            status, html = await page(client, path)
            assert status == 200, (path, html)
            out += [TOKEN.sub('name="csrf"', card) for card in ARTICLE.findall(html)]
        return out


async def _zone(web_world: World) -> tuple[World, list[str]]:
    world = web_world
    await world.befriend("alice", "bob")
    shared = await world.post_id("bob", "/post public **bold** news from bob")
    ids = [
        await world.post_id("alice", "/post public plain words, no markup at all"),
        await world.post_id("alice", f"/post friends # A heading\n\n- *one*\n- `two`\n\n[link](https://example.org) "
                                     f"{EVIL}"),
        await world.post_id("alice", "/blog public A long read | ## Chapter\n\nWith *emphasis*, a | b\n\n"
                                     "| x | y |\n|---|---|\n| 1 | 2 |"),
        await world.post_id("alice", f"/share {shared} look: _this_"),
    ]
    await world.says("alice", f"/edit {ids[0]} now **edited** with markup")
    return world, ["/z/alice", *(PATHS.post("alice", i) for i in ids), PATHS.post("bob", shared)]


async def test_the_html_is_stored_as_posts_are_written_and_edited_and_is_what_the_renderer_makes(
    web_world: World,
) -> None:
    world, _ = await _zone(web_world)
    stored = await _stored(world)
    assert len(stored) == 5
    for body, html in stored.values():
        assert html == markdown.STAMP + markdown.render(body), body
    assert "<strong>edited</strong>" in stored[2][1]  # the edit's text, not the first one's
    assert all(not any(bad in (html or "") for bad in ("<script", "<img", 'href="javascript'))
               for _, html in stored.values())  # sanitized as the web's renderer sanitizes


async def test_a_card_is_the_same_html_whether_its_body_was_stored_or_is_rendered_when_shown(
    web_world: World,
) -> None:
    world, paths = await _zone(web_world)
    assert all(html is not None for _, html in (await _stored(world)).values())
    kept = {viewer: await _cards(world, paths if viewer else paths[:1], viewer) for viewer in ("bob", "alice", None)}
    assert all(kept.values()) and len(kept["bob"]) >= 9
    async with world.db.engine.begin() as conn:  # as rows written before migration 0020 are
        await conn.execute(text("UPDATE posts SET body_html = NULL"))
    rendered = {viewer: await _cards(world, paths if viewer else paths[:1], viewer) for viewer in ("bob", "alice", None)}
    assert rendered == kept
    # Reading renders what has no HTML for the page, and stores nothing: a read request never writes.
    assert all(html is None for _, html in (await _stored(world)).values())


async def test_the_web_shows_the_stored_html_without_rendering_the_body_again(web_world: World) -> None:
    world = web_world
    pid = await world.post_id("alice", "/post public what was written")
    async with world.db.engine.begin() as conn:
        await conn.execute(text("UPDATE posts SET body_html = :html WHERE id = :id"),
                           {"id": pid, "html": markdown.STAMP + "<p>what was stored</p>"})
    [card] = await _cards(world, [PATHS.post("alice", pid)], None)
    assert "<p>what was stored</p>" in card and "what was written" not in card and "<!--" not in card


async def test_html_stored_under_other_rules_is_never_shown_and_the_body_is_rendered_afresh(web_world: World) -> None:
    # A change to the renderer's rules (a sanitizer fix) bumps markdown.RULES: what was stored before is ignored.
    world = web_world
    pid = await world.post_id("alice", "/post public what was *written*")
    for old in ("<p>made before 0020 stamps</p>", "<!--md0--><p>made under older rules</p>"):
        async with world.db.engine.begin() as conn:
            await conn.execute(text("UPDATE posts SET body_html = :html WHERE id = :id"), {"id": pid, "html": old})
        [card] = await _cards(world, [PATHS.post("alice", pid)], None)
        assert "what was <em>written</em>" in card and "made" not in card


async def test_without_a_renderer_posts_are_stored_without_html_and_an_edit_never_keeps_the_old_texts(
    web_world: World,
) -> None:
    world = web_world
    pid = await world.post_id("alice", "/post public the **first** text")
    bare = await World.start(world.db, render_body=None)  # a platform wired without one
    try:
        await bare.says("alice", f"/edit {pid} the *second* text")
        other = await bare.post_id("alice", "/post public written *bare*")
    finally:
        await bare.close()
    stored = await _stored(world)
    assert stored[pid] == ("the *second* text", None) and stored[other] == ("written *bare*", None)
    [card] = await _cards(world, [PATHS.post("alice", pid)], None)
    assert "the <em>second</em> text" in card and "first" not in card
    await world.says("alice", f"/edit {other} written **again**")
    assert (await _stored(world))[other] == ("written **again**", markdown.for_storage("written **again**"))
