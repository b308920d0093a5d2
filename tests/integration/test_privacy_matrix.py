"""Every visibility × every viewer relation, through every chat surface that shows posts."""

from __future__ import annotations

import re

import pytest

from tests.builders import World

VISIBILITIES = ["public", "friends", "circle", "private"]
# viewer → the visibilities they may see of alice's posts
EXPECTED = {
    "alice": {"public", "friends", "circle", "private"},  # self
    "carol": {"public", "friends", "circle"},  # friend in the circle
    "dave": {"public", "friends"},  # friend outside the circle
    "erin": {"public"},  # stranger
    "mallory": set(),  # blocked (was a friend and in the circle): the zone is closed to her, as to a stranger a friends-only one
}


async def _setup(world: World) -> dict[str, int]:
    for who in ("carol", "dave", "mallory"):
        await world.befriend("alice", who)
    await world.say("erin", "/start")
    await world.say("alice", "/circle new close")
    await world.say("alice", "/circle add close carol mallory")
    ids = {}
    for vis in VISIBILITIES:
        token = "@close" if vis == "circle" else vis
        ids[vis] = await world.post_id("alice", f"/post {token} {vis} post")
    await world.say("alice", "/block mallory")
    return ids


def _ids_in(text: str) -> set[int]:
    return {int(m) for m in re.findall(r"^#(\d+) ·", text, re.M)}


@pytest.mark.parametrize("viewer", list(EXPECTED))
async def test_each_viewer_sees_exactly_what_privacy_allows_in_show_posts_and_feed(world: World, viewer: str) -> None:
    ids = await _setup(world)
    allowed = {ids[v] for v in EXPECTED[viewer]}
    for vis, pid in ids.items():
        shown = await world.says(viewer, f"/show {pid}")
        if pid in allowed:
            assert f"{vis} post" in shown
        else:
            assert shown == f"⚠️ There is no post #{pid} that you can see."
    assert _ids_in(await world.says(viewer, "/posts alice")) == allowed
    feed = _ids_in(await world.says(viewer, "/feed"))
    # The feed holds friends' posts and one's own: strangers and the blocked get none of alice's.
    expected_feed = allowed if viewer in ("alice", "carol", "dave") else set()
    assert feed & set(ids.values()) == expected_feed


@pytest.mark.parametrize("viewer", list(EXPECTED))
async def test_comments_and_likes_follow_visibility_and_blocks(world: World, viewer: str) -> None:
    ids = await _setup(world)
    may_interact = EXPECTED[viewer] if viewer != "mallory" else set()
    for vis, pid in ids.items():
        answer = await world.says(viewer, f"/comment {pid} nice {vis}")
        if vis in may_interact:
            assert "Comment added" in answer
        else:
            # Same answer as a post that doesn't exist: nothing confirms a hidden post.
            assert answer == f"⚠️ There is no post #{pid} that you can see."
        liked = await world.says(viewer, f"/like {pid}")
        assert ("Liked" in liked) == (vis in may_interact)


async def test_comments_are_shown_only_with_a_visible_post(world: World) -> None:
    ids = await _setup(world)
    await world.say("carol", f"/comment {ids['circle']} only for the circle")
    assert "only for the circle" in await world.says("alice", f"/show {ids['circle']}")
    assert "only for the circle" in await world.says("carol", f"/show {ids['circle']}")
    for outsider in ("dave", "erin", "mallory"):
        assert "only for the circle" not in await world.says(outsider, f"/show {ids['circle']}")


async def test_zone_visibility_closes_listings_to_strangers(world: World) -> None:
    ids = await _setup(world)
    await world.say("alice", "/privacy zone friends")
    assert "not open to you" in await world.says("erin", "/posts alice")
    assert "There is no post" in await world.says("erin", f"/show {ids['public']}")
    assert "not open to you" in await world.says("erin", "/friends alice")
    assert _ids_in(await world.says("dave", "/posts alice")) == {ids["public"], ids["friends"]}
    await world.say("alice", "/privacy zone private")
    assert _ids_in(await world.says("dave", "/posts alice")) == set()
    assert _ids_in(await world.says("alice", "/posts")) == set(ids.values())


async def test_leaving_a_circle_or_the_friendship_takes_access_away(world: World) -> None:
    ids = await _setup(world)
    await world.say("alice", "/circle remove close carol")
    assert "There is no post" in await world.says("carol", f"/show {ids['circle']}")
    await world.say("alice", "/unfriend dave")
    assert _ids_in(await world.says("dave", "/posts alice")) == {ids["public"]}
    assert _ids_in(await world.says("dave", "/feed")) == set()


async def test_deleting_a_circle_leaves_its_posts_to_the_owner_only(world: World) -> None:
    ids = await _setup(world)
    await world.say("alice", "/circle delete close")
    assert "There is no post" in await world.says("carol", f"/show {ids['circle']}")
    assert "circle post" in await world.says("alice", f"/show {ids['circle']}")


async def test_reshares_never_widen_an_audience(world: World) -> None:
    ids = await _setup(world)
    assert "not public" in await world.says("dave", f"/share {ids['friends']}")
    await world.say("erin", "/privacy default public")
    shared = await world.says("erin", f"/share {ids['public']} look at this")
    assert shared.startswith(f"Shared #{ids['public']} as #")
    share_id = int(re.search(r"as #(\d+)", shared).group(1))  # type: ignore[union-attr]
    assert "public post" in await world.says("dave", f"/show {share_id}")
    # Once the original turns private to dave (he is no longer a friend and the zone closes),
    # the share shows that something can't be seen instead of the text.
    await world.say("alice", "/privacy zone friends")
    await world.say("alice", "/unfriend dave")
    view = await world.says("dave", f"/show {share_id}")
    assert "public post" not in view and "shared a post you can't see" in view
