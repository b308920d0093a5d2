"""The buttons on report cards: a press acts, and the card it is on becomes the outcome, in place.

A card's buttons name the report (`rpt:hide:5`), so the pressed card can show what became of it:
the report as it was filed, then the outcome and who decided, with no buttons left. A card whose
report is already handled — by another moderator's copy, or pressed twice — answers with the
state as it is now. `mod:…` buttons are those of cards sent before reports were named this way.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from chat.messages import Reply, plain, reply
from core.errors import Conflict, NotFound
from core.moderation import actions as mod, comments as mod_comments, reports
from core.moderation.model import Refused, Report, Role, SanctionKind
from handlers import moderation_notices as notices
from handlers.context import Context
from handlers.format import until_text
from handlers.params import parse_duration
from handlers.feature import Feature
from handlers.registry import CommandGroup

commands = CommandGroup()


def _denied() -> Reply:
    return reply("⚠️ That command is for moderators and admins. The attempt was logged.", personal=True)


async def _act(ctx: Context, staff: mod.Staff, verb: str, r: Report, duration: str) -> str:
    """Do what the button says to the report's post, comment or person; the outcome as one line."""
    if verb == "dismiss":
        await reports.dismiss(ctx.uow, ctx.now, staff, r.id)
        return "✅ Dismissed"
    if verb in ("hide", "restore") and r.post_id is not None and r.comment_id is None:
        if verb == "hide":
            await mod.hide_post(ctx.uow, ctx.now, staff, r.post_id, "reported")
            return f"🙈 Post no. {r.post_id} hidden"
        await mod.restore_post(ctx.uow, ctx.now, staff, r.post_id)
        return f"↩️ Post no. {r.post_id} visible again"
    if verb in ("hidec", "restorec") and r.comment_id is not None:
        if verb == "hidec":
            await mod_comments.hide_comment(ctx.uow, ctx.now, staff, r.comment_id, "reported")
            return f"🙈 Comment c{r.comment_id} hidden"
        await mod_comments.restore_comment(ctx.uow, ctx.now, staff, r.comment_id)
        return f"↩️ Comment c{r.comment_id} visible again"
    target = await ctx.uow.accounts.get(r.target_id)
    if verb in ("mute", "ban") and target is not None and duration:
        if verb == "mute":
            s = await mod.mute(ctx.uow, ctx.now, staff, target, parse_duration(duration), "reported")
            return f"🔇 @{target.handle} muted until {until_text(s.until)}"
        s = await mod.ban(ctx.uow, ctx.now, staff, target, parse_duration(duration), "reported")
        return f"⛔ @{target.handle} banned until {until_text(s.until)}"
    raise NotFound("That button has expired.")


async def _state(ctx: Context, r: Report) -> str:
    """What became of a handled report, read as things are now."""
    if r.comment_id is not None:
        comment = await ctx.uow.posts.get_comment(r.comment_id)
        shown = "gone" if comment is None else "hidden" if comment.status.value != "active" else "visible"
        return f"Comment c{r.comment_id} is {shown}"
    if r.post_id is not None:
        post = await ctx.uow.posts.get(r.post_id)
        shown = "gone" if post is None else "hidden" if post.status.value != "active" else "visible"
        return f"Post no. {r.post_id} is {shown}"
    target = await ctx.uow.accounts.get(r.target_id)
    if target is None:
        return "The account is gone"
    for kind, word in ((SanctionKind.BAN, "banned"), (SanctionKind.MUTE, "muted")):
        s = await ctx.uow.moderation.sanction(target.id, kind)
        if s is not None:
            return f"@{target.handle} is {word} until {until_text(s.until)}"
    return f"@{target.handle} has no mute or ban"


async def _card(ctx: Context, r: Report, outcome: str) -> Reply:
    card = await notices.report_card(ctx.uow, r)
    return replace(card, spans=(*card.spans, plain(f"\n\n{outcome}")), buttons=(), in_place=True)


@commands.action("rpt")
async def report_card_button(ctx: Context, arg: str) -> Reply:
    """`rpt:VERB:REPORT[:DURATION]`, from a report card's buttons."""
    verb, _, rest = arg.partition(":")
    raw_id, _, duration = rest.partition(":")
    try:
        staff = await mod.require(ctx.uow, ctx.now, ctx.services.admins, ctx.account, Role.MODERATOR, f"button rpt:{arg}")
    except Refused:
        return _denied()  # answered: the logged attempt commits
    r = await ctx.uow.moderation.get_report(int(raw_id)) if raw_id.isdigit() else None
    if r is None:
        return reply("That button has expired. /mod queue lists open reports.", personal=True)
    if not r.open:
        return await _card(ctx, r, f"☑️ Already handled · {await _state(ctx, r)}.")
    try:
        outcome = await _act(ctx, staff, verb, r, duration)
    except (Conflict, NotFound):  # handled meanwhile in another way (the post hidden by command…)
        return await _card(ctx, r, f"☑️ Already handled · {await _state(ctx, r)}.")
    return await _card(ctx, r, f"{outcome} · by @{ctx.account.handle}.")


@commands.action("mod")
async def legacy_button(ctx: Context, arg: str) -> Reply:
    """Buttons of cards sent before they named their report: act, and answer in a new message."""
    verb, _, rest = arg.partition(":")
    try:
        staff = await mod.require(ctx.uow, ctx.now, ctx.services.admins, ctx.account, Role.MODERATOR, f"button mod:{arg}")
    except Refused:
        return _denied()  # answered: the logged attempt commits
    parts = rest.split(":")
    if not parts[0].isdigit():
        return reply("That button has expired.")
    ident = int(parts[0])
    if verb == "dismiss":
        r = await reports.dismiss(ctx.uow, ctx.now, staff, ident)
        return reply(f"Report r{r.id} dismissed.")
    posts: dict[str, Any] = {"hide": (mod.hide_post, "🙈 #{} is hidden."), "restore": (mod.restore_post, "#{} is visible again.")}
    if verb in posts:
        func, text = posts[verb]
        p = await (func(ctx.uow, ctx.now, staff, ident, "reported") if verb == "hide" else func(ctx.uow, ctx.now, staff, ident))
        return reply(text.format(p.id))
    if verb == "hidec":
        await mod_comments.hide_comment(ctx.uow, ctx.now, staff, ident, "reported")
        return reply(f"🙈 Comment c{ident} is hidden.")
    if verb == "restorec":
        await mod_comments.restore_comment(ctx.uow, ctx.now, staff, ident)
        return reply(f"↩️ Comment c{ident} is visible again.")
    target = await ctx.uow.accounts.get(ident)
    if target is None or len(parts) < 2 or verb not in ("mute", "ban"):
        return reply("That button has expired.")
    act = mod.mute if verb == "mute" else mod.ban
    s = await act(ctx.uow, ctx.now, staff, target, parse_duration(parts[1]), "reported")
    word = "muted" if verb == "mute" else "banned"
    return reply(f"{'🔇' if verb == 'mute' else '⛔'} @{target.handle} is {word} until {until_text(s.until)}.")


feature = Feature("report cards", "The buttons on moderators' report cards", commands, topic="mod")

__all__ = ["commands", "feature"]
