"""Friends, requests and blocks."""

from __future__ import annotations

from chat.messages import Button, Reply, plain, reply
from core.i18n import N_, _
from core.social import friends
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import people, who
from handlers.registry import CommandGroup, Param

commands = CommandGroup()
HANDLE = Param("handle", "handle", N_("their @handle"), label=N_("handle"))


# /suggest's Friend buttons (`fr:HANDLE`) run this command.
@commands.command("friend", N_("Send a friend request"), HANDLE, aliases=("add",), button="fr")
async def friend(ctx: Context) -> Reply:
    other = await ctx.target(ctx.args["handle"])
    outcome = await friends.request_friend(ctx.uow, ctx.now, ctx.account, other)
    if outcome == "accepted":
        return reply(_("@{handle} had already asked — you are now friends!").format(handle=other.handle))
    return reply(_("Friend request sent to @{handle}.").format(handle=other.handle))


# The Accept and Decline buttons of a friend request (`acc:HANDLE`, `dec:HANDLE`) run these commands.
@commands.command("accept", N_("Accept a friend request"), HANDLE, button="acc")
async def accept(ctx: Context) -> Reply:
    other = await ctx.target(ctx.args["handle"])
    new = await friends.accept_friend(ctx.uow, ctx.now, ctx.account, other)
    # A pressed request becomes its outcome, without buttons (in place: the request message itself).
    said = _("✓ Friends — you and {who} are now friends.") if new else _("✓ Friends — you and {who} are already friends.")
    return reply(said.format(who=who(other)), in_place=ctx.incoming.action is not None)


@commands.command("decline", N_("Decline a friend request"), HANDLE, button="dec")
async def decline(ctx: Context) -> Reply:
    other = await ctx.target(ctx.args["handle"])
    await friends.decline_friend(ctx.uow, ctx.now, ctx.account, other)
    return reply(_("✖️ Declined @{handle}'s request.").format(handle=other.handle), in_place=ctx.incoming.action is not None)


@commands.command("unfriend", N_("End a friendship"), HANDLE)
async def unfriend(ctx: Context) -> Reply:
    other = await ctx.target(ctx.args["handle"])
    await friends.unfriend(ctx.uow, ctx.account, other)
    return reply(_("You and @{handle} are no longer friends.").format(handle=other.handle))


@commands.command("friends", N_("Your friends, or someone's visible friend list"),
                  Param("handle", "handle", N_("whose"), required=False, label=N_("handle")))
async def list_friends(ctx: Context) -> Reply:
    if ctx.args.get("handle"):
        owner = await ctx.target(ctx.args["handle"])
        listed = await friends.visible_friends(ctx.uow, ctx.viewer, owner)
        title = _("@{handle}'s friends ({n}):").format(handle=owner.handle, n=len(listed))
        if owner.id != ctx.account.id:  # the hint to send requests is for one's own empty list
            return reply(title + "\n", *people(listed, _("None that you can see.")), personal=True)
    else:
        listed = await friends.friends_of(ctx.uow, ctx.account)
        title = _("Your friends ({n}):").format(n=len(listed))
    return reply(title + "\n", *people(listed, _("No friends yet — /friend HANDLE sends a request.")), personal=True)


@commands.command("requests", N_("Friend requests waiting for you, and yours"))
async def requests(ctx: Context) -> list[Reply]:
    incoming, outgoing = await friends.requests(ctx.uow, ctx.account)
    out: list[Reply] = []
    for a in incoming:
        out.append(Reply(
            spans=(plain(_("{who} wants to be your friend.").format(who=who(a))),),
            buttons=((Button(_("✅ Accept"), f"acc:{a.handle}"), Button(_("✖️ Decline"), f"dec:{a.handle}")),),
            personal=True,
        ))
    sent = ", ".join(f"@{a.handle}" for a in outgoing)
    out.append(reply(
        "" if incoming else _("No requests waiting for you."),
        "\n" + _("You asked: {handles} (waiting).").format(handles=sent) if sent else "", personal=True,
    ))
    return out


@commands.command("block", N_("Block someone: your zone closes to them and nothing they do reaches you"), HANDLE,
                  topic="safety")
async def block(ctx: Context) -> Reply:
    other = await ctx.target(ctx.args["handle"])
    await friends.block(ctx.uow, ctx.now, ctx.account, other)
    return reply(_("@{handle} is blocked.").format(handle=other.handle), personal=True)


@commands.command("unblock", N_("Unblock someone"), HANDLE, topic="safety")
async def unblock(ctx: Context) -> Reply:
    other = await ctx.target(ctx.args["handle"])
    await friends.unblock(ctx.uow, ctx.account, other)
    return reply(_("@{handle} is unblocked.").format(handle=other.handle), personal=True)


feature = Feature("friends", N_("Friends, friend requests and blocks"), commands)

__all__ = ["feature"]
