"""Comments as people see them: threads, one comment, and removal by its author or the post's owner.

What shows is core.privacy.comment_rule, applied in the query: a comment a moderator hid shows
to its author only, a banned author's comments are gone until the ban ends, and a reply shows
only under a thread head that shows. A removed thread head takes its replies with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from core import privacy
from core.errors import Forbidden, NotFound
from core.i18n import _
from core.model import Account, Comment, Post
from core.ports import UnitOfWork
from core.privacy import Viewer


@dataclass(frozen=True)
class CommentView:
    comment: Comment
    author: Account
    replies: tuple[CommentView, ...] = ()


async def threads(uow: UnitOfWork, viewer: Viewer, post: Post) -> list[CommentView]:
    """Threads of a post the viewer has already been allowed to see, as far as they may see them."""
    rows = await uow.posts.comments(post.id, viewer.account_id, privacy.comment_rule(viewer))
    authors = await uow.accounts.get_many(list({c.author_id for c in rows}))
    replies: dict[int, list[CommentView]] = {}
    for c in rows:
        if c.parent_id is not None:
            replies.setdefault(c.parent_id, []).append(CommentView(c, authors[c.author_id]))
    return [
        CommentView(c, authors[c.author_id], tuple(replies.get(c.id, ())))
        for c in rows if c.parent_id is None
    ]


async def visible_comment(uow: UnitOfWork, viewer: Viewer, comment_id: int) -> tuple[Comment, Post]:
    """The comment and its post if `viewer` may see both; NotFound otherwise (never confirm it exists)."""
    comment = await uow.posts.get_comment_visible(comment_id, viewer.account_id, privacy.comment_rule(viewer))
    post = (await uow.posts.get_visible(comment.post_id, viewer.account_id, privacy.content_rule(viewer))
            if comment is not None else None)
    if comment is None or post is None:
        raise NotFound(_("There is no comment c{id} that you can see.").format(id=comment_id))
    return comment, post


async def delete_comment(uow: UnitOfWork, actor: Account, comment_id: int) -> list[int]:
    """Remove a comment (with its replies) as its author or as the post's owner; returns the ids removed."""
    comment, post = await visible_comment(uow, Viewer(actor.id), comment_id)
    if actor.id not in (comment.author_id, post.author_id):
        raise Forbidden(_("c{id} is not yours: you can delete your own comments and comments on your posts. "
                          "/report c{id} REASON tells the moderators.").format(id=comment_id))
    removed = await uow.posts.delete_comment(comment)
    await uow.moderation.close_reports(comment_ids=removed)
    return removed
