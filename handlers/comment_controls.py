"""Comment controls per post: /comments ID open|friends|closed|approve, and the owner's Approve / Reject."""

from __future__ import annotations

from chat.messages import Button, Reply, b, fill, plain, reply
from core.events import Event
from core.i18n import N_, _
from core.model import Account, CommentPolicy
from core.ports import UnitOfWork
from core.posts import CommentApproved, CommentAwaitsApproval
from core.posts import comments
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import snip, who
from handlers.notices import notice_for
from handlers.registry import CommandGroup, Param

commands = CommandGroup()

POLICY = {
    CommentPolicy.OPEN: N_("everyone who sees the post may comment"),
    CommentPolicy.FRIENDS: N_("only your friends may comment"),
    CommentPolicy.CLOSED: N_("nobody may comment"),
    CommentPolicy.APPROVE: N_("comments wait for your approval before anyone else sees them"),
}


@commands.command("comments", N_("Who may comment on your post: open, friends, closed or approve"),
                  Param("id", "post", N_("post number"), label=N_("id")),
                  Param("who", "word", N_("open, friends, closed or approve")))
async def comments_cmd(ctx: Context) -> Reply:
    post = await comments.set_policy(ctx.uow, ctx.account, ctx.args["id"], ctx.args["who"])
    return reply(*fill(_("#{id}: {what} ({policy})."), id=post.id, what=_(POLICY[post.comment_policy]),
                       policy=b(post.comment_policy.value)), personal=True)


@commands.action("capp")
async def approve(ctx: Context, arg: str) -> Reply:
    comment = await comments.approve(ctx.uow, ctx.now, ctx.account, int(arg) if arg.isdigit() else 0)
    return reply(_("✅ c{id} approved: everyone who sees #{post} sees it now.").format(id=comment.id, post=comment.post_id),
                 personal=True, in_place=ctx.incoming.action is not None)


@commands.action("crej")
async def reject(ctx: Context, arg: str) -> Reply:
    comment = await comments.reject(ctx.uow, ctx.account, int(arg) if arg.isdigit() else 0)
    return reply(_("✖️ c{id} rejected and removed; nobody else saw it.").format(id=comment.id),
                 personal=True, in_place=ctx.incoming.action is not None)


@notice_for(CommentAwaitsApproval)
async def waiting_notice(uow: UnitOfWork, event: Event, recipient: Account) -> Reply | None:
    """The owner's question, asked again at sending time (a comment decided or removed meanwhile is not asked)."""
    assert isinstance(event, CommentAwaitsApproval)
    if not await comments.still_waiting(uow, event, recipient.id):
        return None
    author, comment = await uow.accounts.get(event.author_id), await uow.posts.get_comment(event.comment_id)
    if author is None or comment is None:
        return None
    head = fill(_("⏳ {who} wants to comment on your post #{post} (c{id}, waiting for you):\n"),
                who=b(who(author)), post=event.post_id, id=comment.id)
    return Reply(spans=(*head, plain(snip(comment.body))), buttons=((
        Button(_("✅ Approve"), f"capp:{comment.id}"), Button(_("✖️ Reject"), f"crej:{comment.id}"),
    ),))


@notice_for(CommentApproved)
async def approved_notice(uow: UnitOfWork, event: Event, recipient: Account) -> Reply | None:
    assert isinstance(event, CommentApproved)
    if not await comments.approval_owed(uow, event, recipient.id):
        return None
    return reply(_("✅ Your comment c{id} on #{post} was approved: everyone who sees the post sees it now.")
                 .format(id=event.comment_id, post=event.post_id))


feature = Feature("comment_controls", N_("Who may comment on your posts, and approving comments"), commands,
                  topic="posts")

__all__ = ["feature"]
