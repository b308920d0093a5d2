"""Avatars and covers on the web × every viewer relation: shown where the person is, served only to
whoever may see them (core.privacy.face_rule), even with the exact URL."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from tests.builders import World
from tests.images import attachment, photo
from tests.web.conftest import page, sign_in

AVATAR, COVER = "/media/u/alice/avatar/320.webp", "/media/u/alice/cover/1280.webp"
# viewer → whether they may load alice's avatar and cover (None: anonymous)
SEES: dict[str | None, bool] = {
    "alice": True,  # owner
    "bob": True,  # friend
    "erin": True,  # stranger with an account (alice's zone is public)
    None: True,  # anonymous
    "mallory": False,  # blocked by alice
    "trudy": False,  # blocked alice
}


async def _setup(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.befriend("alice", "mallory")
    for who in ("erin", "trudy"):
        await world.say(who, "/start")
    await world.say("alice", "/avatar", attachments=(attachment(photo(colour=(10, 200, 30))),))
    await world.say("alice", "/cover", attachments=(attachment(photo(width=1200, height=400)),))
    await world.say("alice", "/block mallory")
    await world.say("trudy", "/block alice")


@pytest.mark.parametrize("viewer", list(SEES))
async def test_an_avatar_and_cover_load_only_for_viewers_who_may_see_the_person(
    web_world: World, client: TestClient, viewer: str | None,
) -> None:
    await _setup(web_world)
    await sign_in(client, web_world, viewer)
    for url in (AVATAR, COVER, AVATAR.replace("320.webp", "320.jpg"), COVER.replace("1280.webp", "1280.jpg")):
        resp = await client.get(url)
        assert resp.status == (200 if SEES[viewer] else 404), (viewer, url)
        if resp.status == 200:
            assert resp.headers["Content-Type"] == ("image/webp" if url.endswith("webp") else "image/jpeg")
            assert resp.headers["Cache-Control"] == "private, no-cache"
            # Always checked again: a viewer holding the bytes still asks, and gets a 304 only if allowed.
            again = await client.get(url, headers={"If-None-Match": resp.headers["ETag"]})
            assert again.status == 304


async def test_a_banned_persons_avatar_is_gone_for_everyone_until_the_unban(
    web_world: World, client: TestClient,
) -> None:
    await _setup(web_world)
    await web_world.say("admin", "/start")
    await web_world.say("admin", "/mod ban alice spam")
    for viewer in ("bob", "erin", None):
        await sign_in(client, web_world, viewer)
        assert (await client.get(AVATAR)).status == 404
        assert (await client.get(COVER)).status == 404
    await web_world.say("admin", "/mod unban alice")
    assert (await client.get(AVATAR)).status == 200


async def test_no_picture_and_an_unknown_handle_answer_alike(web_world: World, client: TestClient) -> None:
    await web_world.say("erin", "/start")
    missing, unknown = await page(client, "/media/u/erin/avatar/320.webp"), await page(client, "/media/u/nobody/avatar/320.webp")
    assert missing == unknown and missing[0] == 404


async def test_pages_show_the_avatar_on_the_header_friends_list_and_post_cards_and_the_cover_as_banner(
    web_world: World, client: TestClient,
) -> None:
    await _setup(web_world)
    await web_world.say("alice", "/post public hello")
    await sign_in(client, web_world, "bob")
    status, zone = await page(client, "/z/alice")
    assert status == 200
    assert f'<div class="zone-banner" aria-hidden="true"><img src="{COVER}" alt=""></div>' in zone
    assert zone.count(f'<img src="{AVATAR}" alt=""') == 2  # the header and the post card
    friends = (await page(client, "/z/bob/friends"))[1]
    assert f'<img src="{AVATAR}" alt=""' in friends  # alice in bob's friends
    assert "/media/u/bob/" not in friends  # bob has no avatar: his initials only


async def test_removing_the_avatar_takes_it_off_the_pages_and_the_url(web_world: World, client: TestClient) -> None:
    await _setup(web_world)
    await web_world.say("alice", "/avatar remove")
    await sign_in(client, web_world, "bob")
    assert AVATAR not in (await page(client, "/z/alice"))[1]
    assert (await client.get(AVATAR)).status == 404
