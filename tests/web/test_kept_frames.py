"""A zone page is kept whole but for its holes (adapters.web.fragments.Frames), and shared by everyone it looks
the same to: yet each reader gets their own top bar, cards and cursor, and anything the frame's key doesn't
cover fails loudly instead of showing what was kept for someone else."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.web.fragments import Absent, Only
from tests.builders import World
from tests.web.conftest import page, sign_in

TOKEN = re.compile(r'name="csrf" value="([^"]+)"')


async def test_a_kept_zone_frame_shows_each_reader_their_own_top_bar_token_and_cursor(web_world: World) -> None:
    world = web_world
    await world.befriend("alice", "bob")
    await world.befriend("alice", "carol")
    for n in range(3):
        await world.post_id("alice", f"/post public number {n}")
    async with TestClient(TestServer(world.runtime.web_app(page_ttl=0))) as client:
        await sign_in(client, world, "bob")
        bob = (await page(client, "/z/alice?limit=1"))[1]
        await sign_in(client, world, "carol")
        carol = (await page(client, "/z/alice?limit=1"))[1]
        older = (await page(client, "/z/alice?limit=2"))[1]
        client.session.cookie_jar.clear()
        stranger = (await page(client, "/z/alice?limit=1"))[1]
    assert ("@bob</a>" in bob, "@carol</a>" in bob) == (True, False)
    assert ("@carol</a>" in carol, "@bob</a>" in carol) == (True, False)
    assert TOKEN.findall(bob)[0] != TOKEN.findall(carol)[0]
    assert re.findall(r'\?before=(\d+)', carol) != re.findall(r'\?before=(\d+)', older)
    assert ("Public view" in stranger, 'name="csrf"' in stranger, "@bob" in stranger) == (True, False, False)


def test_what_a_frames_key_does_not_cover_fails_loudly_rather_than_rendering_empty() -> None:
    owner = Only("owner", handle="alice", display_name="Alice")
    assert (owner.handle, owner == Only("owner", handle="alice", display_name="Alice")) == ("alice", True)
    with pytest.raises(RuntimeError):
        owner.bio  # noqa: B018
    with pytest.raises(RuntimeError):
        bool(Absent("viewer"))
    with pytest.raises(RuntimeError):
        Absent("viewer").handle  # noqa: B018


async def test_one_kept_post_frame_serves_every_post_each_with_its_own_title_number_card_and_token(
        web_world: World) -> None:
    world = web_world
    await world.befriend("alice", "bob")
    await world.befriend("alice", "carol")
    blog = await world.post_id("alice", "/blog public Tea & <toast> | A **long** read.")
    note = await world.post_id("alice", "/post public a short note")
    hidden = await world.post_id("alice", "/post friends for friends only")
    await world.says("bob", f"/like {note}")
    async with TestClient(TestServer(world.runtime.web_app(page_ttl=0))) as client:
        await sign_in(client, world, "bob")
        bob_blog, bob_note = (await page(client, f"/z/alice/p/{blog}"))[1], (await page(client, f"/z/alice/p/{note}"))[1]
        await sign_in(client, world, "carol")
        carol_note = (await page(client, f"/z/alice/p/{note}"))[1]
        client.session.cookie_jar.clear()
        stranger = await page(client, f"/z/alice/p/{note}")
        stranger_hidden = (await page(client, f"/z/alice/p/{hidden}"))[0]
    assert "<title>Tea &amp; &lt;toast&gt; · @alice" in bob_blog and "A <strong>long</strong> read." in bob_blog
    assert f"<title>Post #{note} · @alice" in bob_note and f"/comment {note} …" in bob_note
    assert ('value="unlike"' in bob_note, 'value="unlike"' in carol_note) == (True, False)
    assert TOKEN.findall(bob_note)[0] != TOKEN.findall(carol_note)[0]
    assert ("@carol</a>" in carol_note, "@bob</a>" in carol_note) == (True, False)
    assert (stranger[0], 'name="csrf"' in stranger[1], "a short note" in stranger[1], stranger_hidden) == (
        200, False, True, 404)
