"""/visitors: who opened your zone lately (最近访客), your zone's visit counts, taking someone off the list."""

from __future__ import annotations

from chat.messages import Reply, Span, b, fill, reply
from core import i18n
from core.i18n import N_, _, ngettext
from core.visits import service as visits
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import who
from handlers.registry import CommandGroup, Param

commands = CommandGroup()


@commands.command("visitors", N_("Who visited your zone lately (/visitors remove HANDLE takes someone off)"),
                  Param("remove", "handle", N_("take this person off your visitors"), required=False, keyword=True))
async def list_visitors(ctx: Context) -> Reply:
    me = ctx.account
    if ctx.args.get("remove"):
        other = await ctx.target(ctx.args["remove"])
        await visits.remove(ctx.uow, me, other)
        return reply(_("@{handle} is off your visitors.").format(handle=other.handle), personal=True)
    seen = await visits.counts(ctx.uow, ctx.now, me, site_zone=ctx.services.time_zone)
    people = await visits.recent(ctx.uow, me)
    lines: list[Span | str] = [_("Visits to your zone: {today} today · {total} in all").format(
        today=i18n.number(seen.today), total=i18n.number(seen.total)) + "\n"]
    if not people:
        lines.append(_("No visitors to show yet: friends appear here once they open your zone "
                       "(each gets a link of their own with /zone {handle}).").format(handle=me.handle))
        return reply(*lines, personal=True)
    lines.append(ngettext("{n} recent visitor, newest first:", "{n} recent visitors, newest first:",
                          len(people)).format(n=len(people)))
    spans: list[Span | str] = []
    for v in people:
        spans += ["\n• ", *fill(_("{who} — {ago} ({when})"), who=b(who(v.account)),
                                ago=i18n.ago(ctx.now - v.at), when=ctx.when(v.at))]
    spans.append("\n" + _("/visitors remove HANDLE takes someone off the list."))
    return reply(*lines, *spans, personal=True)


feature = Feature("visitors", N_("Your zone's visitors"), commands, topic="account")

__all__ = ["feature"]
