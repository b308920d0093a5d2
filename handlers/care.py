"""Special care (特别关心): /care, /uncare, and the notice a cared friend's new post sends at once."""

from __future__ import annotations

from chat.messages import Button, Reply, b, fill, plain, reply
from core.care import CaredPostAdded
from core.care import service as care
from core.events import Event
from core.i18n import N_, _
from core.model import Account, PostKind
from core.ports import UnitOfWork
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import snip, who
from handlers.notices import notice_for
from handlers.registry import CommandGroup, Param

commands = CommandGroup()


@commands.command("care", N_("Special care: a friend's new posts reach you at once (or list yours)"),
                  Param("handle", "handle", N_("the friend's @handle"), required=False))
async def care_cmd(ctx: Context) -> Reply:
    if not ctx.args.get("handle"):
        cared = await care.cared(ctx.uow, ctx.account)
        if not cared:
            return reply(_("Nobody is in your special care yet. /care HANDLE adds a friend (up to {n}).")
                         .format(n=care.MAX_CARE), personal=True)
        lines = "".join(f"• {who(a)}\n" for a in cared)
        return reply(_("⭐ Your special care ({n} of {max}) — their new posts reach you at once:\n")
                     .format(n=len(cared), max=care.MAX_CARE), lines, personal=True)
    other = await ctx.target(ctx.args["handle"])
    await care.add_care(ctx.uow, ctx.now, ctx.account, other)
    return reply(*fill(_("⭐ {who} is in your special care: their new posts reach you at once. Only you know."),
                       who=b(who(other))), personal=True)


@commands.command("uncare", N_("Take a friend out of your special care"),
                  Param("handle", "handle", N_("the friend's @handle")))
async def uncare(ctx: Context) -> Reply:
    other = await ctx.target(ctx.args["handle"])
    await care.remove_care(ctx.uow, ctx.account, other)
    return reply(_("@{handle} is no longer in your special care; their posts wait in your /feed.")
                 .format(handle=other.handle), personal=True)


@notice_for(CaredPostAdded)
async def cared_post_notice(uow: UnitOfWork, event: Event, recipient: Account) -> Reply | None:
    """The post itself, at once (decided again at sending time: a post removed or hidden meanwhile is not sent)."""
    assert isinstance(event, CaredPostAdded)
    if not await care.owed(uow, event, recipient.id):
        return None
    author, post = await uow.accounts.get(event.author_id), await uow.posts.get(event.post_id)
    if author is None or post is None:
        return None
    # The first line names the post, so replying to this message comments on it.
    head = fill(_("#{id} ⭐ {who} posted (special care):\n"), id=post.id, who=b(who(author)))
    text = f"📖 {post.title}\n{snip(post.body)}" if post.kind is PostKind.BLOG else snip(post.body)
    return Reply(spans=(*head, plain(text)), post_id=post.id,
                 buttons=((Button(_("👍 Like"), f"like:{post.id}"), Button(_("💬 Comment"), f"cmt:{post.id}")),))


feature = Feature("care", N_("Special care: friends whose posts reach you at once"), commands, topic="friends")

__all__ = ["feature"]
