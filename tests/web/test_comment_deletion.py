"""Deleting a comment on the web: its writer and the post's owner see a Delete button, which runs chat's
`/delete cID` (core.posts.comments.delete_comment, the same guard); nobody else sees one, and a request
from anyone else — forged, stale, anonymous, revoked, blocked, banned — changes nothing."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient

from tests.builders import World
from tests.web.conftest import page, sign_in
from tests.web.test_interaction import post_form, tampered, state, token_on

DELETE = re.compile(r'action="/z/alice/p/(\d+)/c/(\d+)/delete"')


async def _stage(world: World) -> tuple[int, int, int]:
    """alice's post with bob's comment and carol's reply under it: (post, bob's comment, carol's reply)."""
    await world.befriend("alice", "bob")
    await world.befriend("alice", "carol")
    pid = await world.post_id("alice", "/post friends hello friends")
    [bob] = re.findall(r"^c(\d+) Comment added", await world.says("bob", f"/comment {pid} first!"))
    [carol] = re.findall(r"^c(\d+) Reply added", await world.says("carol", f"/reply c{bob} second"))
    await world.deliver()
    return pid, int(bob), int(carol)


async def deletable(client: TestClient, path: str) -> set[int]:
    """The comments the page offers this visitor a Delete button for."""
    status, body = await page(client, path)
    assert status == 200, body
    return {int(c) for _p, c in DELETE.findall(body)}


async def test_the_writer_and_the_owner_see_delete_and_nobody_else_does(web_world: World, client: TestClient) -> None:
    world = web_world
    pid, bob, carol = await _stage(world)
    await world.befriend("alice", "dave")
    post = f"/z/alice/p/{pid}"
    for who, expected in (("alice", {bob, carol}), ("bob", {bob}), ("carol", {carol}), ("dave", set())):
        await sign_in(client, world, who)
        assert await deletable(client, post) == expected, who
    open_pid = await world.post_id("alice", "/post public out in the open")
    await world.say("bob", f"/comment {open_pid} hello from bob")
    await sign_in(client, world, None)
    status, body = await page(client, f"/z/alice/p/{open_pid}")
    assert status == 200 and "hello from bob" in body and not DELETE.findall(body)


async def test_the_writer_deletes_their_comment_with_its_replies_and_is_told(web_world: World, client: TestClient) -> None:
    world = web_world
    pid, bob, carol = await _stage(world)
    post = f"/z/alice/p/{pid}"
    await sign_in(client, world, "bob")
    csrf = await token_on(client, post)
    resp = await post_form(client, f"{post}/c/{bob}/delete", csrf=csrf, next=post + "#comments")
    assert (resp.status, resp.headers["Location"]) == (303, post + "#comments")
    body = (await page(client, post))[1]
    assert "first!" not in body and "second" not in body
    assert '<div class="notice notice-done" role="status"><p>Deleted.</p></div>' in body
    assert (await state(world))["comments"] == 0
    assert "no comment c" in (await world.says("bob", f"/delete c{bob}")).lower()  # chat agrees it is gone


async def test_the_owner_deletes_a_reply_on_her_post(web_world: World, client: TestClient) -> None:
    world = web_world
    pid, bob, carol = await _stage(world)
    post = f"/z/alice/p/{pid}"
    await sign_in(client, world, "alice")
    csrf = await token_on(client, post)
    resp = await post_form(client, f"{post}/c/{carol}/delete", csrf=csrf, next=f"{post}#c{bob}")
    assert (resp.status, resp.headers["Location"]) == (303, f"{post}#c{bob}")
    body = (await page(client, post))[1]
    assert "second" not in body and "first!" in body
    assert (await state(world))["comments"] == 1


async def test_a_strangers_forged_delete_changes_nothing(web_world: World, client: TestClient) -> None:
    world = web_world
    pid, bob, carol = await _stage(world)
    post = f"/z/alice/p/{pid}"
    await sign_in(client, world, "carol")  # a friend of the owner with her own valid token, but not bob's comment
    csrf = await token_on(client, post)
    before = await state(world)
    resp = await post_form(client, f"{post}/c/{bob}/delete", csrf=csrf)
    assert resp.status == 403 and "is not yours" in await resp.text()
    # Nor under another post's address, nor a comment that isn't there.
    other = await world.post_id("alice", "/post friends another")
    before = await state(world)
    for path in (f"/z/alice/p/{other}/c/{carol}/delete", f"{post}/c/999999/delete"):
        resp = await post_form(client, path, csrf=csrf)
        assert resp.status == 404, path
    assert await state(world) == before
    assert "second" in (await page(client, post))[1]


async def test_a_missing_or_wrong_token_anonymous_or_revoked_changes_nothing(web_world: World, client: TestClient) -> None:
    world = web_world
    pid, bob, _carol = await _stage(world)
    path = f"/z/alice/p/{pid}/c/{bob}/delete"
    await sign_in(client, world, "alice")
    alice_csrf = await token_on(client, f"/z/alice/p/{pid}")  # the owner's token: not bob's
    await sign_in(client, world, "bob")
    csrf = await token_on(client, f"/z/alice/p/{pid}")
    before = await state(world)
    for data in ({}, {"csrf": ""}, {"csrf": tampered(csrf)}, {"csrf": alice_csrf}):
        resp = await post_form(client, path, **data)
        assert resp.status == 403 and "nothing was changed" in await resp.text()
    resp = await client.post(path, data={"csrf": csrf}, allow_redirects=False, headers={"Origin": "https://evil.test"})
    assert resp.status == 403
    await sign_in(client, world, None)
    resp = await post_form(client, path, csrf=csrf)
    assert resp.status == 403 and "Send /zone to the bot" in await resp.text()
    assert await state(world) == before
    await sign_in(client, world, "bob")
    csrf = await token_on(client, f"/z/alice/p/{pid}")
    await world.say("bob", "/zone revoke")
    before = await state(world)
    resp = await post_form(client, path, csrf=csrf)
    assert resp.status == 403 and "expired or was revoked" in await resp.text()
    assert await state(world) == before


async def test_a_blocked_or_banned_writer_cannot_delete_and_nothing_changes(web_world: World, client: TestClient) -> None:
    world = web_world
    pid, bob, carol = await _stage(world)
    post = f"/z/alice/p/{pid}"
    await sign_in(client, world, "bob")
    csrf = await token_on(client, post)
    await world.say("alice", "/block bob")
    await world.deliver()
    before = await state(world)
    resp = await post_form(client, f"{post}/c/{bob}/delete", csrf=csrf)
    assert resp.status in (403, 404) and "Traceback" not in await resp.text()
    assert await state(world) == before
    await sign_in(client, world, "carol")
    csrf = await token_on(client, post)
    await world.say("admin", "/mod ban carol spam")
    await world.deliver()
    before = await state(world)
    resp = await post_form(client, f"{post}/c/{carol}/delete", csrf=csrf)
    assert resp.status == 403 and "banned" in await resp.text()
    assert await state(world) == before


async def test_deleting_speaks_the_readers_language(web_world: World, client: TestClient) -> None:
    world = web_world
    pid, bob, _carol = await _stage(world)
    await world.say("bob", "/lang zh")
    await sign_in(client, world, "bob")
    post = f"/z/alice/p/{pid}"
    body = (await page(client, post))[1]
    assert "删除<span" in body
    csrf = await token_on(client, post)
    resp = await post_form(client, f"{post}/c/{bob}/delete", csrf=csrf)
    assert resp.status == 303
    assert "<p>已删除。</p>" in (await page(client, post))[1]


async def test_a_comments_delete_form_sits_with_it_before_its_replies(web_world: World, client: TestClient) -> None:
    world = web_world
    pid, bob, carol = await _stage(world)
    post = f"/z/alice/p/{pid}"
    for who in ("alice", "bob"):
        await sign_in(client, world, who)
        body = (await page(client, post))[1]
        own_body = body.index('<p class="comment-text">first!</p>')
        delete = body.index(f'action="{post}/c/{bob}/delete"')
        reply = body.index(f'<li class="comment" id="c{carol}">')
        assert own_body < delete < reply, who
    # The reply's own form sits after the reply's body, inside its item.
    await sign_in(client, world, "carol")
    body = (await page(client, post))[1]
    reply, reply_body = body.index(f'id="c{carol}"'), body.index('<p class="comment-text">second</p>')
    assert reply < reply_body < body.index(f'action="{post}/c/{carol}/delete"') < body.index("</ol>", reply)
