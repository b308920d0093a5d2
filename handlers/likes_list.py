"""/likes ID: who liked a post or (`p12`) a photo (only those the asker may see)."""

from __future__ import annotations

from chat.messages import Reply, reply
from core.i18n import N_, _, ngettext
from core.posts import likes
from handlers.context import Context
from handlers.feature import Feature
from handlers import photo_reactions
from handlers.format import who
from handlers.registry import CommandGroup, Param, PhotoNo

commands = CommandGroup()


@commands.command("likes", N_("Who liked a post or a photo"),
                  Param("id", "post_or_photo", N_("post number (#42) or photo (p12)"), label=N_("id")))
async def likes_cmd(ctx: Context) -> Reply:
    if isinstance(ctx.args["id"], PhotoNo):
        return await photo_reactions.likers(ctx, ctx.args["id"].id)
    found = await likes.likers(ctx.uow, ctx.viewer, ctx.args["id"])
    pid = found.post.id
    if not found.total:
        return reply(_("Nobody you can see has liked #{id} yet.").format(id=pid), personal=True)
    head = ngettext("👍 {n} person liked #{id}:\n", "👍 {n} people liked #{id}:\n", found.total).format(n=found.total, id=pid)
    lines = "".join(f"• {who(a)}\n" for a in found.people)
    more = found.total - len(found.people)
    tail = ngettext("…and {n} more.", "…and {n} more.", more).format(n=more) if more > 0 else ""
    return reply(head, lines, tail, personal=True)


feature = Feature("likes_list", N_("Who liked a post or a photo"), commands, topic="posts")

__all__ = ["feature"]
