"""Likes and comments on album photos from chat (SQLite and PostgreSQL): /like, /unlike, /comment,
/reply, /likes, /photo show, /delete and /report on photo comments, moderation, notifications in the
owner's language, coins, and every viewer relation."""

from __future__ import annotations

import pytest

from tests.builders import World
from tests.images import attachment, photo

ALBUMS = ["public", "friends", "circle", "private", "question"]
# viewer → the albums whose photos they may like and comment on (alice's own: all of them)
TOUCHES = {
    "alice": set(ALBUMS),  # the owner
    "carol": {"public", "friends", "circle"},  # a friend in the circle
    "dave": {"public", "friends"},  # a friend outside it
    "erin": {"public"},  # a stranger
    "mallory": set(),  # blocked (a friend in the circle before): the zone is closed to her
    "banned": set(),  # banned: reads, but touches nothing
}


async def _albums(world: World) -> dict[str, int]:
    """Alice's five albums with one photo each (p1 … p5, in ALBUMS order); carol, dave and mallory are friends."""
    for who in ("carol", "dave", "mallory", "banned"):
        await world.befriend("alice", who)
    await world.say("erin", "/start")
    await world.say("alice", "/circle new close")
    await world.say("alice", "/circle add close carol mallory banned")
    ids = {}
    for n, vis in enumerate(ALBUMS, start=1):
        token = {"circle": " @close", "question": ""}.get(vis, f" {vis}")
        await world.say("alice", f"/album new {vis} album{token}")
        assert f"p{n}" in await world.says("alice", f"#{vis}-album a {vis} photo",
                                           attachments=(attachment(photo(colour=(n, 0, 0))),))
        ids[vis] = n
    await world.say("alice", "/album question question album Our cat? | Dinah")
    await world.say("alice", "/block mallory")
    assert "banned" in await world.says("admin", "/mod ban banned 1d spam")
    return ids


@pytest.mark.parametrize("viewer", list(TOUCHES))
async def test_each_viewer_likes_and_comments_on_exactly_the_photos_they_may_see(world: World, viewer: str) -> None:
    ids = await _albums(world)
    for vis, pid in ids.items():
        liked, commented = await world.says(viewer, f"/like p{pid}"), await world.says(viewer, f"/comment p{pid} nice")
        shown = await world.says(viewer, f"/photo show p{pid}")
        if viewer == "banned":
            assert liked.startswith("⛔ You are banned") and commented == liked == shown
            continue
        if vis in TOUCHES[viewer]:
            assert liked == f"Liked p{pid} · 👍 1"
            assert commented.startswith("c") and commented.endswith(f"Comment added to p{pid}.")
            assert f"a {vis} photo" in shown and "👍 1   💬 1" in shown and "nice" in shown
        else:
            # The answer a photo that never existed gets: nothing confirms a hidden one.
            assert liked == commented == shown == f"⚠️ There is no photo p{pid} that you can see."


async def test_comments_and_likes_on_a_photo_show_to_exactly_those_who_see_the_photo(world: World) -> None:
    ids = await _albums(world)
    circle = ids["circle"]
    await world.say("carol", f"/like p{circle}")
    await world.say("carol", f"/comment p{circle} only for the circle")
    assert "only for the circle" in await world.says("alice", f"/photo show p{circle}")
    assert "Carol (@carol)" in await world.says("alice", f"/likes p{circle}")
    for outsider in ("dave", "erin", "mallory"):
        assert await world.says(outsider, f"/likes p{circle}") == f"⚠️ There is no photo p{circle} that you can see."
        assert "only for the circle" not in await world.says(outsider, f"/photo show p{circle}")
    # A gated album's photos open with the answer, comments and all.
    gated = ids["question"]
    await world.say("alice", f"/comment p{gated} the cat's name is a secret")
    assert "secret" not in await world.says("erin", f"/photo show p{gated}")
    assert (await world.says("erin", "/album answer alice question album Dinah")).startswith("✅")
    assert "secret" in await world.says("erin", f"/photo show p{gated}")
    assert await world.says("erin", f"/like p{gated}") == f"Liked p{gated} · 👍 1"


async def test_the_owner_hears_of_likes_comments_and_replies_in_their_own_language(world: World) -> None:
    ids = await _albums(world)
    pid = ids["friends"]
    await world.say("alice", "/lang zh")
    await world.notices("alice")  # what came before
    await world.say("dave", f"/like p{pid}")
    [comment] = await world.say("dave", f"/comment p{pid} lovely light")
    cid = int(comment.plain_text.split()[0][1:])
    heard = await world.notices("alice")
    assert f"p{pid} 👍 Dave (@dave) 赞了你的照片。" in heard
    assert f"c{cid} 💬 Dave (@dave) 评论了你的照片 p{pid}：" in heard and "lovely light" in heard
    # Alice answers from the notice (a reply to it replies to the comment); dave hears it.
    assert f"已回复照片 p{pid} 下的评论" in await world.says("alice", "谢谢！", reply_to_text=heard.splitlines()[-2])
    assert f"replied to your comment on p{pid}" in await world.notices("dave")
    # Liking twice is news once; one's own like and comment are news to no one.
    await world.say("dave", f"/like p{pid}")
    await world.say("alice", f"/like p{pid}")
    await world.say("alice", f"/comment p{pid} mine")
    assert await world.notices("alice") == ""


async def test_a_photo_like_pays_its_owner_as_a_post_like_does_once_per_liker(world: World) -> None:
    ids = await _albums(world)
    before = await world.says("alice", "/wallet")
    await world.say("dave", f"/like p{ids['public']}")
    await world.say("dave", f"/unlike p{ids['public']}")
    await world.say("dave", f"/like p{ids['public']}")
    await world.deliver()
    after = await world.says("alice", "/wallet")
    assert before != after and f"like on photo p{ids['public']}" in after
    assert after.count(f"like on photo p{ids['public']}") == 1


async def test_photo_comments_are_deleted_by_their_writer_or_the_photo_owner_reported_and_moderated(
        world: World) -> None:
    ids = await _albums(world)
    pid = ids["public"]
    first = (await world.says("erin", f"/comment p{pid} first")).split()[0]
    second = (await world.says("dave", f"/comment p{pid} second")).split()[0]
    reply = (await world.says("dave", f"/reply {first} a reply")).split()[0]
    assert await world.says("dave", f"/delete {first}") == (
        f"⚠️ {first} is not yours: you can delete your own comments and comments on your photos. "
        f"/report {first} REASON tells the moderators.")
    assert await world.says("alice", f"/delete {first}") == f"🗑 Comment {first} deleted with 1 reply."
    assert reply not in await world.says("alice", f"/photo show p{pid}")
    assert await world.says("erin", f"/report {second} rude") == (
        f"🚩 Thanks — {second} was reported (r1). Moderators will look at it.")
    card = await world.notices("admin")
    assert f"on comment {second} (photo p{pid}) by @dave: rude" in card
    assert await world.says("admin", f"/mod hide {second} rude") == (
        f"🙈 Comment {second} is hidden; its author was told why. /mod restore {second} undoes it.")
    shown = await world.says("erin", f"/photo show p{pid}")
    assert "second" not in shown
    assert "second" in await world.says("dave", f"/photo show p{pid}")  # its writer still sees it
    assert f"🙈 A moderator hid your comment {second} on a photo (rude). Only you can see it now." in (
        await world.notices("dave"))
    assert await world.says("dave", f"/delete {second}") == f"🗑 Comment {second} deleted."


async def test_deleting_a_photo_takes_its_likes_and_comments_with_it(world: World) -> None:
    ids = await _albums(world)
    pid = ids["public"]
    cid = (await world.says("dave", f"/comment p{pid} going")).split()[0]
    await world.say("dave", f"/like p{pid}")
    assert await world.says("alice", f"/photo delete p{pid}") == f"p{pid} deleted."
    assert await world.says("dave", f"/reply {cid} still here?") == f"⚠️ There is no comment {cid} that you can see."
    assert await world.says("dave", f"/likes p{pid}") == f"⚠️ There is no photo p{pid} that you can see."


async def test_a_photo_on_a_post_is_liked_and_commented_on_through_its_post(world: World) -> None:
    await world.say("erin", "/start")
    [card] = await world.say("alice", "/post public with a picture", attachments=(attachment(photo()),))
    post = card.post_id
    assert await world.says("alice", "/like p1") == (
        f"⚠️ p1 is a photo on post #{post}: like and comment on the post (/like {post}, /comment {post} TEXT).")
    assert await world.says("erin", "/like p1") == (
        f"⚠️ p1 is a photo on post #{post}: like and comment on the post (/like {post}, /comment {post} TEXT).")
    assert await world.says("erin", "/like c1") == (
        "⚠️ c1 is a comment; this takes a post number like #42 or a photo like p12 (/reply c1 TEXT answers a comment)."
        "\nUsage: /like ID")


async def test_the_card_buttons_like_and_comment_by_press(world: World) -> None:
    ids = await _albums(world)
    pid = ids["public"]
    [card] = await world.say("erin", f"/photo show p{pid}")
    assert [b.action for b in card.buttons[0][:2]] == [f"like:p{pid}", f"cmt:p{pid}"]
    assert card.buttons[0][2].url and f"/z/alice/photos/{pid}?t=" in card.buttons[0][2].url
    assert (await world.press("erin", f"like:p{pid}")).startswith(f"Liked p{pid}")
    assert "next message" in await world.press("erin", f"cmt:p{pid}")
    assert await world.says("erin", "pressed and typed") == f"c1 Comment added to p{pid}."
    assert "pressed and typed" in await world.says("alice", f"/photo show p{pid}")
    # A reply to the card comments on the photo too.
    assert await world.says("erin", "and replied", reply_to_text=card.plain_text) == f"c2 Comment added to p{pid}."
