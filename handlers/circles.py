"""Circles: /circle new|add|remove|list|show|delete."""

from __future__ import annotations

from chat.messages import Reply, reply
from core.errors import Invalid
from core.i18n import N_, _
from core.model import Account
from core.social import circles
from handlers.context import Context
from handlers.feature import Feature
from handlers.registry import CommandGroup, Param

commands = CommandGroup()
NAME = Param("name", "circle", N_('circle name, e.g. family or "Close Friends"'), label=N_("name"))
WHOLE_NAME = Param("name", "circle", N_("circle name, e.g. family or Close Friends"), rest_of_line=True, label=N_("name"))
MEMBERS = Param("handles", "handles", N_("one or more friends' @handles"), label=N_("handles"))


async def _people(ctx: Context) -> tuple[str, list[Account]]:
    name, handles = await circles.split_members(ctx.uow, ctx.account, ctx.args["name"], ctx.args["handles"])
    if not handles:
        raise Invalid(_("Name the friends too: /circle {verb} {name} HANDLE…").format(
            verb=ctx.command.name if ctx.command else "add", name=circles.quoted(name)))
    return name, [await ctx.target(h) for h in dict.fromkeys(handles)]


@commands.command("new", N_("Create a circle"), WHOLE_NAME, parent="circle")
async def new(ctx: Context) -> Reply:
    c = await circles.new_circle(ctx.uow, ctx.account, ctx.args["name"])
    q = circles.quoted(c.name)
    return reply(_("Circle {name} created. Add friends: /circle add {quoted} HANDLE…  Post to it: /post @{quoted} text")
                 .format(name=c.name, quoted=q))


@commands.command("add", N_("Add friends to a circle"), NAME, MEMBERS, parent="circle")
async def add(ctx: Context) -> Reply:
    name, people = await _people(ctx)
    added, already = await circles.add_members(ctx.uow, ctx.account, name, people)
    new, old = ", ".join(f"@{h}" for h in added), ", ".join(f"@{h}" for h in already)
    if added and already:
        return reply(_("Added {handles} to {name}. Already in it: {already}.").format(handles=new, name=name, already=old))
    if added:
        return reply(_("Added {handles} to {name}.").format(handles=new, name=name))
    return reply(_("Already in it: {handles}.").format(handles=old))


@commands.command("remove", N_("Remove people from a circle"), NAME, MEMBERS, parent="circle")
async def remove(ctx: Context) -> Reply:
    name, people = await _people(ctx)
    gone = await circles.remove_members(ctx.uow, ctx.account, name, people)
    if not gone:
        return reply(_("None of them were in {name}.").format(name=name))
    return reply(_("Removed {handles} from {name}.").format(handles=", ".join(f"@{h}" for h in gone), name=name))


@commands.command("list", N_("Your circles"), parent="circle")
async def list_circles(ctx: Context) -> Reply:
    mine = await circles.list_circles(ctx.uow, ctx.account)
    if not mine:
        return reply(_("No circles yet. /circle new family"), personal=True)
    return reply(_("Your circles:") + "\n", *(f"• {c.name} ({len(c.member_ids)})\n" for c in mine), personal=True)


@commands.command("show", N_("Who is in a circle"), WHOLE_NAME, parent="circle")
async def show(ctx: Context) -> Reply:
    circle, members = await circles.circle_members(ctx.uow, ctx.account, ctx.args["name"])
    names = ", ".join(f"@{m.handle}" for m in members) or _("nobody yet")
    return reply(_("{name}: {members}").format(name=circle.name, members=names), personal=True)


@commands.command("delete", N_("Delete a circle (its posts become visible only to you)"), WHOLE_NAME, parent="circle")
async def delete(ctx: Context) -> Reply:
    c = await circles.delete_circle(ctx.uow, ctx.account, ctx.args["name"])
    return reply(_("Circle {name} deleted.").format(name=c.name))


feature = Feature("circles", N_("Circles: named groups of friends"), commands, topic="friends",
                  groups={"circle": N_("Circles: named groups of friends")})

__all__ = ["feature"]
