"""The moderation guard: run before every command, button press and message (Router.guards).

Whether the account may act now is core's answer (core.standing: expiry, ban, rate limits), the same
one the web's forms ask; here it is only worded for chat.
"""

from __future__ import annotations

from functools import partial

from chat.messages import Reply, reply
from core import ratelimit
from core.i18n import _
from core.moderation import actions as mod
from core.moderation.model import Sanction, until_text
from core.standing import standing
from handlers.context import Context
from handlers.moderation_notices import reason_words


async def standing_guard(ctx: Context) -> Reply | None:
    """A banned account gets the ban notice and nothing else; one over a limit is refused with the wait
    in words (LimitExceeded); the hits it was admitted for are claimed at the end of the transaction."""
    s = ctx.incoming.sender
    await mod.note_admin(ctx.uow, ctx.now, ctx.services.admins, ctx.account, s.platform, s.external_id)
    # The router has parsed the message already: the command or flow it reaches named its bucket.
    buckets = ratelimit.buckets_for(ctx.bucket, attachments=bool(ctx.incoming.attachments))
    # Text is cheap to undo: its hits are judged and claimed at the end, in one statement, and a full
    # bucket rolls the message back. Pictures are read first: their processing is not spent on a refusal.
    answer = await standing(ctx.uow, ctx.now, ctx.account, ctx.services.limits, ctx.services.admins, buckets,
                            read_first=bool(ctx.incoming.attachments))
    if answer.ban is not None:
        return reply(_ban_notice(ctx, answer.ban), personal=True)
    if answer.passed:
        ctx.defer(partial(_record_hits, ctx, list(answer.passed)))
    return None


def _ban_notice(ctx: Context, ban: Sanction) -> str:
    if ban.until is None:
        text = _("⛔ You are banned from OpenZone until further notice.")
    else:
        text = _("⛔ You are banned from OpenZone until {until}.").format(until=until_text(ban.until, ctx.time_zone))
    if ban.reason:
        text = _("{sentence} {next}").format(sentence=text, next=_("Reason: {reason}.").format(reason=reason_words(ban.reason)))
    return text


async def _record_hits(ctx: Context, passed: list[tuple[str, ratelimit.Limit]]) -> None:
    # The account is read when the hits are written, at the end of the transaction: /link may
    # have merged the sender's fresh account into the one they linked to meanwhile.
    # A command that only asked a question cleared ctx.bucket: the answer is what counts there.
    counted = ratelimit.buckets_for(ctx.bucket, attachments=bool(ctx.incoming.attachments))
    await ratelimit.record(ctx.uow, ctx.services.admins, ctx.account, [p for p in passed if p[0] in counted], ctx.now)
