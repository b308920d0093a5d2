"""Comments as people see them: threads, one comment, and removal by its author or the owner of what it is on.

A comment is on a post or on an album's photo (core.posts.subjects); both go through this code.
What shows is core.privacy.comment_rule, applied in the query: a comment a moderator hid shows
to its author only, a banned author's comments are gone until the ban ends, and a reply shows
only under a thread head that shows. A removed thread head takes its replies with it.

Who may comment at all is the post owner's choice (`set_policy`, CommentPolicy), decided here
(`admit`) for comments and replies alike; on an approve-only post, others' comments wait
(PostStatus.PENDING) for the owner's Approve or Reject (`approve`, `reject`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from core import privacy
from core.errors import Conflict, Forbidden, Invalid, NotFound
from core.events import Event
from core.i18n import _
from core.model import Account, Comment, CommentPolicy, Photo, Post, PostStatus
from core.ports import UnitOfWork
from core.posts.events import CommentAdded, CommentApproved, CommentAwaitsApproval
from core.posts.subjects import Subject, subject_of
from core.privacy import Viewer
from core.recipients import present_to, recipients_for


THREAD_LIMIT = 200
"""The most comments a post shows, oldest first."""


@dataclass(frozen=True)
class CommentView:
    comment: Comment
    author: Account
    replies: tuple[CommentView, ...] = ()
    removable: bool = False
    """The viewer may delete it (`delete_comment`, `removable_by`): a front end offers it only then."""


def removable_by(viewer: Viewer, comment: Comment, owner_id: int) -> bool:
    """Whether `viewer` may remove `comment` (with its replies): its writer, or the owner of what it is on
    (`owner_id`: the post's author, the photo's owner)."""
    return viewer.account_id is not None and viewer.account_id in (comment.author_id, owner_id)


async def threads(uow: UnitOfWork, viewer: Viewer, post: Post) -> list[CommentView]:
    """Threads of a post the viewer has already been allowed to see, as far as they may see them."""
    found = await uow.pages.comments(post.id, viewer.account_id, privacy.comment_rule(viewer), THREAD_LIMIT)
    return threads_of(viewer, found, post.author_id)


def threads_of(viewer: Viewer, found: list[tuple[Comment, Account]], owner_id: int) -> list[CommentView]:
    """Threads of comments read with their writers (core.pages.PageReads.comments, talk) on what `owner_id` owns."""
    return _threaded(viewer, [c for c, _ in found], {c.author_id: a for c, a in found}, owner_id)


async def photo_threads(uow: UnitOfWork, viewer: Viewer, photo: Photo) -> list[CommentView]:
    """Threads of an album photo the viewer has already been allowed to see, as far as they may see them."""
    rows = await uow.posts.photo_comments(photo.id, viewer.account_id, privacy.comment_rule(viewer))
    return await _threads(uow, viewer, rows, photo.owner_id)


async def _threads(uow: UnitOfWork, viewer: Viewer, rows: list[Comment], owner_id: int) -> list[CommentView]:
    return _threaded(viewer, rows, await uow.accounts.get_many(list({c.author_id for c in rows})), owner_id)


def _threaded(viewer: Viewer, rows: list[Comment], authors: dict[int, Account], owner_id: int) -> list[CommentView]:
    replies: dict[int, list[CommentView]] = {}
    for c in rows:
        if c.parent_id is not None:
            replies.setdefault(c.parent_id, []).append(
                CommentView(c, authors[c.author_id], removable=removable_by(viewer, c, owner_id)))
    return [
        CommentView(c, authors[c.author_id], tuple(replies.get(c.id, ())), removable_by(viewer, c, owner_id))
        for c in rows if c.parent_id is None
    ]


async def visible_comment(uow: UnitOfWork, viewer: Viewer, comment_id: int, *,
                          touch: bool = False) -> tuple[Comment, Subject]:
    """The comment and what it is on if `viewer` may see both (`touch`: and comment there); NotFound otherwise
    (never confirm it exists)."""
    comment = await uow.posts.get_comment_visible(comment_id, viewer.account_id, privacy.comment_rule(viewer))
    subject = await subject_of(uow, viewer, comment, touch=touch) if comment is not None else None
    if comment is None or subject is None:
        raise NotFound(_("There is no comment c{id} that you can see.").format(id=comment_id))
    return comment, subject


async def delete_comment(uow: UnitOfWork, actor: Account, comment_id: int) -> list[int]:
    """Remove a comment (with its replies) as its author or as the owner of what it is on; returns the ids removed."""
    comment, subject = await visible_comment(uow, Viewer(actor.id), comment_id)
    if not removable_by(Viewer(actor.id), comment, subject.owner_id):
        if subject.photo is not None:
            raise Forbidden(_("c{id} is not yours: you can delete your own comments and comments on your photos. "
                              "/report c{id} REASON tells the moderators.").format(id=comment_id))
        raise Forbidden(_("c{id} is not yours: you can delete your own comments and comments on your posts. "
                          "/report c{id} REASON tells the moderators.").format(id=comment_id))
    removed = await uow.posts.delete_comment(comment)
    await uow.moderation.close_reports(comment_ids=removed)
    return removed


# --- who may comment: the owner's choice per post ----------------------------------------------
async def set_policy(uow: UnitOfWork, actor: Account, post_id: int, policy: str) -> Post:
    """`open`, `friends`, `closed` or `approve` for the actor's own post (comments already there stay)."""
    try:
        chosen = CommentPolicy(policy.strip().lower())
    except ValueError:
        raise Invalid(_("Who may comment is one of: open, friends, closed or approve.")) from None
    post = await uow.posts.get_visible(post_id, actor.id, privacy.content_rule(Viewer(actor.id)))
    if post is None:
        raise NotFound(_("There is no post #{id} that you can see.").format(id=post_id))
    if post.author_id != actor.id:
        raise Forbidden(_("#{id} is not yours; you can only change your own posts.").format(id=post_id))
    post = replace(post, comment_policy=chosen)
    await uow.posts.save(post)
    return post


async def admit(uow: UnitOfWork, actor: Account, post: Post) -> PostStatus:
    """Whether `actor` may comment on `post` (one they may already interact with), and the new comment's status."""
    if actor.id == post.author_id:
        return PostStatus.ACTIVE
    match post.comment_policy:
        case CommentPolicy.CLOSED:
            raise Forbidden(_("Comments on #{id} are closed by its owner.").format(id=post.id))
        case CommentPolicy.FRIENDS if not await uow.social.are_friends(actor.id, post.author_id):
            raise Forbidden(_("Only its owner's friends may comment on #{id}.").format(id=post.id))
        case CommentPolicy.APPROVE:
            return PostStatus.PENDING
    return PostStatus.ACTIVE


async def waiting(uow: UnitOfWork, owner: Account, comment_id: int) -> tuple[Comment, Post]:
    """A comment waiting for `owner`'s decision; NotFound for anyone else (never confirm it exists)."""
    comment = await uow.posts.get_comment(comment_id)
    post = await uow.posts.get(comment.post_id) if comment is not None and comment.post_id is not None else None
    if comment is None or post is None or not privacy.decides_pending(Viewer(owner.id), post.author_id):
        raise NotFound(_("There is no comment c{id} that you can see.").format(id=comment_id))
    if comment.status is not PostStatus.PENDING:
        raise Conflict(_("c{id} is not waiting for approval any more.").format(id=comment_id))
    return comment, post


async def approve(uow: UnitOfWork, now: datetime, owner: Account, comment_id: int) -> Comment:
    """Show a waiting comment to everyone who sees the post; its writer hears of it."""
    comment, post = await waiting(uow, owner, comment_id)
    await uow.posts.set_comment_status(comment.id, PostStatus.ACTIVE.value)
    await uow.outbox.add(CommentApproved(comment.id, post.id, comment.author_id, post.author_id), now)
    return replace(comment, status=PostStatus.ACTIVE)


async def reject(uow: UnitOfWork, owner: Account, comment_id: int) -> Comment:
    """Remove a waiting comment (nobody but its writer ever saw it)."""
    comment, _post = await waiting(uow, owner, comment_id)
    await uow.posts.delete_comment(comment)
    return comment


async def still_waiting(uow: UnitOfWork, event: CommentAwaitsApproval, owner_id: int) -> bool:
    """Whether the owner is (still) to be asked: the comment waits, the post shows to them, no block, no ban."""
    comment = await uow.posts.get_comment(event.comment_id)
    if comment is None or comment.status is not PostStatus.PENDING or owner_id == event.author_id:
        return False
    if await uow.social.is_blocked(owner_id, event.author_id):
        return False
    post = await uow.posts.get_visible(event.post_id, owner_id, privacy.content_rule(Viewer(owner_id)))
    return post is not None and bool(await present_to(uow, event.author_id, [owner_id]))


async def approval_owed(uow: UnitOfWork, event: CommentApproved, writer_id: int) -> bool:
    """Whether the writer hears that their comment was approved: it still shows and so does the post."""
    viewer = Viewer(writer_id)
    shown = await uow.posts.get_comment_visible(event.comment_id, writer_id, privacy.comment_rule(viewer))
    post = await uow.posts.get_visible(event.post_id, writer_id, privacy.content_rule(viewer))
    return (shown is not None and shown.status is PostStatus.ACTIVE and post is not None
            and bool(await present_to(uow, event.post_author_id, [writer_id])))


async def _shown_to(uow: UnitOfWork, account_id: int, comment_id: int) -> bool:
    """Decided when the event is dispatched (and again when sent): a comment removed, hidden, by a since-banned
    author, or on a post or photo the recipient can't see (any more) is news to no one."""
    try:
        await visible_comment(uow, Viewer(account_id), comment_id)
    except NotFound:
        return False
    return True


@recipients_for(CommentAdded)
async def _owner_and_replied_hear(uow: UnitOfWork, event: Event) -> list[int]:
    """The owner of what it is on, and the author of the comment replied to — not the writer themselves."""
    assert isinstance(event, CommentAdded)
    actor = event.author_id
    wanted = [a for a in dict.fromkeys([event.post_author_id, event.parent_author_id]) if a is not None and a != actor]
    # Someone who blocked the commenter doesn't hear from them (a reply on a third zone).
    return [a for a in await present_to(uow, actor, wanted)
            if not await uow.social.is_blocked(a, actor) and await _shown_to(uow, a, event.comment_id)]


@recipients_for(CommentAwaitsApproval)
async def _owner_decides(uow: UnitOfWork, event: Event) -> list[int]:
    assert isinstance(event, CommentAwaitsApproval)
    return [event.post_author_id] if await still_waiting(uow, event, event.post_author_id) else []


@recipients_for(CommentApproved)
async def _writer_hears(uow: UnitOfWork, event: Event) -> list[int]:
    assert isinstance(event, CommentApproved)
    return [event.author_id] if await approval_owed(uow, event, event.author_id) else []
