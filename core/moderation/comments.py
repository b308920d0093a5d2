"""Moderators on comments (on posts and on photos alike): hide (its author still sees it), restore, delete —
each logged and told, through the one flow of core.moderation.content.

Like posts, a hidden comment stays stored and shows to its author only (core.privacy.comment_rule);
a deleted one is gone with its replies. Reports on the comment close with the action.
"""

from __future__ import annotations

from datetime import datetime

from core.i18n import N_
from core.model import Comment, CommentPolicy, PostStatus
from core.moderation import content
from core.moderation.actions import Staff
from core.moderation.model import Action
from core.ports import UnitOfWork


async def _load(uow: UnitOfWork, comment_id: int) -> Comment | None:
    return await uow.posts.get_comment(comment_id)


async def _set_status(uow: UnitOfWork, comment: Comment, status: PostStatus) -> None:
    await uow.posts.set_comment_status(comment.id, status.value)


async def _remove(uow: UnitOfWork, comment: Comment) -> list[int]:
    return await uow.posts.delete_comment(comment)


async def _close_reports(uow: UnitOfWork, comment_ids: list[int]) -> int:
    return await uow.moderation.close_reports(comment_ids=comment_ids)


async def _restored(uow: UnitOfWork, comment: Comment) -> PostStatus:
    post = await uow.posts.get(comment.post_id) if comment.post_id is not None else None  # a photo's: no policy
    # Under a post whose owner approves each comment, a restored one waits for the owner again:
    # the hiding may have come before any approval, and restoring must not stand in for it.
    awaits_owner = post is not None and post.comment_policy is CommentPolicy.APPROVE and comment.author_id != post.author_id
    return PostStatus.PENDING if awaits_owner else PostStatus.ACTIVE


COMMENTS: content.Kind[Comment] = content.Kind(
    noun="comments",
    missing=N_("There is no comment c{id}."),
    already_hidden=N_("c{id} is already hidden. /mod restore c{id} shows it again."),
    not_hidden=N_("c{id} is not hidden."),
    hide_action=Action.HIDE_COMMENT, restore_action=Action.RESTORE_COMMENT, delete_action=Action.DELETE_COMMENT,
    load=_load, set_status=_set_status, remove=_remove, close_reports=_close_reports,
    refs=lambda c: {"post_id": c.post_id, "comment_id": c.id},
    # A comment awaiting its owner's approval isn't moderators' to admit: only a hidden one is restored.
    restorable=frozenset({PostStatus.HIDDEN}),
    restored=_restored,
)


async def hide_comment(uow: UnitOfWork, now: datetime, staff: Staff, comment_id: int, reason: str) -> Comment:
    """Hidden from everyone but its author, who is told why; replies under it are hidden with it."""
    return await content.hide(uow, now, staff, COMMENTS, comment_id, reason)


async def restore_comment(uow: UnitOfWork, now: datetime, staff: Staff, comment_id: int) -> Comment:
    """Shown again, or back to awaiting the post owner's approval where the post asks for it."""
    return await content.restore(uow, now, staff, COMMENTS, comment_id)


async def delete_comment(uow: UnitOfWork, now: datetime, staff: Staff, comment_id: int, reason: str) -> Comment:
    """Gone for good, with its replies; its author gets what it said and why."""
    return await content.delete(uow, now, staff, COMMENTS, comment_id, reason)
