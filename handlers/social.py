"""Friends, requests and blocks."""

from __future__ import annotations

from chat.messages import Button, Reply, plain, reply
from core.social import friends
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import people, who
from handlers.registry import CommandGroup, Param

commands = CommandGroup()
HANDLE = Param("handle", "handle", "their @handle")


@commands.command("friend", "Send a friend request", HANDLE, aliases=("add",))
async def friend(ctx: Context) -> Reply:
    other = await ctx.target(ctx.args["handle"])
    outcome = await friends.request_friend(ctx.uow, ctx.now, ctx.account, other)
    if outcome == "accepted":
        return reply(f"@{other.handle} had already asked — you are now friends!")
    return reply(f"Friend request sent to @{other.handle}.")


# The Accept and Decline buttons of a friend request (`acc:HANDLE`, `dec:HANDLE`) run these commands.
@commands.command("accept", "Accept a friend request", HANDLE, button="acc")
async def accept(ctx: Context) -> Reply:
    other = await ctx.target(ctx.args["handle"])
    new = await friends.accept_friend(ctx.uow, ctx.now, ctx.account, other)
    # A pressed request becomes its outcome, without buttons (in place: the request message itself).
    return reply(f"✓ Friends — you and {who(other)} are {'now' if new else 'already'} friends.",
                 in_place=ctx.incoming.action is not None)


@commands.command("decline", "Decline a friend request", HANDLE, button="dec")
async def decline(ctx: Context) -> Reply:
    other = await ctx.target(ctx.args["handle"])
    await friends.decline_friend(ctx.uow, ctx.account, other)
    return reply(f"✖️ Declined @{other.handle}'s request.", in_place=ctx.incoming.action is not None)


@commands.command("unfriend", "End a friendship", HANDLE)
async def unfriend(ctx: Context) -> Reply:
    other = await ctx.target(ctx.args["handle"])
    await friends.unfriend(ctx.uow, ctx.account, other)
    return reply(f"You and @{other.handle} are no longer friends.")


@commands.command("friends", "Your friends, or someone's visible friend list", Param("handle", "handle", "whose", required=False))
async def list_friends(ctx: Context) -> Reply:
    if ctx.args.get("handle"):
        owner = await ctx.target(ctx.args["handle"])
        listed = await friends.visible_friends(ctx.uow, ctx.viewer, owner)
        title = f"@{owner.handle}'s friends ({len(listed)}):\n"
        if owner.id != ctx.account.id:  # the hint to send requests is for one's own empty list
            return reply(title, *people(listed, "None that you can see."), personal=True)
    else:
        listed = await friends.friends_of(ctx.uow, ctx.account)
        title = f"Your friends ({len(listed)}):\n"
    return reply(title, *people(listed, "No friends yet — /friend HANDLE sends a request."), personal=True)


@commands.command("requests", "Friend requests waiting for you, and yours")
async def requests(ctx: Context) -> list[Reply]:
    incoming, outgoing = await friends.requests(ctx.uow, ctx.account)
    out: list[Reply] = []
    for a in incoming:
        out.append(Reply(
            spans=(plain(f"{who(a)} wants to be your friend."),),
            buttons=((Button("✅ Accept", f"acc:{a.handle}"), Button("✖️ Decline", f"dec:{a.handle}")),),
            personal=True,
        ))
    sent = ", ".join(f"@{a.handle}" for a in outgoing)
    out.append(reply(
        "" if incoming else "No requests waiting for you.",
        f"\nYou asked: {sent} (waiting)." if sent else "", personal=True,
    ))
    return out


@commands.command("block", "Block someone: your zone closes to them and nothing they do reaches you", HANDLE,
                  topic="safety")
async def block(ctx: Context) -> Reply:
    other = await ctx.target(ctx.args["handle"])
    await friends.block(ctx.uow, ctx.account, other)
    return reply(f"@{other.handle} is blocked.", personal=True)


@commands.command("unblock", "Unblock someone", HANDLE, topic="safety")
async def unblock(ctx: Context) -> Reply:
    other = await ctx.target(ctx.args["handle"])
    await friends.unblock(ctx.uow, ctx.account, other)
    return reply(f"@{other.handle} is unblocked.", personal=True)


feature = Feature("friends", "Friends, friend requests and blocks", commands)

__all__ = ["feature"]
