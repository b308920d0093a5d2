"""Posts, blog posts, comments, likes and reshares."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from core import privacy
from core.errors import Forbidden, Invalid, NotFound, OpenZoneError
from core.i18n import _
from core.model import (
    MAX_BLOG, MAX_COMMENT, MAX_POST, MAX_TITLE, Account, Comment, Post, PostKind, PostStatus, Relation, Visibility,
    validate_circle_name, validate_text,
)
from core.moderation import screening
from core.ports import UnitOfWork
from core.posts import comments
from core.posts.events import CommentAdded, CommentAwaitsApproval, PostCreated, PostLiked, PostShared
from core.posts.model import MAX_PAGE, PAGE_SIZE, Audience, PostView, audience_word  # noqa: F401 (the page sizes: callers read them here)
# The reading side is core.posts.reading; its names stay reachable here, where callers have them.
from core.posts.reading import (  # noqa: F401
    clamp_limit, count_visible, counted, feed, is_public, listed_view, views, zone_posts,
)
from core.posts.ports import BodyRenderer, VersionedRenderer
from core.privacy import Viewer


def html_of(body: str, render: BodyRenderer | None) -> str | None:
    """The HTML a post version's body is shown as, rendered once as it is written (None: no renderer given;
    the reader renders it then). The body alone decides it, never who will read it."""
    return render(body) if render is not None else None


async def rerender(uow: UnitOfWork, render: VersionedRenderer, first_id: int, last_id: int,
                   limit: int) -> tuple[int, int]:
    """Render again, with `render`, the bodies of posts first_id to last_id whose stored HTML it didn't make
    (written before there was a renderer, or under older rules), at most `limit` of them, so readers are
    shown HTML without it being rendered per request. An edit meanwhile keeps its own HTML. Returns how
    many were stored and the last post number done (last_id, or before it when `limit` were found)."""
    found = await uow.posts.unrendered(render.made_with, first_id, last_id, limit)
    stored = 0
    for post_id, body in found:
        stored += await uow.posts.store_html(post_id, body, render(body))
    return stored, found[-1][0] if len(found) >= limit else last_id


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
    uow: UnitOfWork, now: datetime, author: Account, text: str, audience: Audience, *,
    render: BodyRenderer | None = None,
) -> Post:
    body = validate_text(text, what="post", limit=MAX_POST)
    status = await screening.screen_post(uow, author, body)  # mutes, bans, the word filter
    post = await uow.posts.publish(Post(
        id=0, author_id=author.id, body=body, visibility=audience.visibility,
        circle_id=audience.circle_id, created_at=now, status=status, body_html=html_of(body, render),
    ))
    if status is PostStatus.HIDDEN:
        await screening.held(uow, now, post, body)
    uow.events.append(PostCreated(post.id, author.id, held=status is PostStatus.HIDDEN))
    return post


def is_public_new(author: Account, post: Post) -> bool:
    """`is_public` for a post `author` wrote in this transaction (create_post, create_blog, share), decided
    without reading it back: its screening refused a banned author, so the owner is in good standing, and the
    rest of the anonymous rule is the post's own status and audience and the author's zone, all in hand."""
    facts = privacy.Facts(Relation(), author.zone_visibility, post.visibility, post.circle_id,
                          active=post.status is PostStatus.ACTIVE)
    return privacy.evaluate(privacy.content_rule(privacy.ANONYMOUS), facts)


async def create_blog(
    uow: UnitOfWork, now: datetime, author: Account, title: str, body: str, audience: Audience, *,
    render: BodyRenderer | None = None,
) -> Post:
    title = validate_text(title, what="title", limit=MAX_TITLE, multiline=False)
    body = validate_text(body, what="blog body", limit=MAX_BLOG)
    status = await screening.screen_post(uow, author, title, body)
    post = await uow.posts.publish(Post(
        id=0, author_id=author.id, body=body, title=title, kind=PostKind.BLOG,
        visibility=audience.visibility, circle_id=audience.circle_id, created_at=now, status=status,
        body_html=html_of(body, render),
    ))
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


async def edit_post(
    uow: UnitOfWork, now: datetime, actor: Account, post_id: int, text: str, *, render: BodyRenderer | None = None,
) -> Post:
    post = await own_post(uow, actor, post_id)
    limit = MAX_BLOG if post.kind is PostKind.BLOG else MAX_POST
    post.body = validate_text(text, what="post", limit=limit)
    post.body_html = html_of(post.body, render)  # the old text's HTML never outlives it (None: rendered when shown)
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
    uow: UnitOfWork, now: datetime, actor: Account, post_id: int, remark: str, audience: Audience | None = None, *,
    render: BodyRenderer | None = None,
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
    post = await uow.posts.publish(Post(
        id=0, author_id=actor.id, body=body, visibility=audience.visibility, circle_id=audience.circle_id,
        shared_post_id=original.id, created_at=now, status=status, body_html=html_of(body, render),
    ))
    if status is PostStatus.HIDDEN:
        await screening.held(uow, now, post, body)
    if original.author_id != actor.id:
        await uow.outbox.add(PostShared(original.id, post.id, actor.id, original.author_id), now)
    return post
