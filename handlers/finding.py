"""Finding people: /suggest (people you may know) and /find (by name or handle)."""

from __future__ import annotations

from chat.messages import Button, Reply, Span, b, fill, reply
from core.i18n import N_, _, ngettext
from core.social import finding
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import who
from handlers.registry import CommandGroup, Param

commands = CommandGroup()


@commands.command("suggest", N_("People you may know, by mutual friends"))
async def suggest(ctx: Context) -> Reply:
    found = await finding.suggest(ctx.uow, ctx.account)
    if not found:
        return reply(_("No suggestions right now: they come from your friends' friends. /find NAME looks someone up."),
                     personal=True)
    spans: list[Span | str] = [_("People you may know:")]
    for s in found:
        mutual = ngettext("{n} mutual friend", "{n} mutual friends", s.mutual).format(n=s.mutual)
        spans += ["\n• ", *fill(_("{who} — {mutual}"), who=b(who(s.account)), mutual=mutual)]
    spans.append("\n" + _("/privacy suggest off keeps you out of others' suggestions."))
    buttons = tuple((Button(_("➕ Friend @{handle}").format(handle=s.account.handle), f"fr:{s.account.handle}"),)
                    for s in found)
    return reply(*spans, buttons=buttons, personal=True)


@commands.command("find", N_("Find people by name or handle"),
                  Param("text", "text", N_("part of a name or handle"), label=N_("name")))
async def find(ctx: Context) -> Reply:
    found = await finding.find(ctx.uow, ctx.viewer, ctx.args["text"])
    if not found:
        return reply(_("Nobody found whose zone is open to you. Try part of a name or a handle."), personal=True)
    lines = [_("Found:")] + [f"\n• {who(a)}" for a in found]
    return reply(*lines, "\n" + _("/zone HANDLE opens a zone · /friend HANDLE sends a request"), personal=True)


feature = Feature("finding", N_("Finding people"), commands, topic="friends")

__all__ = ["feature"]
