"""/likes ID: who liked a post or (`p12`) a photo (only those the asker may see)."""

from __future__ import annotations

from collections.abc import Sequence

from chat.messages import Reply, reply
from core.albums import reactions
from core.i18n import N_, _, ngettext
from core.model import Account
from core.posts import likes
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import who
from handlers.registry import CommandGroup, Param, PhotoNo

commands = CommandGroup()


@commands.command("likes", N_("Who liked a post or a photo"),
                  Param("id", "post_or_photo", N_("post number (#42) or photo (p12)"), label=N_("id")))
async def likes_cmd(ctx: Context) -> Reply:
    if isinstance(ctx.args["id"], PhotoNo):  # as far as the asker may see them (privacy.liker_rule)
        shown = await reactions.likers(ctx.uow, ctx.viewer, ctx.args["id"].id)
        return likers_reply(f"p{shown.view.photo.id}", shown.people, shown.total)
    found = await likes.likers(ctx.uow, ctx.viewer, ctx.args["id"])
    return likers_reply(f"#{found.post.id}", found.people, found.total)


def likers_reply(ref: str, people: Sequence[Account], total: int) -> Reply:
    """Who liked `ref` (`#42`, `p12`): the first of them by name and how many more, or that none you can see did."""
    if not total:
        return reply(_("Nobody you can see has liked {ref} yet.").format(ref=ref), personal=True)
    head = ngettext("👍 {n} person liked {ref}:\n", "👍 {n} people liked {ref}:\n", total).format(n=total, ref=ref)
    lines = "".join(f"• {who(a)}\n" for a in people)
    more = total - len(people)
    tail = ngettext("…and {n} more.", "…and {n} more.", more).format(n=more) if more > 0 else ""
    return reply(head, lines, tail, personal=True)


feature = Feature("likes_list", N_("Who liked a post or a photo"), commands, topic="posts")

__all__ = ["feature", "likers_reply"]
