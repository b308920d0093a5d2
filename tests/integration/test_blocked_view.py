"""A blocked person can't tell a block from ordinary settings: every path towards the blocker
answers exactly as a friends-only zone answers a stranger (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

from tests.builders import World, text
from tests.images import attachment, photo

# Everything a person can do towards someone else's zone from chat.
PATHS = [
    "/posts {h}", "/friends {h}", "/zone {h}", "/show {post}", "/comment {post} nice", "/reply c{comment} me too",
    "/like {post}", "/unlike {post}", "/share {post}", "/report #{post} spam", "/report c{comment} spam",
    "/album list {h}",
    "/album show @{h} Trip", "/album show @{h} Quiz", "/album answer {h} Quiz dinah", "/gift star {h}",
    "/report {h} rude", "/friend {h}", "/friend {h}", "/requests",
]


async def _zone(world: World, owner: str) -> tuple[int, int]:
    """A public post with the owner's own comment, a public album with a photo and a gated one."""
    post = await world.post_id(owner, f"/post public hello from {owner}")
    await world.say(owner, f"/comment {post} first!")
    comment = int(re.findall(r"c(\d+)", await world.says(owner, f"/show {post}"))[0])
    await world.say(owner, "/album new Trip public")
    await world.say(owner, "#trip beach", attachments=(attachment(photo()),))
    await world.say(owner, "/album new Quiz")
    await world.say(owner, "/album question Quiz Our cat? | Dinah")
    return post, comment


async def _setup(world: World) -> dict[str, tuple[int, int]]:
    await world.befriend("alice", "mallory")
    await world.say("erin", "/start")
    ids = {"alice": await _zone(world, "alice"), "fiona": await _zone(world, "fiona")}
    await world.say("mallory", f"/comment {ids['alice'][0]} hi alice")
    await world.say("alice", "/block mallory")  # alice's zone stays public
    await world.say("fiona", "/privacy zone friends")  # an ordinary setting
    await world.deliver()
    return ids


def _neutral(answer: str, owner: str) -> str:
    """The answer with the owner's name and every id made alike, so two zones compare."""
    answer = answer.replace(owner, "X").replace(owner.capitalize(), "X")
    return re.sub(r"\b([#cpr]?)\d+\b", r"\1N", answer)


async def test_every_path_towards_the_blocker_answers_as_a_friends_only_zone_answers_a_stranger(world: World) -> None:
    ids = await _setup(world)
    for path in PATHS:
        answers = {}
        for viewer, owner in (("mallory", "alice"), ("erin", "fiona")):
            post, comment = ids[owner]
            answers[viewer] = _neutral(await world.says(viewer, path.format(h=owner, post=post, comment=comment)), owner)
        assert answers["mallory"] == answers["erin"], path
    assert "You asked: @alice (waiting)." in await world.says("mallory", "/requests")


async def test_the_blocked_persons_request_and_attempts_never_reach_the_blocker(world: World) -> None:
    ids = await _setup(world)
    assert await world.says("mallory", "/friend alice") == "Friend request sent to @alice."
    await world.say("mallory", f"/comment {ids['alice'][0]} let me in")
    await world.say("mallory", f"/like {ids['alice'][0]}")
    assert await world.notices("alice") == ""
    assert await world.says("alice", "/requests") == "No requests waiting for you."
    assert await world.says("alice", "/accept mallory") == (
        "⚠️ @mallory hasn't sent you a friend request. /requests lists yours.")


async def test_unblocking_drops_the_request_made_while_blocked_as_if_declined(world: World) -> None:
    await _setup(world)
    await world.say("mallory", "/friend alice")
    await world.say("alice", "/unblock mallory")
    assert await world.says("alice", "/requests") == "No requests waiting for you."
    assert "You asked" not in await world.says("mallory", "/requests")
    assert await world.notices("alice") == ""
    assert await world.says("mallory", "/friend alice") == "Friend request sent to @alice."
    assert "sent you a friend request" in await world.notices("alice")


async def test_after_the_block_the_blocked_person_sees_nothing_of_the_zone_they_saw_before(world: World) -> None:
    ids = await _setup(world)
    post = ids["alice"][0]
    assert await world.says("mallory", "/posts alice") == "@alice's zone is not open to you. Ask them for a /zone link."
    assert await world.says("mallory", f"/show {post}") == f"⚠️ There is no post #{post} that you can see."
    assert f"#{post} ·" not in await world.says("mallory", "/feed")


async def test_a_reply_from_a_blocked_person_on_a_third_zone_does_not_notify_the_blocker(world: World) -> None:
    await _setup(world)
    post = await world.post_id("carol", "/post public open thread")
    await world.say("alice", f"/comment {post} alice was here")
    comment = int(re.findall(r"c(\d+)", await world.says("carol", f"/show {post}"))[0])
    await world.deliver()
    assert "Reply added" in await world.says("mallory", f"/reply c{comment} so was I")
    got = await world.deliver()
    assert ("console", "alice") not in got
    assert "so was I" in text(got[("console", "carol")])


async def test_a_like_told_after_its_author_blocked_the_liker_notifies_no_one(world: World) -> None:
    await world.befriend("alice", "mallory")
    await world.say("erin", "/start")
    post = await world.post_id("alice", "/post public hello")
    await world.deliver()
    assert await world.says("mallory", f"/like {post}") == f"Liked #{post} · 👍 1"
    await world.say("alice", "/block mallory")  # before the like is told
    await world.say("erin", f"/like {post}")
    told = await world.notices("alice")
    assert "Erin" in told and "Mallory" not in told and "mallory" not in told
    listed = (await world.says("alice", "/notifications")).lower().splitlines()
    assert [line for line in listed if "erin" in line and "like" in line]
    assert not [line for line in listed if "mallory" in line and "like" in line]
