"""After a form, the page it leads back to says what was done — once, in the reader's language, to the
session that acted and nobody else; a refusal keeps its own page, and no request can make a notice say
anything of its own (adapters.web.flash)."""

from __future__ import annotations

import html
import re

from aiohttp.test_utils import TestClient

from adapters.web import COOKIE
from adapters.web.flash import COOKIE as DONE
from tests.builders import World
from tests.web.conftest import page, sign_in
from tests.web.test_interaction import post_form, token_on

STATUS = re.compile(r'<div class="notice notice-done" role="status"><p>(.*?)</p></div>', re.S)


async def _stage(world: World) -> int:
    await world.befriend("alice", "bob")
    await world.befriend("alice", "carol")
    pid = await world.post_id("alice", "/post public hello friends")
    await world.deliver()
    return pid


async def acted(client: TestClient, path: str, **data: str) -> list[str]:
    """Send the form at `path` and follow its 303 as a browser does: the notices the page it leads to shows."""
    resp = await post_form(client, path, **data)
    assert resp.status == 303, await resp.text()
    status, body = await page(client, resp.headers["Location"].partition("#")[0])
    assert status == 200, body
    return shown(body)


def shown(body: str) -> list[str]:
    return [html.unescape(n) for n in STATUS.findall(body)]


async def notices_on(client: TestClient, path: str) -> list[str]:
    status, body = await page(client, path)
    assert status == 200, body
    return shown(body)


async def test_each_action_is_told_on_the_page_it_returns_to_once(web_world: World, client: TestClient) -> None:
    world = web_world
    pid = await _stage(world)
    post = f"/z/alice/p/{pid}"
    await sign_in(client, world, "bob")
    csrf = await token_on(client, post)
    assert await acted(client, post + "/like", csrf=csrf, do="like") == ["Liked."]
    assert await notices_on(client, post) == []  # a reload says nothing more
    assert await acted(client, post + "/like", csrf=csrf, do="unlike") == ["Your like is taken back."]
    assert await acted(client, post + "/comment", csrf=csrf, text="nice") == ["Your comment is posted."]
    cid = re.findall(r'name="reply_to" value="(\d+)"', (await page(client, post))[1])[0]
    assert await acted(client, post + "/comment", csrf=csrf, text="again", reply_to=cid) == ["Your reply is posted."]
    gb = "/z/alice/guestbook"
    assert await acted(client, gb, csrf=csrf, text="hi alice") == ["Signed the guestbook."]
    assert await acted(client, gb, csrf=csrf, text="psst", private="1") == [
        "Your private note is left: only the owner and you see it."]
    assert await acted(client, gb + "/1/delete", csrf=csrf) == ["Deleted."]
    await sign_in(client, world, "alice")
    csrf = await token_on(client, gb)
    assert await acted(client, gb + "/2/reply", csrf=csrf, text="hush") == ["Your reply is posted."]


async def test_a_comment_that_waits_and_an_entry_held_for_review_say_so(web_world: World, client: TestClient) -> None:
    world = web_world
    pid = await _stage(world)
    assert "approval" in await world.says("alice", f"/comments {pid} approve")
    await world.say("admin", "/mod filter add lottery hold")
    await sign_in(client, world, "bob")
    csrf = await token_on(client, f"/z/alice/p/{pid}")
    assert await acted(client, f"/z/alice/p/{pid}/comment", csrf=csrf, text="me too") == [
        "Your comment waits for the owner's approval; until then only you see it."]
    assert await acted(client, "/z/alice/guestbook", csrf=csrf, text="win the lottery") == [
        "Your entry waits for a moderator: a word in it is kept for review. Until then only you see it."]


async def test_the_notice_speaks_the_readers_language(web_world: World, client: TestClient) -> None:
    world = web_world
    pid = await _stage(world)
    await world.say("bob", "/lang zh")
    await sign_in(client, world, "bob")
    csrf = await token_on(client, f"/z/alice/p/{pid}")
    [said] = await acted(client, f"/z/alice/p/{pid}/like", csrf=csrf, do="like")
    assert said != "Liked." and "赞" in said


async def look(client: TestClient, path: str, **cookies: str) -> tuple[list[str], bool]:
    """The page at `path` with exactly these cookies (none of the jar's): its notices, and whether it
    clears the notice cookie."""
    client.session.cookie_jar.clear()
    header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    resp = await client.get(path, headers={"Cookie": header} if header else {}, allow_redirects=False)
    body = await resp.text()
    assert resp.status == 200, body
    cleared = DONE in resp.cookies and resp.cookies[DONE].value == ""
    return shown(body), cleared


async def test_only_the_session_that_acted_sees_its_notice_and_the_page_cache_keeps_none(
    web_world: World, client: TestClient,
) -> None:
    world = web_world
    pid = await _stage(world)
    post = f"/z/alice/p/{pid}"
    await sign_in(client, world, "carol")
    carol = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE].value
    await sign_in(client, world, "bob")
    bob = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE].value
    assert await notices_on(client, post) == []  # now in the page cache, for bob's session
    csrf = await token_on(client, post)
    resp = await post_form(client, post + "/like", csrf=csrf, do="like")
    done = resp.cookies[DONE]
    assert done["httponly"] and done["samesite"] == "Lax" and 0 < int(done["max-age"]) <= 60
    assert "done" not in resp.headers["Location"]  # the address stays clean: nothing to share or reload
    # Carol carrying bob's notice cookie with her own session, or a stranger with none: not theirs.
    assert await look(client, post, **{COOKIE: carol, DONE: done.value}) == ([], True)
    assert await look(client, post, **{DONE: done.value}) == ([], True)
    assert await look(client, post, **{COOKIE: carol}) == ([], False)
    # Bob's own session sees it (and the page clears it), though his plain page is in the cache by now;
    # his next look, within the cache's time, is plain again: the page with the notice was not kept.
    assert await look(client, post, **{COOKIE: bob}) == ([], False)
    assert await look(client, post, **{COOKIE: bob, DONE: done.value}) == (["Liked."], True)
    assert await look(client, post, **{COOKIE: bob}) == ([], False)


async def test_no_request_makes_a_notice_say_anything_of_its_own(web_world: World, client: TestClient) -> None:
    world = web_world
    pid = await _stage(world)
    post = f"/z/alice/p/{pid}"
    await sign_in(client, world, "bob")
    bob = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE].value
    csrf = await token_on(client, post)
    real = (await post_form(client, post + "/like", csrf=csrf, do="like")).cookies[DONE].value
    mac = real.partition(".")[2]
    for forged in ("Hacked_you", "liked", "liked.", f"deleted.{mac}", f"liked.{mac[:-2]}AA", "x." + mac,
                   f"Hacked.{mac}"):
        notices, cleared = await look(client, post, **{COOKIE: bob, DONE: forged})
        assert (notices, cleared) == ([], True), forged
    # The address says nothing either: no query turns into text on the page.
    assert await look(client, post + "?done=liked&notice=Hacked", **{COOKIE: bob}) == ([], False)
    assert await look(client, post, **{COOKIE: bob, DONE: real}) == (["Liked."], True)


async def test_a_refusal_keeps_its_page_and_leaves_no_notice(web_world: World, client: TestClient) -> None:
    world = web_world
    pid = await _stage(world)
    await sign_in(client, world, "bob")
    csrf = await token_on(client, "/z/alice/guestbook")
    resp = await post_form(client, "/z/alice/guestbook", csrf=csrf, text="   ")
    assert resp.status == 400 and DONE not in resp.cookies
    assert STATUS.findall(await resp.text()) == []
    resp = await post_form(client, f"/z/alice/p/{pid}/like", csrf="wrong", do="like")
    assert resp.status == 403 and DONE not in resp.cookies
    assert await notices_on(client, "/z/alice/guestbook") == []
