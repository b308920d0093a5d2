"""An album photo's page on the web: its likes, likers and comments as core shows them, and for a
signed-in viewer the Like, Comment, Reply and Delete forms — run through the core services chat's
`/like p12`, `/comment p12`, `/reply cID` and `/delete cID` use. A request that isn't the viewer's to
make (no token, another session's, anonymous, revoked, blocked, banned) changes nothing."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient
from sqlalchemy import text as sql

from adapters.web import COOKIE
from tests.builders import World
from tests.images import attachment, photo
from tests.web.conftest import page, sign_in
from tests.web.test_interaction import post_form, tampered, token_on

TABLES = ("photo_likes", "comments", "outbox", "rate_hits")
PHOTO = "/z/alice/photos/1"


async def state(world: World) -> dict[str, int]:
    """The rows a photo form could write: "changes nothing" means all equal."""
    async with world.db.engine.connect() as conn:
        return {t: (await conn.execute(sql(f"SELECT COUNT(*) FROM {t}"))).scalar_one() for t in TABLES}  # noqa: S608


async def _stage(world: World, audience: str = "friends") -> None:
    """alice's album (for `audience`) with one photo, p1; bob is her friend."""
    await world.befriend("alice", "bob")
    await world.say("alice", f"/album new Trip {audience}")
    assert "p1" in await world.says("alice", "#trip the beach", attachments=(attachment(photo()),))
    await world.deliver()


async def test_a_friend_likes_comments_and_replies_and_the_owner_hears_of_each(web_world: World,
                                                                              client: TestClient) -> None:
    world = web_world
    await _stage(world)
    await sign_in(client, world, "bob")
    csrf = await token_on(client, PHOTO)
    resp = await post_form(client, f"{PHOTO}/like", csrf=csrf, do="like", next=PHOTO)
    assert (resp.status, resp.headers["Location"]) == (303, PHOTO)
    body = (await page(client, PHOTO))[1]
    assert 'value="unlike"' in body and "Liked by 1 person" in body and "@bob" in body
    assert '<div class="notice notice-done" role="status"><p>Liked.</p></div>' in body
    assert "p1 👍 Bob (@bob) liked your photo." in await world.notices("alice")
    resp = await post_form(client, f"{PHOTO}/comment", csrf=csrf, text="lovely <b>sea</b>")
    assert (resp.status, resp.headers["Location"]) == (303, PHOTO + "#comments")
    body = (await page(client, PHOTO))[1]
    assert "lovely &lt;b&gt;sea&lt;/b&gt;" in body and 'Comments <span class="count">1</span>' in body
    assert "commented on your photo p1" in await world.notices("alice")
    cid = int(re.findall(r'name="reply_to" value="(\d+)"', body)[0])
    resp = await post_form(client, f"{PHOTO}/comment", csrf=csrf, text="and the sand", reply_to=str(cid),
                           next=f"{PHOTO}#c{cid}")
    assert (resp.status, resp.headers["Location"]) == (303, f"{PHOTO}#c{cid}")
    assert "and the sand" in (await page(client, PHOTO))[1]
    assert "and the sand" in await world.notices("alice")
    resp = await post_form(client, f"{PHOTO}/like", csrf=csrf, do="unlike")
    assert resp.status == 303 and 'value="like"' in (await page(client, PHOTO))[1]
    assert (await state(world))["photo_likes"] == 0
    # Chat sees the same photo: the comments, no likes left.
    shown = await world.says("alice", "/photo show p1")
    assert "👍 0   💬 2" in shown and "and the sand" in shown


async def test_the_album_links_each_photo_to_its_page_and_the_page_shows_its_place(web_world: World,
                                                                                 client: TestClient) -> None:
    world = web_world
    await _stage(world)
    await world.say("alice", "#trip", attachments=(attachment(photo(colour=(9, 9, 9))),))
    await sign_in(client, world, "bob")
    album = (await page(client, "/z/alice/albums/1"))[1]
    assert 'href="/z/alice/photos/1"' in album and 'href="/z/alice/photos/2"' in album
    status, body = await page(client, PHOTO)
    assert status == 200 and "the beach" in body and "1 / 2" in body and 'href="/z/alice/photos/2" rel="next"' in body


async def test_the_owner_deletes_a_comment_on_her_photo_the_writer_his_own_and_nobody_else_any(
        web_world: World, client: TestClient) -> None:
    world = web_world
    await _stage(world)
    await world.befriend("alice", "carol")
    [bob] = re.findall(r"^c(\d+) Comment added", await world.says("bob", "/comment p1 from bob"))
    [carol] = re.findall(r"^c(\d+) Comment added", await world.says("carol", "/comment p1 from carol"))
    await world.deliver()
    await sign_in(client, world, "carol")
    body = (await page(client, PHOTO))[1]
    assert set(re.findall(r'action="/z/alice/photos/1/c/(\d+)/delete"', body)) == {carol}
    csrf = await token_on(client, PHOTO)
    before = await state(world)
    resp = await post_form(client, f"{PHOTO}/c/{bob}/delete", csrf=csrf)
    assert resp.status == 403 and "is not yours" in await resp.text() and await state(world) == before
    assert (await post_form(client, f"{PHOTO}/c/{carol}/delete", csrf=csrf)).status == 303
    await sign_in(client, world, "alice")
    body = (await page(client, PHOTO))[1]
    assert set(re.findall(r'action="/z/alice/photos/1/c/(\d+)/delete"', body)) == {bob}
    csrf = await token_on(client, PHOTO)
    assert (await post_form(client, f"{PHOTO}/c/{bob}/delete", csrf=csrf)).status == 303
    assert (await state(world))["comments"] == 0


async def test_an_anonymous_visitor_sees_the_photo_and_how_to_get_a_link_but_cannot_post(
        web_world: World, client: TestClient) -> None:
    world = web_world
    await _stage(world, "public")
    await world.say("bob", "/comment p1 hello from bob")
    await sign_in(client, world, None)
    status, body = await page(client, PHOTO)
    assert status == 200 and "hello from bob" in body and "<form" not in body and "/zone alice" in body
    before = await state(world)
    for path, data in ((f"{PHOTO}/like", {"do": "like"}), (f"{PHOTO}/comment", {"text": "hi"}),
                       (f"{PHOTO}/c/1/delete", {})):
        resp = await post_form(client, path, csrf="x", **data)
        assert resp.status == 403 and "Send /zone to the bot" in await resp.text(), path
    assert await state(world) == before


async def test_a_missing_or_wrong_token_or_a_foreign_origin_changes_nothing(web_world: World,
                                                                            client: TestClient) -> None:
    world = web_world
    await _stage(world)
    await world.befriend("alice", "carol")
    await sign_in(client, world, "carol")
    carol_csrf = await token_on(client, PHOTO)
    await sign_in(client, world, "bob")
    csrf = await token_on(client, PHOTO)
    before = await state(world)
    for data in ({}, {"csrf": ""}, {"csrf": tampered(csrf)}, {"csrf": carol_csrf}):
        for path, extra in ((f"{PHOTO}/like", {"do": "like"}), (f"{PHOTO}/comment", {"text": "x"})):
            resp = await post_form(client, path, **data, **extra)
            assert resp.status == 403 and "nothing was changed" in await resp.text(), path
    resp = await client.post(f"{PHOTO}/like", data={"csrf": csrf, "do": "like"}, allow_redirects=False,
                             headers={"Origin": "https://evil.test"})
    assert resp.status == 403
    assert await state(world) == before


async def test_after_zone_revoke_the_old_session_changes_nothing(web_world: World, client: TestClient) -> None:
    world = web_world
    await _stage(world)
    await sign_in(client, world, "bob")
    csrf = await token_on(client, PHOTO)
    await world.say("bob", "/zone revoke")
    before = await state(world)
    resp = await post_form(client, f"{PHOTO}/like", csrf=csrf, do="like")
    assert resp.status == 403 and "expired or was revoked" in await resp.text()
    assert resp.cookies[COOKIE].value == ""
    assert await state(world) == before


async def test_a_blocked_or_banned_person_is_refused_and_nothing_changes(web_world: World, client: TestClient) -> None:
    world = web_world
    await _stage(world, "public")
    for who, cut_off in (("mallory", "/block mallory"), ("trudy", "/mod ban trudy spam")):
        await sign_in(client, world, who)
        csrf = await token_on(client, PHOTO)
        await world.say("admin" if cut_off.startswith("/mod") else "alice", cut_off)
        await world.deliver()
        before = await state(world)
        for path, data in ((f"{PHOTO}/like", {"do": "like"}), (f"{PHOTO}/comment", {"text": "hi"})):
            resp = await post_form(client, path, csrf=csrf, **data)
            said = await resp.text()
            assert resp.status == (404 if who == "mallory" else 403), (who, path)
            assert ("no photo p1" if who == "mallory" else "banned") in said, said
        assert await state(world) == before
        assert await world.notices("alice") == ""


async def test_a_photo_nobody_may_see_is_the_404_of_a_missing_one(web_world: World, client: TestClient) -> None:
    world = web_world
    await _stage(world, "private")
    await sign_in(client, world, "bob")
    for path in (PHOTO, "/z/alice/photos/99", "/z/bob/photos/1"):
        status, _body = await page(client, path)
        assert status == 404, path
    await sign_in(client, world, "alice")
    assert (await page(client, PHOTO))[0] == 200
    assert (await page(client, "/z/bob/photos/1"))[0] == 404  # her photo, under another zone's address


async def test_the_photo_page_speaks_chinese(web_world: World, client: TestClient) -> None:
    world = web_world
    await _stage(world)
    await world.say("bob", "/lang zh")
    await sign_in(client, world, "bob")
    body = (await page(client, PHOTO))[1]
    assert "赞" in body and "评论" in body and "照片 p1" in body
