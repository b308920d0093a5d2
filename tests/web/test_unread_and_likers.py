"""The header's unread count for a signed-in viewer, and the post page's likers (only those the viewer may see)."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.builders import World
from tests.web.conftest import page, sign_in


async def test_a_signed_in_viewer_sees_their_unread_count_until_they_read_them_in_chat(
    web_world: World, client: TestClient,
) -> None:
    world = web_world
    await world.befriend("alice", "bob")
    pid = await world.post_id("alice", "/post public hello")
    await world.say("bob", f"/like {pid}")
    await world.say("bob", f"/comment {pid} nice")
    await world.deliver()  # bob's acceptance, like and comment
    await sign_in(client, world, "alice")
    text = (await page(client, "/z/alice"))[1]
    assert "🔔 3 unread notifications: send <code>/notifications</code> to the bot" in text
    await world.say("alice", "/notifications")
    world.clock.advance(seconds=120)  # past the page cache
    assert "unread notification" not in (await page(client, "/z/alice"))[1]
    await sign_in(client, world, None)
    assert "unread notification" not in (await page(client, "/z/alice"))[1]


async def test_the_unread_count_reads_in_chinese(web_world: World, client: TestClient) -> None:
    world = web_world
    await world.befriend("alice", "bob")
    pid = await world.post_id("alice", "/post public hello")
    await world.say("bob", f"/like {pid}")
    await world.deliver()
    await world.say("alice", "/lang zh")
    await sign_in(client, world, "alice")
    assert "🔔 2 条未读通知" in (await page(client, "/z/bob"))[1]


async def test_the_post_page_lists_likers_without_blocked_or_banned_people(
    web_world: World, client: TestClient,
) -> None:
    world = web_world
    for who in ("bob", "carol", "mallory", "trudy"):
        await world.befriend("alice", who)
    await world.say("admin", "/start")
    pid = await world.post_id("alice", "/post public hello")
    for who in ("bob", "carol", "mallory", "trudy"):
        await world.say(who, f"/like {pid}")
    await world.say("bob", "/block mallory")  # bob blocked mallory
    await world.say("trudy", "/block bob")  # trudy blocked bob
    await world.say("admin", "/mod ban carol spam")
    await sign_in(client, world, "bob")
    text = (await page(client, f"/z/alice/p/{pid}"))[1]
    assert "Liked by 1 person" in text
    assert "<small>@bob</small>" in text
    for hidden in ("@carol", "@mallory", "@trudy"):
        assert f"<small>{hidden}</small>" not in text, hidden
    await sign_in(client, world, None)
    text = (await page(client, f"/z/alice/p/{pid}"))[1]
    assert "Liked by 3 people" in text and "<small>@carol</small>" not in text


async def test_a_post_nobody_liked_has_no_likers_section(web_world: World, client: TestClient) -> None:
    pid = await web_world.post_id("alice", "/post public hello")
    assert "Liked by" not in (await page(client, f"/z/alice/p/{pid}"))[1]


async def test_the_likers_read_in_chinese(web_world: World, client: TestClient) -> None:
    await web_world.befriend("alice", "bob")
    pid = await web_world.post_id("alice", "/post public hello")
    await web_world.say("bob", f"/like {pid}")
    await web_world.say("alice", "/lang zh")
    await sign_in(client, web_world, "alice")
    assert "1 人赞过" in (await page(client, f"/z/alice/p/{pid}"))[1]


async def test_the_header_does_not_count_an_answered_friend_request(web_world: World, client: TestClient) -> None:
    world = web_world
    await world.say("frank", "/start")
    await world.say("erin", "/friend frank")
    await world.deliver()
    await world.say("frank", "/accept erin")
    pid = await world.post_id("frank", "/post public hello")
    await world.say("erin", f"/comment {pid} nice")
    await world.deliver()
    await sign_in(client, world, "frank")
    assert "🔔 1 unread notification: send <code>/notifications</code> to the bot" in (await page(client, "/z/frank"))[1]
    assert "🔔 1 unread notification: send <code>/notifications</code> to the bot" in (await page(client, "/z/erin"))[1]
