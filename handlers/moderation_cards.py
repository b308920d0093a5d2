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
from core.guestbook import moderation as mod_guestbook
from core.i18n import N_, _
from core.moderation import actions as mod, comments as mod_comments, reports
from core.moderation.model import Refused, Report, Role, SanctionKind, until_text
from handlers import moderation_notices as notices
from handlers.context import Context
from handlers.syntax import parse_duration
from handlers.feature import Feature
from handlers.registry import CommandGroup

commands = CommandGroup()


def _denied() -> Reply:
    return reply(_("⚠️ That command is for moderators and admins. The attempt was logged."), personal=True)


async def _act(ctx: Context, staff: mod.Staff, verb: str, r: Report, duration: str) -> str:
    """Do what the button says to the report's post, comment or person; the outcome as one line."""
    if verb == "dismiss":
        await reports.dismiss(ctx.uow, ctx.now, staff, r.id)
        return _("✅ Dismissed")
    if verb in ("hide", "restore") and r.post_id is not None and r.comment_id is None:
        if verb == "hide":
            await mod.hide_post(ctx.uow, ctx.now, staff, r.post_id, notices.REPORTED)
            return _("🙈 Post no. {id} hidden").format(id=r.post_id)
        await mod.restore_post(ctx.uow, ctx.now, staff, r.post_id)
        return _("↩️ Post no. {id} visible again").format(id=r.post_id)
    if verb in ("hideg", "restoreg") and r.entry_id is not None:
        if verb == "hideg":
            await mod_guestbook.hide_entry(ctx.uow, ctx.now, staff, r.entry_id, "reported")
            return _("🙈 Guestbook entry g{id} hidden").format(id=r.entry_id)
        await mod_guestbook.restore_entry(ctx.uow, ctx.now, staff, r.entry_id)
        return _("↩️ Guestbook entry g{id} visible again").format(id=r.entry_id)
    if verb in ("hidec", "restorec") and r.comment_id is not None:
        if verb == "hidec":
            await mod_comments.hide_comment(ctx.uow, ctx.now, staff, r.comment_id, notices.REPORTED)
            return _("🙈 Comment c{id} hidden").format(id=r.comment_id)
        await mod_comments.restore_comment(ctx.uow, ctx.now, staff, r.comment_id)
        return _("↩️ Comment c{id} visible again").format(id=r.comment_id)
    target = await ctx.uow.accounts.get(r.target_id)
    if verb in ("mute", "ban") and target is not None and duration:
        if verb == "mute":
            s = await mod.mute(ctx.uow, ctx.now, staff, target, parse_duration(duration), notices.REPORTED)
            return _("🔇 @{handle} muted until {until}").format(handle=target.handle, until=_until(ctx, s.until))
        s = await mod.ban(ctx.uow, ctx.now, staff, target, parse_duration(duration), notices.REPORTED)
        return _("⛔ @{handle} banned until {until}").format(handle=target.handle, until=_until(ctx, s.until))
    raise NotFound(_("That button has expired."))


def _until(ctx: Context, until: Any) -> str:
    return until_text(until, ctx.time_zone)


# What became of a post or comment, as a whole sentence each.
_POST_IS = {"gone": N_("Post no. {id} is gone"), "hidden": N_("Post no. {id} is hidden"),
            "visible": N_("Post no. {id} is visible")}
_COMMENT_IS = {"gone": N_("Comment c{id} is gone"), "hidden": N_("Comment c{id} is hidden"),
               "visible": N_("Comment c{id} is visible")}


async def _state(ctx: Context, r: Report) -> str:
    """What became of a handled report, read as things are now."""
    if r.entry_id is not None:
        entry = await ctx.uow.guestbook.get(r.entry_id)
        if entry is None:
            return _("Guestbook entry g{id} is gone").format(id=r.entry_id)
        if entry.status.value != "active":
            return _("Guestbook entry g{id} is hidden").format(id=r.entry_id)
        return _("Guestbook entry g{id} is visible").format(id=r.entry_id)
    if r.comment_id is not None:
        comment = await ctx.uow.posts.get_comment(r.comment_id)
        shown = "gone" if comment is None else "hidden" if comment.status.value != "active" else "visible"
        return _(_COMMENT_IS[shown]).format(id=r.comment_id)
    if r.post_id is not None:
        post = await ctx.uow.posts.get(r.post_id)
        shown = "gone" if post is None else "hidden" if post.status.value != "active" else "visible"
        return _(_POST_IS[shown]).format(id=r.post_id)
    target = await ctx.uow.accounts.get(r.target_id)
    if target is None:
        return _("The account is gone")
    for kind in (SanctionKind.BAN, SanctionKind.MUTE):
        s = await ctx.uow.moderation.sanction(target.id, kind)
        if s is not None:
            return _sanctioned(ctx, target.handle, kind, s.until)
    return _("@{handle} has no mute or ban").format(handle=target.handle)


def _sanctioned(ctx: Context, handle: str, kind: SanctionKind, until: Any) -> str:
    if until is None:
        text = (_("@{handle} is banned until further notice") if kind is SanctionKind.BAN
                else _("@{handle} is muted until further notice"))
    else:
        text = _("@{handle} is banned until {until}") if kind is SanctionKind.BAN else _("@{handle} is muted until {until}")
    return text.format(handle=handle, until=_until(ctx, until) if until is not None else "")


async def _card(ctx: Context, r: Report, outcome: str) -> Reply:
    card = await notices.report_card(ctx.uow, r)
    return replace(card, spans=(*card.spans, plain(f"\n\n{outcome}")), buttons=(), in_place=True)


def _handled(state: str) -> str:
    return _("☑️ Already handled · {state}.").format(state=state)


@commands.action("rpt")
async def report_card_button(ctx: Context, arg: str) -> Reply:
    """`rpt:VERB:REPORT[:DURATION]`, from a report card's buttons."""
    verb, _sep, rest = arg.partition(":")
    raw_id, _sep, duration = rest.partition(":")
    try:
        staff = await mod.require(ctx.uow, ctx.now, ctx.services.admins, ctx.account, Role.MODERATOR, f"button rpt:{arg}")
    except Refused:
        return _denied()  # answered: the logged attempt commits
    r = await ctx.uow.moderation.get_report(int(raw_id)) if raw_id.isdigit() else None
    if r is None:
        return reply(_("That button has expired. /mod queue lists open reports."), personal=True)
    if not r.open:
        return await _card(ctx, r, _handled(await _state(ctx, r)))
    try:
        outcome = await _act(ctx, staff, verb, r, duration)
    except (Conflict, NotFound):  # handled meanwhile in another way (the post hidden by command…)
        return await _card(ctx, r, _handled(await _state(ctx, r)))
    return await _card(ctx, r, _("{outcome} · by @{handle}.").format(outcome=outcome, handle=ctx.account.handle))


@commands.action("mod")
async def legacy_button(ctx: Context, arg: str) -> Reply:
    """Buttons of cards sent before they named their report: act, and answer in a new message."""
    verb, _sep, rest = arg.partition(":")
    try:
        staff = await mod.require(ctx.uow, ctx.now, ctx.services.admins, ctx.account, Role.MODERATOR, f"button mod:{arg}")
    except Refused:
        return _denied()  # answered: the logged attempt commits
    parts = rest.split(":")
    if not parts[0].isdigit():
        return reply(_("That button has expired."))
    ident = int(parts[0])
    if verb == "dismiss":
        r = await reports.dismiss(ctx.uow, ctx.now, staff, ident)
        return reply(_("Report r{id} dismissed.").format(id=r.id))
    if verb == "hide":
        p = await mod.hide_post(ctx.uow, ctx.now, staff, ident, notices.REPORTED)
        return reply(_("🙈 #{id} is hidden.").format(id=p.id))
    if verb == "restore":
        p = await mod.restore_post(ctx.uow, ctx.now, staff, ident)
        return reply(_("#{id} is visible again.").format(id=p.id))
    if verb == "hidec":
        await mod_comments.hide_comment(ctx.uow, ctx.now, staff, ident, notices.REPORTED)
        return reply(_("🙈 Comment c{id} is hidden.").format(id=ident))
    if verb == "restorec":
        await mod_comments.restore_comment(ctx.uow, ctx.now, staff, ident)
        return reply(_("↩️ Comment c{id} is visible again.").format(id=ident))
    target = await ctx.uow.accounts.get(ident)
    if target is None or len(parts) < 2 or verb not in ("mute", "ban"):
        return reply(_("That button has expired."))
    if verb == "mute":
        s = await mod.mute(ctx.uow, ctx.now, staff, target, parse_duration(parts[1]), notices.REPORTED)
        return reply(_("🔇 @{handle} is muted until {until}.").format(handle=target.handle, until=_until(ctx, s.until)))
    s = await mod.ban(ctx.uow, ctx.now, staff, target, parse_duration(parts[1]), notices.REPORTED)
    return reply(_("⛔ @{handle} is banned until {until}.").format(handle=target.handle, until=_until(ctx, s.until)))


feature = Feature("report cards", N_("The buttons on moderators' report cards"), commands, topic="mod")

__all__ = ["commands", "feature"]
