"""Moderators on comments (on posts and on photos alike): hide (its author still sees it), restore, delete —
each logged and told.

Like posts, a hidden comment stays stored and shows to its author only (core.privacy.comment_rule);
a deleted one is gone with its replies. Reports on the comment close with the action.
"""

from __future__ import annotations

from datetime import datetime

from core.errors import Conflict, NotFound
from core.i18n import _
from core.model import Account, Comment, CommentPolicy, PostStatus
from core.moderation.actions import Staff, check_target, record
from core.moderation.model import Action
from core.ports import UnitOfWork

SNIPPET = 80


async def _comment_and_author(uow: UnitOfWork, staff: Staff, comment_id: int, verb: str) -> tuple[Comment, Account]:
    comment = await uow.posts.get_comment(comment_id)
    author = await uow.accounts.get(comment.author_id) if comment else None
    if comment is None or author is None:
        raise NotFound(_("There is no comment c{id}.").format(id=comment_id))
    await check_target(uow, staff, author, verb)
    return comment, author


async def hide_comment(uow: UnitOfWork, now: datetime, staff: Staff, comment_id: int, reason: str) -> Comment:
    """Hidden from everyone but its author, who is told why; replies under it are hidden with it."""
    comment, author = await _comment_and_author(uow, staff, comment_id, "hide comments of")
    if comment.status is PostStatus.HIDDEN:
        raise Conflict(_("c{id} is already hidden. /mod restore c{id} shows it again.").format(id=comment_id))
    await uow.posts.set_comment_status(comment.id, PostStatus.HIDDEN.value)
    await uow.moderation.close_reports(comment_ids=[comment.id])
    await record(uow, now, staff.account.id, Action.HIDE_COMMENT, target_id=author.id, post_id=comment.post_id,
                 comment_id=comment.id, reason=reason)
    return comment


async def restore_comment(uow: UnitOfWork, now: datetime, staff: Staff, comment_id: int) -> Comment:
    comment, author = await _comment_and_author(uow, staff, comment_id, "restore comments of")
    if comment.status is not PostStatus.HIDDEN:  # a comment awaiting its owner's approval isn't moderators' to admit
        raise Conflict(_("c{id} is not hidden.").format(id=comment_id))
    post = await uow.posts.get(comment.post_id) if comment.post_id is not None else None  # a photo's: no policy
    # Under a post whose owner approves each comment, a restored one waits for the owner again:
    # the hiding may have come before any approval, and restoring must not stand in for it.
    awaits_owner = post is not None and post.comment_policy is CommentPolicy.APPROVE and comment.author_id != post.author_id
    await uow.posts.set_comment_status(comment.id, (PostStatus.PENDING if awaits_owner else PostStatus.ACTIVE).value)
    await uow.moderation.close_reports(comment_ids=[comment.id])
    await record(uow, now, staff.account.id, Action.RESTORE_COMMENT, target_id=author.id, post_id=comment.post_id,
                 comment_id=comment.id)
    return comment


async def delete_comment(uow: UnitOfWork, now: datetime, staff: Staff, comment_id: int, reason: str) -> Comment:
    """Gone for good, with its replies; its author gets what it said and why."""
    comment, author = await _comment_and_author(uow, staff, comment_id, "delete comments of")
    removed = await uow.posts.delete_comment(comment)
    await uow.moderation.close_reports(comment_ids=removed)
    await record(uow, now, staff.account.id, Action.DELETE_COMMENT, target_id=author.id, post_id=comment.post_id,
                 comment_id=comment.id, reason=reason, snippet=comment.body[:SNIPPET])
    return comment
