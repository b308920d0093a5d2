"""Posts, blog posts, comments, likes and reshares."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from core import privacy
from core.errors import Forbidden, Invalid, NotFound, OpenZoneError
from core.i18n import _
from core.model import (
    MAX_BLOG, MAX_COMMENT, MAX_POST, MAX_TITLE, Account, Comment, Post, PostKind, PostStatus, Visibility,
    validate_circle_name, validate_text,
)
from core.moderation import screening
from core.pages import Listed
from core.ports import UnitOfWork
from core.posts import comments
from core.posts.events import CommentAdded, CommentAwaitsApproval, PostCreated, PostLiked, PostShared
from core.posts.model import MAX_PAGE, PAGE_SIZE, Audience, PostView, audience_word
from core.privacy import Viewer


def no_post(post_id: int) -> str:
    """The one answer for a post that doesn't exist or that the asker may not see."""
    return _("There is no post #{id} that you can see.").format(id=post_id)


def no_comment(comment_id: int) -> str:
    return _("There is no comment c{id} that you can see.").format(id=comment_id)


async def resolve_audience(uow: UnitOfWork, author: Account, token: str | None) -> Audience:
    """`public`, `friends`, `private`, `@circle`, or None for the author's default."""
    if token is None:
        return Audience(author.default_visibility)
    if token.startswith("@"):
        name = validate_circle_name(token[1:])
        circle = await uow.social.circle_by_name(author.id, name)
        if circle is None:
            raise NotFound(_("You have no circle called {name}. /circle list shows yours.").format(name=name))
        return Audience(Visibility.CIRCLE, circle.id, circle.name)
    try:
        vis = Visibility(token)
    except ValueError:
        raise Invalid(_("Visibility is one of: public, friends, private or @circle.")) from None
    if vis is Visibility.CIRCLE:
        raise Invalid(_("Name the circle: @family, for example."))
    return Audience(vis)


async def create_post(
    uow: UnitOfWork, now: datetime, author: Account, text: str, audience: Audience,
) -> Post:
    body = validate_text(text, what="post", limit=MAX_POST)
    status = await screening.screen_post(uow, author, body)  # mutes, bans, the word filter
    post = await uow.posts.add(Post(
        id=0, author_id=author.id, body=body, visibility=audience.visibility,
        circle_id=audience.circle_id, created_at=now, status=status,
    ))
    await uow.posts.fan_out(post)
    if status is PostStatus.HIDDEN:
        await screening.held(uow, now, post, body)
    uow.events.append(PostCreated(post.id, author.id, held=status is PostStatus.HIDDEN))
    return post


async def create_blog(
    uow: UnitOfWork, now: datetime, author: Account, title: str, body: str, audience: Audience,
) -> Post:
    title = validate_text(title, what="title", limit=MAX_TITLE, multiline=False)
    body = validate_text(body, what="blog body", limit=MAX_BLOG)
    status = await screening.screen_post(uow, author, title, body)
    post = await uow.posts.add(Post(
        id=0, author_id=author.id, body=body, title=title, kind=PostKind.BLOG,
        visibility=audience.visibility, circle_id=audience.circle_id, created_at=now, status=status,
    ))
    await uow.posts.fan_out(post)
    if status is PostStatus.HIDDEN:
        await screening.held(uow, now, post, title, body)
    uow.events.append(PostCreated(post.id, author.id, held=status is PostStatus.HIDDEN))
    return post


async def own_post(uow: UnitOfWork, actor: Account, post_id: int) -> Post:
    post = await uow.posts.get_visible(post_id, actor.id, privacy.content_rule(Viewer(actor.id)))
    if post is None:
        raise NotFound(no_post(post_id))
    if post.author_id != actor.id:
        raise Forbidden(_("#{id} is not yours; you can only change your own posts.").format(id=post_id))
    return post


async def edit_post(uow: UnitOfWork, now: datetime, actor: Account, post_id: int, text: str) -> Post:
    post = await own_post(uow, actor, post_id)
    limit = MAX_BLOG if post.kind is PostKind.BLOG else MAX_POST
    post.body = validate_text(text, what="post", limit=limit)
    # An edit passes the filter too, and never un-hides what a moderator hid.
    if await screening.screen_post(uow, actor, post.body) is PostStatus.HIDDEN:
        post.status = PostStatus.HIDDEN
        await screening.held(uow, now, post, post.body)
    post.edited_at = now
    await uow.posts.save(post)
    return post


async def delete_post(uow: UnitOfWork, actor: Account, post_id: int) -> None:
    post = await own_post(uow, actor, post_id)
    await uow.posts.delete(post.id)


async def visible_post(uow: UnitOfWork, viewer: Viewer, post_id: int) -> Post:
    """The post if `viewer` may see it; NotFound otherwise (never confirm a hidden post exists)."""
    post = await uow.posts.get_visible(post_id, viewer.account_id, privacy.content_rule(viewer))
    if post is None:
        raise NotFound(no_post(post_id))
    return post


async def _interactable(uow: UnitOfWork, actor: Account, post_id: int) -> Post:
    post = await uow.posts.get_visible(post_id, actor.id, privacy.interact_rule(Viewer(actor.id)))
    if post is None:
        raise NotFound(no_post(post_id))
    return post


async def add_comment(uow: UnitOfWork, now: datetime, actor: Account, post_id: int, text: str) -> Comment:
    """A comment on a post the actor may touch, stored by the statement that checks they may
    (privacy.interact_rule); the post's comment policy is asked of the post that statement's tally
    update returns, and a refusal rolls the comment back with the command."""
    try:
        body = validate_text(text, what="comment", limit=MAX_COMMENT)
        await screening.screen_comment(uow, actor, body)
    except OpenZoneError:
        # What is wrong with the post is said first (no such post, then its comment policy), as ever.
        await comments.admit(uow, actor, await _interactable(uow, actor, post_id))
        raise
    stored = await uow.posts.add_comment_shown(
        Comment(id=0, post_id=post_id, author_id=actor.id, body=body, created_at=now),
        privacy.interact_rule(Viewer(actor.id)))
    if stored is None:
        raise NotFound(no_post(post_id))
    comment, post = stored
    status = await comments.admit(uow, actor, post)
    return await announce(uow, now, comment, post.author_id, status)


async def add_reply(uow: UnitOfWork, now: datetime, actor: Account, comment_id: int, text: str) -> Comment:
    """A reply under a comment on a post or on an album photo (one level: a reply to a reply joins its thread)."""
    try:
        parent, subject = await comments.visible_comment(uow, Viewer(actor.id), comment_id, touch=True)
    except NotFound:
        raise NotFound(no_comment(comment_id)) from None
    status = await comments.admit(uow, actor, subject.post) if subject.post is not None else PostStatus.ACTIVE
    thread = parent.parent_id or parent.id
    body = validate_text(text, what="reply", limit=MAX_COMMENT)
    await screening.screen_comment(uow, actor, body)
    comment = await uow.posts.add_comment(Comment(
        id=0, post_id=parent.post_id, photo_id=parent.photo_id, author_id=actor.id, body=body, parent_id=thread,
        created_at=now,
    ))
    return await announce(uow, now, comment, subject.owner_id, status, parent.author_id)


async def announce(
    uow: UnitOfWork, now: datetime, comment: Comment, owner_id: int, status: PostStatus,
    parent_author: int | None = None,
) -> Comment:
    """A new comment is news to the owner of what it is on (and the replied-to): at once, or as a question when it
    waits for the post owner's approval."""
    if status is PostStatus.PENDING:
        assert comment.post_id is not None  # only posts ask their owner first
        await uow.posts.set_comment_status(comment.id, status.value)
        await uow.outbox.add(CommentAwaitsApproval(comment.id, comment.post_id, comment.author_id, owner_id), now)
        return dataclasses.replace(comment, status=status)
    await uow.outbox.add(CommentAdded(comment.id, comment.post_id, comment.author_id, owner_id, parent_author,
                                      photo_id=comment.photo_id), now)
    return comment


async def like(uow: UnitOfWork, now: datetime, actor: Account, post_id: int) -> tuple[Post, bool]:
    """Like a post; liking twice is harmless. Returns (post, newly liked)."""
    view, new = await like_view(uow, now, actor, post_id)
    return view.post, new


async def like_view(uow: UnitOfWork, now: datetime, actor: Account, post_id: int) -> tuple[PostView, bool]:
    """`like`, returning the post as the liker sees it with its author (chat's reply shows both).

    The like is stored by the statement that checks the post is one the liker may touch (a blocked
    person never sees the blocker's posts: privacy.interact_rule), and the post comes back counted
    with its author, for the reply."""
    v = Viewer(actor.id)
    found = await uow.posts.like_shown(post_id, actor.id, privacy.interact_rule(v), privacy.comment_rule(v),
                                       privacy.presence_rule(v))
    if found is None:
        raise NotFound(no_post(post_id))
    post, author, new = found
    if new and post.author_id != actor.id:
        await uow.outbox.add(PostLiked(post.id, actor.id, post.author_id), now)
    return PostView(post=post, author=author, liked=True), new


async def unlike(uow: UnitOfWork, actor: Account, post_id: int) -> tuple[Post, bool]:
    post = await visible_post(uow, Viewer(actor.id), post_id)
    gone = await uow.posts.unlike(post.id, actor.id)
    [post] = await counted(uow, Viewer(actor.id), [post])
    return post, gone


async def share(
    uow: UnitOfWork, now: datetime, actor: Account, post_id: int, remark: str, audience: Audience | None = None,
) -> Post:
    """Reshare a post to `audience` (None: the actor's default, narrowed to the original's audience)."""
    original = await _interactable(uow, actor, post_id)
    if original.shared_post_id is not None:
        original = await _interactable(uow, actor, original.shared_post_id)
    # Like Mastodon's boosts: only public posts travel, so a share can never widen an audience.
    if original.visibility is not Visibility.PUBLIC and original.author_id != actor.id:
        raise Forbidden(_("#{id} is not public, so it can't be shared. Like or comment on it instead.").format(id=original.id))
    # One's own limited post may be reshared, but never to more people than it was for.
    if audience is None:
        audience = Audience(actor.default_visibility)
        if not privacy.within(audience.visibility, None, original.visibility, original.circle_id):
            audience = Audience(original.visibility, original.circle_id)
    elif not privacy.within(audience.visibility, audience.circle_id, original.visibility, original.circle_id):
        raise Invalid(_("#{id} is for {audience} only, so a share of it can't reach more people. Share it to "
                        "the same audience or a narrower one.").format(id=original.id, audience=audience_word(original.visibility)))
    body = validate_text(remark, what="remark", limit=MAX_POST, allow_empty=True)
    status = await screening.screen_post(uow, actor, body)
    post = await uow.posts.add(Post(
        id=0, author_id=actor.id, body=body, visibility=audience.visibility, circle_id=audience.circle_id,
        shared_post_id=original.id, created_at=now, status=status,
    ))
    await uow.posts.fan_out(post)
    if status is PostStatus.HIDDEN:
        await screening.held(uow, now, post, body)
    if original.author_id != actor.id:
        await uow.outbox.add(PostShared(original.id, post.id, actor.id, original.author_id), now)
    return post


def clamp_limit(limit: int | None) -> int:
    return max(1, min(limit or PAGE_SIZE, MAX_PAGE))


async def counted(uow: UnitOfWork, viewer: Viewer, posts: list[Post]) -> list[Post]:
    """The posts with like and comment counts of what the viewer may see.

    Counted when read, so a hidden or removed comment and a banned person's likes and comments
    drop out of the numbers at once, and come back with an unban or a restore.
    """
    counts = await uow.posts.visible_counts([p.id for p in posts], viewer.account_id,
                                            privacy.comment_rule(viewer), privacy.presence_rule(viewer))
    return [dataclasses.replace(p, like_count=counts[p.id][0], comment_count=counts[p.id][1])
            if p.id in counts else p for p in posts]


async def views(uow: UnitOfWork, viewer: Viewer, posts: list[Post]) -> list[PostView]:
    """Decorate posts with authors, like state, counts and the shared originals the viewer may see."""
    counted_posts = await counted(uow, viewer, posts)
    liked = (await uow.posts.liked_by([p.id for p in posts], viewer.account_id)
             if viewer.account_id is not None and posts else set())
    return await _decorated(uow, viewer, counted_posts, liked)


async def _listed(uow: UnitOfWork, viewer: Viewer, post_ids: list[int]) -> dict[int, tuple[Post, bool]]:
    """Those of the posts `viewer` may see, counted, with whether they liked each (one statement)."""
    return await uow.posts.listed(post_ids, viewer.account_id, privacy.content_rule(viewer),
                                  privacy.comment_rule(viewer), privacy.presence_rule(viewer))


async def _decorated(uow: UnitOfWork, viewer: Viewer, posts: list[Post], liked: set[int],
                     known: dict[int, Account] | None = None) -> list[PostView]:
    """PostViews of counted posts the viewer liked `liked` of: their authors (`known` ones are not read
    again), the circle names an author sees, and the shared originals the viewer may see — those
    read, counted and decorated here (no statement when nothing is shared)."""
    shared_ids = list({p.shared_post_id for p in posts if p.shared_post_id})
    found = await _listed(uow, viewer, shared_ids)  # one statement for all the originals shown
    originals = {i: post for i, (post, _liked) in found.items()}
    liked = liked | {i for i, (_post, was_liked) in found.items() if was_liked}
    all_posts = [*posts, *originals.values()]
    authors = dict(known or {})
    missing = list({p.author_id for p in all_posts} - authors.keys())
    if missing:
        authors.update(await uow.accounts.get_many(missing))

    circles: dict[int, str] = {}
    if any(p.circle_id is not None and p.author_id == viewer.account_id for p in all_posts):
        assert viewer.account_id is not None
        circles = {c.id: c.name for c in await uow.social.circles_of(viewer.account_id)}

    def one(p: Post) -> PostView:
        orig = originals.get(p.shared_post_id) if p.shared_post_id else None
        return PostView(
            post=p, author=authors[p.author_id], liked=p.id in liked,
            shared=one(orig) if orig else None,
            shared_missing=p.shared_post_id is not None and orig is None,
            circle_name=circles.get(p.circle_id) if p.circle_id is not None and p.author_id == viewer.account_id
            else None,
        )

    return [one(p) for p in posts]


async def feed(uow: UnitOfWork, viewer: Account, before: int | None = None, limit: int | None = None) -> list[PostView]:
    """Posts of friends and one's own, newest first, keyset-paginated by post id.

    One statement reads the page with its counts, likes and authors (no shared original: none more)."""
    v = Viewer(viewer.id)
    found = await uow.posts.feed_listing(viewer.id, privacy.content_rule(v), privacy.comment_rule(v),
                                         privacy.presence_rule(v), before=before, limit=clamp_limit(limit))
    return await _decorated(uow, v, [p for p, _liked, _author in found], {p.id for p, liked, _a in found if liked},
                            {a.id: a for _p, _liked, a in found})


async def zone_posts(
    uow: UnitOfWork, viewer: Viewer, owner: Account, before: int | None = None,
    limit: int | None = None, kind: PostKind | None = None,
) -> list[PostView]:
    """An owner's posts that `viewer` may see (empty when the zone itself is closed to them).

    One statement reads the page with its counts, likes and the originals its shares show
    (core.pages.PageReads.posts); the author is the owner, known already.
    """
    found = await uow.pages.posts(
        owner.id, viewer.account_id, privacy.content_rule(viewer), privacy.comment_rule(viewer),
        privacy.presence_rule(viewer), before=before, limit=clamp_limit(limit), kind=kind,
    )
    return [listed_view(viewer, item, owner) for item in found]


def listed_view(viewer: Viewer, item: Listed, author: Account) -> PostView:
    """A listed post as `viewer` sees it (as `_decorated` decorates): the circle it is for is named to its
    author only, and a share whose original the viewer may not see says so."""
    post, original = item.post, item.original
    shared = None
    if original is not None:
        assert item.original_author is not None
        # An original is never a share itself (`share` shares the root); its own original is not read.
        shared = PostView(original.post, item.original_author, original.liked,
                          shared_missing=original.post.shared_post_id is not None,
                          circle_name=_named(viewer, original))
    return PostView(post, author, item.liked, shared, post.shared_post_id is not None and original is None,
                    _named(viewer, item))


def _named(viewer: Viewer, item: Listed) -> str | None:
    post = item.post
    return item.circle_name if post.circle_id is not None and post.author_id == viewer.account_id else None


async def count_visible(uow: UnitOfWork, viewer: Viewer, owner: Account) -> int:
    return await uow.posts.count_by_author(owner.id, viewer.account_id, privacy.content_rule(viewer))


async def is_public(uow: UnitOfWork, post: Post) -> bool:
    """Whether a stranger may see this post — if not, chat shows it only to the asker (DM, ephemeral)."""
    return await uow.posts.get_visible(post.id, None, privacy.content_rule(privacy.ANONYMOUS)) is not None
