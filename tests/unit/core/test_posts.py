"""The posts service on memory: audiences, reshares that never widen, comments, replies, likes, feeds."""

from __future__ import annotations

import pytest

from core import privacy
from core.errors import Forbidden, Invalid, NotFound
from core.model import MAX_POST, Account, Post, Visibility
from core.posts import comments
from core.posts import service as posts
from core.posts.events import CommentAdded, PostLiked, PostShared
from core.posts.model import Audience
from core.privacy import Viewer
from core.social import circles
from core.social import friends
from tests.builders import World
from tests.unit.core.helpers import befriend, person, tx

PUBLIC, FRIENDS, PRIVATE = Audience(Visibility.PUBLIC), Audience(Visibility.FRIENDS), Audience(Visibility.PRIVATE)


async def post(world: World, author: Account, text: str = "hello", audience: Audience = PUBLIC) -> Post:
    return await tx(world, lambda uow: posts.create_post(uow, world.clock.now(), author, text, audience))


async def sees(world: World, viewer: Account | None, p: Post) -> bool:
    who = Viewer(viewer.id if viewer else None)
    try:
        await tx(world, lambda uow: posts.visible_post(uow, who, p.id))
    except NotFound:
        return False
    return True


async def events(world: World) -> list[object]:
    return [s.event for s in await tx(world, lambda uow: uow.outbox.claim(100))]


async def test_a_post_without_an_audience_goes_to_the_authors_default(world: World) -> None:
    alice, bob, carol = await person(world, "alice"), await person(world, "bob"), await person(world, "carol")
    await befriend(world, alice, bob)
    audience = await tx(world, lambda uow: posts.resolve_audience(uow, alice, None))
    assert audience == FRIENDS
    p = await post(world, alice, audience=audience)
    assert (await sees(world, alice, p), await sees(world, bob, p), await sees(world, carol, p),
            await sees(world, None, p)) == (True, True, False, False)


async def test_a_circle_post_reaches_its_members_only_and_a_deleted_circle_leaves_it_to_the_author(world: World) -> None:
    alice, bob, dave = await person(world, "alice"), await person(world, "bob"), await person(world, "dave")
    for friend in (bob, dave):
        await befriend(world, alice, friend)
    await tx(world, lambda uow: circles.new_circle(uow, alice, "family"))
    await tx(world, lambda uow: circles.add_members(uow, alice, "family", [bob]))
    audience = await tx(world, lambda uow: posts.resolve_audience(uow, alice, "@Family"))
    assert (audience.visibility, audience.circle_name) == (Visibility.CIRCLE, "family")
    p = await post(world, alice, audience=audience)
    assert (await sees(world, bob, p), await sees(world, dave, p)) == (True, False)
    await tx(world, lambda uow: circles.delete_circle(uow, alice, "family"))
    assert (await sees(world, alice, p), await sees(world, bob, p)) == (True, False)


async def test_audiences_name_one_of_the_authors_own_circles_or_a_known_word(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    await tx(world, lambda uow: circles.new_circle(uow, bob, "family"))
    with pytest.raises(NotFound, match="no circle called family"):
        await tx(world, lambda uow: posts.resolve_audience(uow, alice, "@family"))
    for token, message in (("circle", "Name the circle"), ("everyone", "Visibility is one of")):
        with pytest.raises(Invalid, match=message):
            await tx(world, lambda uow: posts.resolve_audience(uow, alice, token))


async def test_empty_and_overlong_posts_are_refused_and_nothing_is_written(world: World) -> None:
    alice = await person(world, "alice")
    for text, message in (("   ", "The post is empty"), ("x" * (MAX_POST + 1), "the limit is 2,000")):
        with pytest.raises(Invalid, match=message):
            await post(world, alice, text)
    assert await tx(world, lambda uow: uow.posts.by_author(alice.id, alice.id, privacy.content_rule(Viewer(alice.id)),
                                                           before=None, limit=10)) == []


async def test_only_the_author_edits_or_deletes_and_an_edit_is_marked(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    p = await post(world, alice)
    with pytest.raises(Forbidden, match="is not yours"):
        await tx(world, lambda uow: posts.edit_post(uow, world.clock.now(), bob, p.id, "mine now"))
    with pytest.raises(Forbidden):
        await tx(world, lambda uow: posts.delete_post(uow, bob, p.id))
    world.clock.advance(minutes=5)
    edited = await tx(world, lambda uow: posts.edit_post(uow, world.clock.now(), alice, p.id, "hello again"))
    assert (edited.body, edited.edited_at) == ("hello again", world.clock.now())
    await tx(world, lambda uow: posts.delete_post(uow, alice, p.id))
    assert not await sees(world, alice, p)


async def test_only_public_posts_of_others_travel_and_a_share_never_reaches_more_than_the_original(
    world: World,
) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    await befriend(world, alice, bob)
    limited = await post(world, alice, audience=FRIENDS)
    now = world.clock.now()
    with pytest.raises(Forbidden, match="is not public"):
        await tx(world, lambda uow: posts.share(uow, now, bob, limited.id, "", PRIVATE))
    with pytest.raises(Invalid, match="is for friends only"):
        await tx(world, lambda uow: posts.share(uow, now, alice, limited.id, "", PUBLIC))
    alice.default_visibility = Visibility.PUBLIC
    narrowed = await tx(world, lambda uow: posts.share(uow, now, alice, limited.id, ""))
    assert narrowed.visibility is Visibility.FRIENDS  # the public default narrows to the original's
    assert (await tx(world, lambda uow: posts.share(uow, now, alice, limited.id, "", PRIVATE))).visibility \
        is Visibility.PRIVATE


async def test_a_share_of_a_share_points_at_the_original_and_counts_there(world: World) -> None:
    alice, bob, carol = await person(world, "alice"), await person(world, "bob"), await person(world, "carol")
    original = await post(world, alice, "a sunset")
    now = world.clock.now()
    first = await tx(world, lambda uow: posts.share(uow, now, bob, original.id, "look", PUBLIC))
    second = await tx(world, lambda uow: posts.share(uow, now, carol, first.id, "", PUBLIC))
    assert (first.shared_post_id, second.shared_post_id) == (original.id, original.id)
    assert (await tx(world, lambda uow: uow.posts.get(original.id))).share_count == 2  # type: ignore[union-attr]
    assert [e for e in await events(world) if isinstance(e, PostShared)] == [
        PostShared(original.id, first.id, bob.id, alice.id), PostShared(original.id, second.id, carol.id, alice.id)]


async def test_a_like_counts_once_tells_the_author_once_and_never_for_ones_own(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    p = await post(world, alice)
    await events(world)
    now = world.clock.now()
    liked, new = await tx(world, lambda uow: posts.like(uow, now, bob, p.id))
    assert (liked.like_count, new) == (1, True)
    assert (await tx(world, lambda uow: posts.like(uow, now, bob, p.id)))[1] is False
    await tx(world, lambda uow: posts.like(uow, now, alice, p.id))
    assert await events(world) == [PostLiked(p.id, bob.id, alice.id)]
    unliked, gone = await tx(world, lambda uow: posts.unlike(uow, bob, p.id))
    assert (unliked.like_count, gone) == (1, True)
    assert (await tx(world, lambda uow: posts.unlike(uow, bob, p.id)))[1] is False


async def test_nobody_likes_or_comments_on_what_they_cannot_see(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    p = await post(world, alice, audience=FRIENDS)
    now = world.clock.now()
    with pytest.raises(NotFound, match="no post"):
        await tx(world, lambda uow: posts.like(uow, now, bob, p.id))
    with pytest.raises(NotFound, match="no post"):
        await tx(world, lambda uow: posts.add_comment(uow, now, bob, p.id, "hi"))


async def test_a_reply_to_a_reply_joins_the_thread_and_tells_both_authors(world: World) -> None:
    alice, bob, carol = await person(world, "alice"), await person(world, "bob"), await person(world, "carol")
    p = await post(world, alice)
    now = world.clock.now()
    head = await tx(world, lambda uow: posts.add_comment(uow, now, bob, p.id, "nice"))
    reply = await tx(world, lambda uow: posts.add_reply(uow, now, carol, head.id, "agreed"))
    deeper = await tx(world, lambda uow: posts.add_reply(uow, now, alice, reply.id, "thanks"))
    assert (reply.parent_id, deeper.parent_id) == (head.id, head.id)
    assert [e for e in await events(world) if isinstance(e, CommentAdded)][-1] == \
        CommentAdded(deeper.id, p.id, alice.id, alice.id, carol.id)
    [thread] = await tx(world, lambda uow: comments.threads(uow, Viewer(None), p))
    assert (thread.comment.id, [r.comment.id for r in thread.replies]) == (head.id, [reply.id, deeper.id])


async def test_deleting_a_comment_takes_its_replies_and_the_count_follows(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    p = await post(world, alice)
    now = world.clock.now()
    head = await tx(world, lambda uow: posts.add_comment(uow, now, bob, p.id, "first"))
    reply = await tx(world, lambda uow: posts.add_reply(uow, now, alice, head.id, "re"))
    other = await tx(world, lambda uow: posts.add_comment(uow, now, bob, p.id, "second"))
    with pytest.raises(Forbidden, match="is not yours"):
        await tx(world, lambda uow: comments.delete_comment(uow, bob, reply.id))
    assert await tx(world, lambda uow: comments.delete_comment(uow, alice, head.id)) == [head.id, reply.id]
    [counted] = await tx(world, lambda uow: posts.counted(uow, Viewer(None), [p]))
    assert counted.comment_count == 1
    assert (await tx(world, lambda uow: uow.posts.get(p.id))).comment_count == 1  # type: ignore[union-attr]
    assert [t.comment.id for t in await tx(world, lambda uow: comments.threads(uow, Viewer(bob.id), p))] == [other.id]


async def test_the_feed_holds_friends_posts_newest_first_in_pages_that_never_repeat(world: World) -> None:
    alice, bob, carol = await person(world, "alice"), await person(world, "bob"), await person(world, "carol")
    await befriend(world, alice, bob)
    written = [(await post(world, author, f"p{n}", FRIENDS)).id for n, author in enumerate([bob, alice, carol] * 5)]
    mine = [pid for pid, author in zip(written, [bob, alice, carol] * 5) if author is not carol]
    pages, before = [], None
    while page := await tx(world, lambda uow: posts.feed(uow, alice, before, 4)):
        pages.append([v.post.id for v in page])
        before = page[-1].post.id
    assert [pid for page in pages for pid in page] == sorted(mine, reverse=True)
    assert [len(p) for p in pages] == [4, 4, 2]


async def test_a_new_friendship_backfills_the_feed_and_unfriending_empties_it(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    earlier = await post(world, bob, "before we met", PUBLIC)
    await befriend(world, alice, bob)
    assert [v.post.id for v in await tx(world, lambda uow: posts.feed(uow, alice))] == [earlier.id]
    await tx(world, lambda uow: friends.unfriend(uow, alice, bob))
    assert await tx(world, lambda uow: posts.feed(uow, alice)) == []


async def test_zone_listings_page_by_id_and_count_only_what_the_viewer_may_see(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    audiences = [PUBLIC, FRIENDS, PRIVATE, PUBLIC, PUBLIC]
    ids = [(await post(world, alice, f"p{n}", a)).id for n, a in enumerate(audiences)]
    stranger = Viewer(bob.id)
    first = await tx(world, lambda uow: posts.zone_posts(uow, stranger, alice, limit=2))
    rest = await tx(world, lambda uow: posts.zone_posts(uow, stranger, alice, before=first[-1].post.id, limit=2))
    assert [v.post.id for v in first + rest] == [ids[4], ids[3], ids[0]]
    assert await tx(world, lambda uow: posts.count_visible(uow, stranger, alice)) == 3
    assert await tx(world, lambda uow: posts.count_visible(uow, Viewer(alice.id), alice)) == 5


async def test_a_blocked_viewer_sees_none_of_the_blockers_posts_and_cannot_touch_them(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    p = await post(world, alice, "for everyone", PUBLIC)
    await tx(world, lambda uow: friends.block(uow, world.clock.now(), alice, bob))
    assert (await sees(world, bob, p), await sees(world, None, p)) == (False, True)
    assert await tx(world, lambda uow: posts.zone_posts(uow, Viewer(bob.id), alice)) == []
    with pytest.raises(NotFound, match="no post"):
        await tx(world, lambda uow: posts.share(uow, world.clock.now(), bob, p.id, "", PUBLIC))


async def test_a_body_is_rendered_by_the_renderer_given_as_it_is_written_and_again_at_each_edit(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    await befriend(world, alice, bob)
    render, now = (lambda text: f"<p>{text.upper()}</p>"), world.clock.now()
    p = await tx(world, lambda uow: posts.create_post(uow, now, alice, "hi", PUBLIC, render=render))
    blog = await tx(world, lambda uow: posts.create_blog(uow, now, alice, "T", "long", PUBLIC, render=render))
    shared = await tx(world, lambda uow: posts.share(uow, now, bob, p.id, "look", PUBLIC, render=render))
    bare = await post(world, alice, "no renderer")
    stored = await tx(world, lambda uow: uow.posts.get(shared.id))
    assert (p.body_html, blog.body_html, stored.body_html, bare.body_html) == (
        "<p>HI</p>", "<p>LONG</p>", "<p>LOOK</p>", None)
    await tx(world, lambda uow: posts.edit_post(uow, now, alice, p.id, "again", render=render))
    assert (await tx(world, lambda uow: uow.posts.get(p.id))).body_html == "<p>AGAIN</p>"
    # Without a renderer an edit keeps no HTML of the old text: the reader renders the new one.
    await tx(world, lambda uow: posts.edit_post(uow, now, alice, p.id, "bare again"))
    assert (await tx(world, lambda uow: uow.posts.get(p.id))).body_html is None
