"""Friends touch what they see: like, comment, reply and sign the guestbook from the web, through the
core services chat uses — and every request that isn't theirs to make changes nothing."""

from __future__ import annotations

import re

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient
from sqlalchemy import text as sql

from adapters.web import COOKIE
from tests.builders import World
from tests.web.conftest import page, sign_in

TOKEN = re.compile(r'name="csrf" value="([^"]+)"')
TABLES = ("likes", "comments", "guestbook_entries", "outbox", "rate_hits")


async def state(world: World) -> dict[str, int]:
    """How many rows each table an action could write holds: "changes nothing" means all equal."""
    async with world.db.engine.connect() as conn:
        return {t: (await conn.execute(sql(f"SELECT COUNT(*) FROM {t}"))).scalar_one() for t in TABLES}  # noqa: S608


async def token_on(client: TestClient, path: str) -> str:
    status, body = await page(client, path)
    assert status == 200, body
    found = TOKEN.findall(body)
    assert found, body
    return found[0]


def tampered(token: str) -> str:
    """`token` with its last two characters changed (always changed: "AA" stands in unless it ends so)."""
    return token[:-2] + ("BB" if token.endswith("AA") else "AA")


async def post_form(client: TestClient, path: str, **data: str) -> ClientResponse:
    return await client.post(path, data=data, allow_redirects=False)


async def _stage(world: World) -> int:
    await world.befriend("alice", "bob")
    pid = await world.post_id("alice", "/post friends hello friends")
    await world.deliver()  # what staging sent is not what the tests look for
    return pid


async def test_a_friend_likes_and_unlikes_from_the_post_page_and_the_owner_hears_of_it(
    web_world: World, client: TestClient,
) -> None:
    world = web_world
    pid = await _stage(world)
    await sign_in(client, world, "bob")
    csrf = await token_on(client, f"/z/alice/p/{pid}")
    resp = await post_form(client, f"/z/alice/p/{pid}/like", csrf=csrf, do="like", next=f"/z/alice/p/{pid}")
    assert (resp.status, resp.headers["Location"]) == (303, f"/z/alice/p/{pid}")
    body = (await page(client, f"/z/alice/p/{pid}"))[1]
    assert 'value="unlike"' in body
    assert "Bob (@bob) liked your post." in await world.notices("alice")
    resp = await post_form(client, f"/z/alice/p/{pid}/like", csrf=csrf, do="unlike")
    assert resp.status == 303
    assert 'value="like"' in (await page(client, f"/z/alice/p/{pid}"))[1]
    assert (await state(world))["likes"] == 0


async def test_a_like_from_a_zone_card_comes_back_to_that_card(web_world: World, client: TestClient) -> None:
    world = web_world
    pid = await _stage(world)
    await sign_in(client, world, "bob")
    csrf = await token_on(client, "/z/alice")
    resp = await post_form(client, f"/z/alice/p/{pid}/like", csrf=csrf, do="like", next=f"/z/alice#post-{pid}-title")
    assert resp.headers["Location"] == f"/z/alice#post-{pid}-title"
    assert (await state(world))["likes"] == 1
    # Somewhere else entirely is never where a form sends people.
    resp = await post_form(client, f"/z/alice/p/{pid}/like", csrf=csrf, do="like", next="https://evil.test/")
    assert resp.headers["Location"] == f"/z/alice/p/{pid}"


async def test_a_friend_comments_and_replies_and_the_owner_hears_of_each(web_world: World, client: TestClient) -> None:
    world = web_world
    pid = await _stage(world)
    await sign_in(client, world, "bob")
    csrf = await token_on(client, f"/z/alice/p/{pid}")
    resp = await post_form(client, f"/z/alice/p/{pid}/comment", csrf=csrf, text="lovely <b>day</b>")
    assert (resp.status, resp.headers["Location"]) == (303, f"/z/alice/p/{pid}#comments")
    body = (await page(client, f"/z/alice/p/{pid}"))[1]
    assert "lovely &lt;b&gt;day&lt;/b&gt;" in body and 'Comments <span class="count">1</span>' in body
    assert "commented on your post" in await world.notices("alice")
    cid = int(re.findall(r'name="reply_to" value="(\d+)"', body)[0])
    resp = await post_form(client, f"/z/alice/p/{pid}/comment", csrf=csrf, text="and again", reply_to=str(cid),
                           next=f"/z/alice/p/{pid}#c{cid}")
    assert (resp.status, resp.headers["Location"]) == (303, f"/z/alice/p/{pid}#c{cid}")
    assert "and again" in (await page(client, f"/z/alice/p/{pid}"))[1]
    assert "and again" in await world.notices("alice")


async def test_signing_the_guestbook_publicly_and_privately(web_world: World, client: TestClient) -> None:
    world = web_world
    await _stage(world)
    await world.befriend("alice", "carol")
    await world.deliver()
    await sign_in(client, world, "bob")
    csrf = await token_on(client, "/z/alice/guestbook")
    resp = await post_form(client, "/z/alice/guestbook", csrf=csrf, text="hi alice, nice zone")
    assert (resp.status, resp.headers["Location"]) == (303, "/z/alice/guestbook")
    assert "signed your guestbook" in await world.notices("alice")
    resp = await post_form(client, "/z/alice/guestbook", csrf=csrf, text="psst, a secret", private="1")
    assert resp.status == 303
    assert "psst, a secret" in await world.notices("alice")
    bob_sees = (await page(client, "/z/alice/guestbook"))[1]
    assert "hi alice, nice zone" in bob_sees and "psst, a secret" in bob_sees and "private note" in bob_sees
    await sign_in(client, world, "alice")
    alice_sees = (await page(client, "/z/alice/guestbook"))[1]
    assert "psst, a secret" in alice_sees
    assert "Sign the guestbook" not in alice_sees  # not in her own
    for other in ("carol", None):
        await sign_in(client, world, other)
        status, seen = await page(client, "/z/alice/guestbook")
        assert status == 200
        assert "hi alice, nice zone" in seen and "psst, a secret" not in seen


async def test_an_anonymous_visitor_sees_how_to_get_a_link_and_cannot_post(web_world: World, client: TestClient) -> None:
    world = web_world
    await world.say("alice", "/start")
    pid = await world.post_id("alice", "/post public hello world")
    await sign_in(client, world, None)
    body = (await page(client, f"/z/alice/p/{pid}"))[1]
    assert "<form" not in body and "/zone alice" in body
    assert "/zone alice" in (await page(client, "/z/alice/guestbook"))[1]
    before = await state(world)
    for path, data in ((f"/z/alice/p/{pid}/like", {"do": "like"}), (f"/z/alice/p/{pid}/comment", {"text": "hi"}),
                       ("/z/alice/guestbook", {"text": "hi"})):
        resp = await post_form(client, path, csrf="x", **data)
        assert resp.status == 403
        assert "Send /zone to the bot" in await resp.text()
    assert await state(world) == before


async def test_a_missing_or_wrong_token_or_a_foreign_origin_changes_nothing(web_world: World, client: TestClient) -> None:
    world = web_world
    pid = await _stage(world)
    await world.befriend("alice", "carol")
    await sign_in(client, world, "carol")  # carol's token is not bob's
    carol_csrf = await token_on(client, f"/z/alice/p/{pid}")
    await sign_in(client, world, "bob")
    csrf = await token_on(client, f"/z/alice/p/{pid}")
    before = await state(world)
    for data in ({}, {"csrf": ""}, {"csrf": tampered(csrf)}, {"csrf": carol_csrf}):
        for path, extra in ((f"/z/alice/p/{pid}/like", {"do": "like"}), (f"/z/alice/p/{pid}/comment", {"text": "x"}),
                            ("/z/alice/guestbook", {"text": "x"})):
            resp = await post_form(client, path, **data, **extra)
            assert resp.status == 403, path
            assert "nothing was changed" in await resp.text()
    resp = await client.post(f"/z/alice/p/{pid}/like", data={"csrf": csrf, "do": "like"}, allow_redirects=False,
                             headers={"Origin": "https://evil.test"})
    assert resp.status == 403
    resp = await client.post(f"/z/alice/p/{pid}/like", data={"csrf": csrf, "do": "like"}, allow_redirects=False,
                             headers={"Referer": "https://evil.test/page"})
    assert resp.status == 403
    assert await state(world) == before
    resp = await client.post(f"/z/alice/p/{pid}/like", data={"csrf": csrf, "do": "like"}, allow_redirects=False,
                             headers={"Origin": str(client.make_url("")).rstrip("/")})
    assert resp.status == 303


async def test_after_zone_revoke_the_old_session_changes_nothing(web_world: World, client: TestClient) -> None:
    world = web_world
    pid = await _stage(world)
    await sign_in(client, world, "bob")
    csrf = await token_on(client, f"/z/alice/p/{pid}")
    await world.say("bob", "/zone revoke")
    before = await state(world)
    resp = await post_form(client, f"/z/alice/p/{pid}/like", csrf=csrf, do="like")
    assert resp.status == 403
    text = await resp.text()
    assert "expired or was revoked" in text and "/zone" in text
    assert resp.cookies[COOKIE].value == ""
    assert await state(world) == before


async def test_a_blocked_person_is_refused_and_nothing_changes(web_world: World, client: TestClient) -> None:
    world = web_world
    await world.say("alice", "/start")
    pid = await world.post_id("alice", "/post public hello world")
    await sign_in(client, world, "mallory")
    csrf = await token_on(client, f"/z/alice/p/{pid}")
    await world.say("alice", "/block mallory")
    await world.deliver()
    before = await state(world)
    for path, data in ((f"/z/alice/p/{pid}/like", {"do": "like"}), (f"/z/alice/p/{pid}/comment", {"text": "hi"}),
                       ("/z/alice/guestbook", {"text": "hi"})):
        resp = await post_form(client, path, csrf=csrf, **data)
        assert resp.status in (403, 404), path
        assert "Traceback" not in await resp.text()
    assert await state(world) == before
    assert await world.notices("alice") == ""


async def test_a_banned_person_is_refused_and_nothing_changes(web_world: World, client: TestClient) -> None:
    world = web_world
    await world.say("alice", "/start")
    pid = await world.post_id("alice", "/post public hello world")
    await sign_in(client, world, "mallory")
    csrf = await token_on(client, f"/z/alice/p/{pid}")
    await world.say("admin", "/mod ban mallory spam")
    await world.deliver()
    before = await state(world)
    for path, data in ((f"/z/alice/p/{pid}/like", {"do": "like"}), (f"/z/alice/p/{pid}/comment", {"text": "hi"}),
                       ("/z/alice/guestbook", {"text": "hi"})):
        resp = await post_form(client, path, csrf=csrf, **data)
        assert resp.status == 403, path
        assert "banned" in await resp.text()
    assert await state(world) == before
    assert await world.notices("alice") == ""


async def test_core_refusals_are_clear_pages_and_the_rate_limit_applies(web_world: World, client: TestClient) -> None:
    world = web_world
    await _stage(world)
    await sign_in(client, world, "bob")
    csrf = await token_on(client, "/z/alice/guestbook")
    resp = await post_form(client, "/z/alice/guestbook", csrf=csrf, text="   ")
    assert resp.status == 400 and "Back to the page" in await resp.text()
    world.clock.advance(days=2)  # past the newcomer's halved limits
    limit = 30  # core.ratelimit.DEFAULT_RATES[GUESTBOOK]: 30/10m, the same bucket chat's /guestbook counts against
    for n in range(limit):
        resp = await post_form(client, "/z/alice/guestbook", csrf=csrf, text=f"entry {n}")
        assert resp.status == 303, await resp.text()
    before = await state(world)
    resp = await post_form(client, "/z/alice/guestbook", csrf=csrf, text="one too many")
    assert resp.status == 429
    assert "Slow down" in await resp.text() and int(resp.headers["Retry-After"]) > 0
    assert await state(world) == before
    # Chat counts against the very same bucket.
    assert "Slow down" in await world.says("bob", "/guestbook alice and from chat")


async def test_the_forms_speak_chinese(web_world: World, client: TestClient) -> None:
    world = web_world
    pid = await _stage(world)
    await world.say("bob", "/lang zh")
    await sign_in(client, world, "bob")
    body = (await page(client, f"/z/alice/p/{pid}"))[1]
    assert "赞" in body and "评论" in body
    assert "留言板" in (await page(client, "/z/alice/guestbook"))[1]
    resp = await post_form(client, f"/z/alice/p/{pid}/like", do="like")
    assert resp.status == 403 and "没有任何改动" in await resp.text()


async def test_the_owner_replies_and_deletes_and_a_writer_deletes_their_own(web_world: World, client: TestClient) -> None:
    world = web_world
    await _stage(world)
    await world.befriend("alice", "carol")
    await world.say("bob", "/guestbook alice from bob")
    await world.say("carol", "/guestbook alice from carol")
    await world.deliver()
    await sign_in(client, world, "alice")
    csrf = await token_on(client, "/z/alice/guestbook")
    resp = await post_form(client, "/z/alice/guestbook/1/reply", csrf=csrf, text="thanks bob")
    assert (resp.status, resp.headers["Location"]) == (303, "/z/alice/guestbook#g1")
    assert "thanks bob" in await world.notices("bob")
    assert "thanks bob" in (await page(client, "/z/alice/guestbook"))[1]
    await sign_in(client, world, "bob")
    csrf = await token_on(client, "/z/alice/guestbook")
    before = await state(world)
    resp = await post_form(client, "/z/alice/guestbook/2/delete", csrf=csrf)  # carol's: not bob's to delete
    assert resp.status in (403, 404) and await state(world) == before
    resp = await post_form(client, "/z/alice/guestbook/1/reply", csrf=csrf, text="not mine")
    assert resp.status == 403 and await state(world) == before
    resp = await post_form(client, "/z/alice/guestbook/1/delete", csrf=csrf)
    assert resp.status == 303
    await sign_in(client, world, "alice")
    csrf = await token_on(client, "/z/alice/guestbook")
    assert (await post_form(client, "/z/alice/guestbook/2/delete", csrf=csrf)).status == 303
    assert (await state(world))["guestbook_entries"] == 0


async def test_a_stranger_never_sees_reply_or_delete_and_a_writer_sees_delete_on_her_own_entry_only(
        web_world: World, client: TestClient) -> None:
    world = web_world
    await _stage(world)
    await world.befriend("alice", "carol")
    await world.say("bob", "/guestbook alice from bob")
    await world.say("carol", "/guestbook alice from carol")
    await world.deliver()
    await sign_in(client, world, "dave")
    status, stranger_sees = await page(client, "/z/alice/guestbook")
    assert status == 200 and "from bob" in stranger_sees and "from carol" in stranger_sees
    assert "/delete" not in stranger_sees and "/reply" not in stranger_sees
    await sign_in(client, world, "carol")
    carol_sees = (await page(client, "/z/alice/guestbook"))[1]
    assert 'action="/z/alice/guestbook/2/delete"' in carol_sees
    assert "/guestbook/1/delete" not in carol_sees and "/reply" not in carol_sees
    await sign_in(client, world, "alice")
    alice_sees = (await page(client, "/z/alice/guestbook"))[1]
    assert all(f"/guestbook/{n}/{what}" in alice_sees for n in (1, 2) for what in ("delete", "reply"))
