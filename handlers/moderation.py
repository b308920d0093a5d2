"""Moderation from chat: /mod …, and the guards run before every message (reporting is handlers/reporting.py).

Every /mod command is declared with its role: the router checks it (core.moderation.actions.require)
and answers a refused attempt with `refused`, so its audit log line is committed, not rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chat.messages import Reply, reply
from core.errors import Invalid
from core.i18n import N_, _
from core.moderation import actions as mod, comments as mod_comments, reports
from core.moderation.model import FilterAction, Role, until_text, validate_reason
from handlers import moderation_notices as notices
from handlers.context import Context
from handlers.feature import Feature
from handlers.moderation_guards import standing_guard
from handlers.syntax import looks_like_duration, parse_duration
from handlers._types import CommandFunc
from core.guestbook import moderation as mod_guestbook
from handlers.registry import CommandGroup, CommentNo, EntryNo, Param

commands = CommandGroup()
HANDLE = Param("handle", "handle", N_("their @handle"))
POST = Param("id", "post_or_comment", N_("post number (#42), comment number (c17) or guestbook entry (g12)"))
REASON = Param("reason", "text", N_("why (shown to them and in the log)"), required=False)
# What someone without the role is answered (the router translates it: Command.refusal).
REFUSED = {Role.ADMIN: N_("⚠️ That command is for admins. The attempt was logged."),
           Role.MODERATOR: N_("⚠️ That command is for moderators and admins. The attempt was logged.")}


def _mod(name: str, summary: str, *params: Param, role: Role = Role.MODERATOR) -> Callable[[CommandFunc], CommandFunc]:
    """A /mod subcommand: the router lets only staff of at least `role` run it (and logs anyone else)."""
    return commands.command(name, summary, *params, parent="mod", role=role.value, refused=REFUSED[role])


def _staff(ctx: Context) -> mod.Staff:
    assert ctx.staff is not None  # the router checked the command's role
    return ctx.staff


def _reason(ctx: Context) -> str:
    return validate_reason(ctx.args.get("reason", ""))


# --- the queue and the log -------------------------------------------------------------------
@_mod("queue", N_("Open reports and held posts"))
async def queue(ctx: Context) -> list[Reply] | Reply:
    open_reports = await reports.queue(ctx.uow)
    if not open_reports:
        return reply(_("The queue is empty. 🎉"), personal=True)
    return [await notices.report_card(ctx.uow, r) for r in open_reports]


@_mod("log", N_("The audit log: who did what, when and why"),
      Param("handle", "handle", N_("only about them"), required=False))
async def log(ctx: Context) -> Reply:
    about = await ctx.staff_target(ctx.args["handle"]) if ctx.args.get("handle") else None
    entries = await mod.log_entries(ctx.uow, about)
    if not entries:
        return reply(_("Nothing in the log yet."), personal=True)
    return reply(*await notices.log_lines(ctx.uow, entries, ctx.time_zone), personal=True)


@_mod("dismiss", N_("Close a report without action"), Param("report", "word", N_("report number, e.g. r5")))
async def dismiss(ctx: Context) -> Reply:
    staff = _staff(ctx)
    raw = ctx.args["report"].lower().lstrip("r")
    if not raw.isdigit():
        raise Invalid(_("A report number looks like r5. /mod queue lists them."))
    r = await reports.dismiss(ctx.uow, ctx.now, staff, int(raw))
    return reply(_("Report r{id} dismissed.").format(id=r.id))


# --- posts -----------------------------------------------------------------------------------
# Replies start with an emoji or a word, never `cID`/`#ID`: replying to them must not comment.
@_mod("hide", N_("Hide a post or comment from everyone but its author"), POST, REASON)
async def hide(ctx: Context) -> Reply:
    staff = _staff(ctx)
    if isinstance(ref := ctx.args["id"], EntryNo):
        await mod_guestbook.hide_entry(ctx.uow, ctx.now, staff, ref.id, _reason(ctx))
        return reply(_("🙈 Guestbook entry g{id} is hidden; its writer was told why. /mod restore g{id} undoes it.")
                     .format(id=ref.id))
    if isinstance(ref, CommentNo):
        await mod_comments.hide_comment(ctx.uow, ctx.now, staff, ref.id, _reason(ctx))
        return reply(_("🙈 Comment c{id} is hidden; its author was told why. /mod restore c{id} undoes it.").format(
            id=ref.id))
    p = await mod.hide_post(ctx.uow, ctx.now, staff, ref, _reason(ctx))
    return reply(_("🙈 #{id} is hidden; its author was told why. /mod restore {id} undoes it.").format(id=p.id))


@_mod("restore", N_("Show a hidden or held post, or a hidden comment, again"), POST)
async def restore(ctx: Context) -> Reply:
    staff = _staff(ctx)
    if isinstance(ref := ctx.args["id"], EntryNo):
        await mod_guestbook.restore_entry(ctx.uow, ctx.now, staff, ref.id)
        return reply(_("↩️ Guestbook entry g{id} is visible again.").format(id=ref.id))
    if isinstance(ref, CommentNo):
        await mod_comments.restore_comment(ctx.uow, ctx.now, staff, ref.id)
        return reply(_("↩️ Comment c{id} is visible again.").format(id=ref.id))
    p = await mod.restore_post(ctx.uow, ctx.now, staff, ref)
    return reply(_("#{id} is visible again.").format(id=p.id))


@_mod("delete", N_("Remove a post or comment for good"), POST, REASON)
async def delete(ctx: Context) -> Reply:
    staff = _staff(ctx)
    if isinstance(ref := ctx.args["id"], EntryNo):
        await mod_guestbook.delete_entry(ctx.uow, ctx.now, staff, ref.id, _reason(ctx))
        return reply(_("🗑 Guestbook entry g{id} is deleted.").format(id=ref.id))
    if isinstance(ref, CommentNo):
        await mod_comments.delete_comment(ctx.uow, ctx.now, staff, ref.id, _reason(ctx))
        return reply(_("🗑 Comment c{id} is deleted, with any replies.").format(id=ref.id))
    p = await mod.delete_post(ctx.uow, ctx.now, staff, ref, _reason(ctx))
    return reply(_("🗑 #{id} is deleted.").format(id=p.id))


# --- people ----------------------------------------------------------------------------------
def _duration_and_reason(ctx: Context, required: bool) -> tuple[Any, str]:
    token, reason = ctx.args.get("duration", ""), ctx.args.get("reason", "")
    if token and not looks_like_duration(token) and not required:
        token, reason = "", f"{token} {reason}"  # `/mod ban bob spamming` — no duration, all reason
    if not token:
        if required:
            raise Invalid(_("Say for how long: 30m, 12h, 7d or 2w."))
        return None, validate_reason(reason)
    return parse_duration(token), validate_reason(reason)


@_mod("mute", N_("Mute someone: they can read but not post or comment"), HANDLE,
      Param("duration", "word", N_("30m, 12h, 7d…")), REASON)
async def mute(ctx: Context) -> Reply:
    staff = _staff(ctx)
    target = await ctx.staff_target(ctx.args["handle"])
    duration, reason = _duration_and_reason(ctx, required=True)
    s = await mod.mute(ctx.uow, ctx.now, staff, target, duration, reason)
    return reply(_("🔇 @{handle} is muted until {until}.").format(handle=target.handle, until=_until(ctx, s.until)))


@_mod("unmute", N_("Lift a mute"), HANDLE)
async def unmute(ctx: Context) -> Reply:
    staff = _staff(ctx)
    target = await ctx.staff_target(ctx.args["handle"])
    await mod.unmute(ctx.uow, ctx.now, staff, target)
    return reply(_("🔊 @{handle} may post again.").format(handle=target.handle))


@_mod("ban", N_("Ban someone (on every linked messenger); no duration: until unbanned"), HANDLE,
      Param("duration", "word", N_("30m, 12h, 7d… (optional)"), required=False), REASON)
async def ban(ctx: Context) -> Reply:
    staff = _staff(ctx)
    target = await ctx.staff_target(ctx.args["handle"])
    duration, reason = _duration_and_reason(ctx, required=False)
    s = await mod.ban(ctx.uow, ctx.now, staff, target, duration, reason)
    if s.until is None:
        return reply(_("⛔ @{handle} is banned until further notice. Their zone is gone for everyone else.").format(
            handle=target.handle))
    return reply(_("⛔ @{handle} is banned until {until}. Their zone is gone for everyone else.").format(
        handle=target.handle, until=_until(ctx, s.until)))


@_mod("unban", N_("Lift a ban"), HANDLE)
async def unban(ctx: Context) -> Reply:
    staff = _staff(ctx)
    target = await ctx.staff_target(ctx.args["handle"])
    await mod.unban(ctx.uow, ctx.now, staff, target)
    return reply(_("✅ @{handle} is no longer banned.").format(handle=target.handle))


@_mod("promote", N_("Make someone a moderator (admins)"), HANDLE, role=Role.ADMIN)
async def promote(ctx: Context) -> Reply:
    staff = _staff(ctx)
    target = await ctx.staff_target(ctx.args["handle"])
    await mod.promote(ctx.uow, ctx.now, staff, target)
    return reply(_("🛡 @{handle} is now a moderator.").format(handle=target.handle))


@_mod("demote", N_("Take moderator rights away (admins)"), HANDLE, role=Role.ADMIN)
async def demote(ctx: Context) -> Reply:
    staff = _staff(ctx)
    target = await ctx.staff_target(ctx.args["handle"])
    await mod.demote(ctx.uow, ctx.now, staff, target)
    return reply(_("@{handle} is no longer a moderator.").format(handle=target.handle))


# --- the word filter -------------------------------------------------------------------------
@_mod("filter", N_("The word filter: add|remove|list WORD [block|hold]"),
      Param("op", "choice", N_("add, remove or list"), choices=("add", "remove", "list")),
      Param("word", "word", N_("the word"), required=False),
      Param("mode", "choice", N_("block (refuse) or hold (for review)"), required=False, choices=("block", "hold")))
async def word_filter(ctx: Context) -> Reply:
    staff = _staff(ctx)
    op, word = ctx.args["op"], ctx.args.get("word")
    if op == "list":
        entries = await reports.words(ctx.uow)
        if not entries:
            return reply(_("The filter is empty. /mod filter add WORD [block|hold]"), personal=True)
        return reply(_("Filtered words:") + "\n", *(_filtered(e) + "\n" for e in entries), personal=True)
    if not word:
        usage = f"/mod filter {op} WORD" + (" [block|hold]" if op == "add" else "")
        raise Invalid(_("Name the word: {usage}").format(usage=usage))
    if op == "add":
        action = FilterAction(ctx.args.get("mode", "block"))
        new = await reports.add_word(ctx.uow, ctx.now, staff, word, action)
        text = _("“{word}” added: {mode}.") if new else _("“{word}” changed: {mode}.")
        return reply(text.format(word=word.casefold(), mode=action.value))
    await reports.remove_word(ctx.uow, ctx.now, staff, word)
    return reply(_("“{word}” removed from the filter.").format(word=word.casefold()))


def _filtered(e: Any) -> str:
    """One line of /mod filter list: the word and what it does (`block`, `hold`: as typed)."""
    if e.source == "config":
        return _("• {word} → {mode} (config)").format(word=e.word, mode=e.action.value)
    return f"• {e.word} → {e.action.value}"


def _until(ctx: Context, until: Any) -> str:
    """When a sanction ends, in the moderator's language and time zone."""
    return until_text(until, ctx.time_zone)


SUMMARY = N_("Moderation: reports, hiding, mutes, bans, the word filter and the audit log")
feature = Feature("moderation", SUMMARY, commands, topic="mod", groups={"mod": SUMMARY},
                  guards=(standing_guard,))  # the guard: handlers/moderation_guards.py

__all__ = ["feature"]
