"""Moderation guards: run before every command, button press and message (Chat.guards)."""

from __future__ import annotations

import math
from functools import partial

from core import moderation as mod
from core import ratelimit
from core.moderation_model import Role, SanctionKind
from handlers.context import Context
from handlers.dispatch import ref_in
from handlers.messages import Reply, reply
from handlers.moderation_notices import until_text


async def standing_guard(ctx: Context) -> Reply | None:
    """Lift what has expired; a banned account gets the ban notice and nothing else."""
    await mod.expire_for(ctx.uow, ctx.now, ctx.account.id)
    s = ctx.incoming.sender
    await mod.note_admin(ctx.uow, ctx.now, ctx.app.admins, ctx.account, s.platform, s.external_id)
    ban_ = await ctx.uow.moderation.sanction(ctx.account.id, SanctionKind.BAN)
    if ban_ is None:
        return None
    why = f" Reason: {ban_.reason}." if ban_.reason else ""
    return reply(f"⛔ You are banned from OpenZone until {until_text(ban_.until)}.{why}", personal=True)


def _command_of(ctx: Context) -> str | None:
    inc = ctx.incoming
    if inc.command:
        return inc.command.split()[0].lower()
    text = inc.text.strip()
    if not text.startswith("/"):
        return None
    return text.split()[0][1:].partition("@")[0].lower()


async def rate_guard(ctx: Context) -> Reply | None:
    """"Slow down" when an account goes over a limit; staff are never slowed down."""
    limits = ctx.app.limits
    if limits is None:
        return None
    inc, command, flow = ctx.incoming, _command_of(ctx), None
    if command is None and not inc.action and inc.text.strip():
        flow = ctx.flow["kind"] if ctx.flow else None
    buckets = ratelimit.buckets_for(command, flow=flow, attachments=bool(inc.attachments),
                                    replying=bool(inc.text.strip()) and ref_in(inc.reply_to_text) is not None)
    passed: list[tuple[str, ratelimit.Limit]] = []
    for bucket in buckets:
        limit = limits.limit(bucket, ctx.account.created_at, ctx.now)
        if limit is None:
            continue
        hits = await ctx.uow.moderation.hits(ctx.account.id, bucket, ctx.now - limit.window)
        wait = ratelimit.wait(hits, limit, ctx.now)
        if wait is not None:
            if await mod.role_of(ctx.uow, ctx.app.admins, ctx.account) is not Role.USER:
                return None
            return reply(f"🐢 Slow down — try again in {math.ceil(wait)} s.", personal=True)
        passed.append((bucket, limit))
    for bucket, limit in passed:
        ctx.defer(partial(_record_hit, ctx, bucket, limit))
    return None


async def _record_hit(ctx: Context, bucket: str, limit: ratelimit.Limit) -> None:
    # The account is read when the hit is written, at the end of the transaction: /link may
    # have merged the sender's fresh account into the one they linked to meanwhile.
    await ctx.uow.moderation.add_hit(ctx.account.id, bucket, ctx.now, ctx.now - limit.window)
