"""Moderation guards: run before every command, button press and message (Router.guards)."""

from __future__ import annotations

from functools import partial

from chat.messages import Reply, reply
from core import ratelimit
from core.i18n import _
from core.moderation import actions as mod
from core.moderation.model import SanctionKind, until_text
from handlers.context import Context
from handlers.moderation_notices import reason_words


async def standing_guard(ctx: Context) -> Reply | None:
    """Lift what has expired; a banned account gets the ban notice and nothing else."""
    await mod.expire_for(ctx.uow, ctx.now, ctx.account.id)
    s = ctx.incoming.sender
    await mod.note_admin(ctx.uow, ctx.now, ctx.services.admins, ctx.account, s.platform, s.external_id)
    ban = await ctx.uow.moderation.sanction(ctx.account.id, SanctionKind.BAN)
    if ban is None:
        return None
    if ban.until is None:
        text = _("⛔ You are banned from OpenZone until further notice.")
    else:
        text = _("⛔ You are banned from OpenZone until {until}.").format(until=until_text(ban.until, ctx.time_zone))
    if ban.reason:
        text = _("{sentence} {next}").format(sentence=text, next=_("Reason: {reason}.").format(reason=reason_words(ban.reason)))
    return reply(text, personal=True)


async def rate_guard(ctx: Context) -> Reply | None:
    """Refuse, with the wait in words, a message over one of the account's limits (core.ratelimit decides)."""
    limits = ctx.services.limits
    if limits is None:
        return None
    # The router has parsed the message already: the command or flow it reaches named its bucket.
    buckets = ratelimit.buckets_for(ctx.bucket, attachments=bool(ctx.incoming.attachments))
    passed = await ratelimit.admit(ctx.uow, limits, ctx.services.admins, ctx.account, buckets, ctx.now)
    if passed:
        ctx.defer(partial(_record_hits, ctx, passed))
    return None


async def _record_hits(ctx: Context, passed: list[tuple[str, ratelimit.Limit]]) -> None:
    # The account is read when the hits are written, at the end of the transaction: /link may
    # have merged the sender's fresh account into the one they linked to meanwhile.
    # A command that only asked a question cleared ctx.bucket: the answer is what counts there.
    counted = ratelimit.buckets_for(ctx.bucket, attachments=bool(ctx.incoming.attachments))
    await ratelimit.record(ctx.uow, ctx.services.admins, ctx.account, [p for p in passed if p[0] in counted], ctx.now)
