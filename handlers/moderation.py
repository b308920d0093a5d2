"""Moderation from chat: /report, /mod …, the Report button, and the guards run before every message.

Every /mod command is declared with its role: the router checks it (core.moderation.actions.require)
and answers a refused attempt with `refused`, so its audit log line is committed, not rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chat.messages import Reply, reply
from core.errors import Invalid
from core.moderation import actions as mod, comments as mod_comments, reports
from core.ratelimit import REPORTS
from core.moderation.model import FilterAction, Role, validate_reason
from handlers import moderation_notices as notices
from handlers.context import Context
from handlers.feature import Feature, Flow
from handlers.format import until_text
from handlers.moderation_guards import rate_guard, standing_guard
from handlers.params import looks_like_duration, parse_duration
from handlers._types import CommandFunc
from handlers.registry import CommandGroup, CommentNo, Param

commands = CommandGroup()
HANDLE = Param("handle", "handle", "their @handle")
POST = Param("id", "post_or_comment", "post number (#42) or comment number (c17)")
REASON = Param("reason", "text", "why (shown to them and in the log)", required=False)


def _refused(needed: Role) -> str:
    who = "admins" if needed is Role.ADMIN else "moderators and admins"
    return f"⚠️ That command is for {who}. The attempt was logged."


def _mod(name: str, summary: str, *params: Param, role: Role = Role.MODERATOR) -> Callable[[CommandFunc], CommandFunc]:
    """A /mod subcommand: the router lets only staff of at least `role` run it (and logs anyone else)."""
    return commands.command(name, summary, *params, parent="mod", role=role.value, refused=_refused(role))


def _staff(ctx: Context) -> mod.Staff:
    assert ctx.staff is not None  # the router checked the command's role
    return ctx.staff


def _reason(ctx: Context) -> str:
    return validate_reason(ctx.args.get("reason", ""))


# --- reporting (everyone) --------------------------------------------------------------------
def _reported(r: Any) -> Reply:
    what = f"c{r.comment_id}" if r.comment_id is not None else f"#{r.post_id}"
    return reply(f"🚩 Thanks — {what} was reported (r{r.id}). Moderators will look at it.", personal=True)


@commands.command("report", "Report a post, a comment or a person to the moderators",
                  Param("target", "word", "post number (#42), comment number (c17) or @handle",
                        label="post, comment or @handle"),
                  Param("reason", "text", "what is wrong"), topic="safety", bucket=REPORTS)
async def report(ctx: Context) -> Reply:
    target, reason = ctx.args["target"], ctx.args.get("reason", "")
    ref = POST.convert(target) if POST.matches(target) else None
    if isinstance(ref, CommentNo):  # a person whose handle looks like `c17` is reported as @c17
        return _reported(await reports.report_comment(ctx.uow, ctx.now, ctx.account, ref.id, reason))
    if target.lstrip("#").isdigit():
        r = await reports.report_post(ctx.uow, ctx.now, ctx.account, int(target.lstrip("#")), reason)
        return reply(f"🚩 Thanks — #{r.post_id} was reported (r{r.id}). Moderators will look at it.", personal=True)
    r = await reports.report_account(ctx.uow, ctx.now, ctx.account, await ctx.target(target), reason)
    return reply(f"🚩 Thanks — @{target.lstrip('@').lower()} was reported (r{r.id}).", personal=True)


@commands.action("rep")
async def report_button(ctx: Context, arg: str) -> Reply:
    """`rep:42` reports post #42, `rep:c17` comment c17 (the reason comes as the next message)."""
    if arg.startswith("c") and arg[1:].isdigit():
        await ctx.start_flow("report", comment_id=int(arg[1:]))
        return reply(f"What is wrong with comment {arg}? Send the reason as your next message.", personal=True,
                     asks=f"What is wrong with comment {arg}?")
    if not arg.isdigit():
        return reply("That button has expired.")
    await ctx.start_flow("report", post_id=int(arg))
    return reply(f"What is wrong with #{arg}? Send the reason as your next message.", personal=True,
                 asks=f"What is wrong with #{arg}?")


async def report_flow(ctx: Context, flow: dict[str, Any]) -> Reply:
    if "comment_id" in flow:
        return _reported(await reports.report_comment(ctx.uow, ctx.now, ctx.account, int(flow["comment_id"]),
                                                      ctx.incoming.text))
    return _reported(await reports.report_post(ctx.uow, ctx.now, ctx.account, int(flow["post_id"]), ctx.incoming.text))


# --- the queue and the log -------------------------------------------------------------------
@_mod("queue", "Open reports and held posts")
async def queue(ctx: Context) -> list[Reply] | Reply:
    open_reports = await reports.queue(ctx.uow)
    if not open_reports:
        return reply("The queue is empty. 🎉", personal=True)
    return [await notices.report_card(ctx.uow, r) for r in open_reports]


@_mod("log", "The audit log: who did what, when and why",
      Param("handle", "handle", "only about them", required=False))
async def log(ctx: Context) -> Reply:
    about = await ctx.staff_target(ctx.args["handle"]) if ctx.args.get("handle") else None
    entries = await mod.log_entries(ctx.uow, about)
    if not entries:
        return reply("Nothing in the log yet.", personal=True)
    return reply(*await notices.log_lines(ctx.uow, entries), personal=True)


@_mod("dismiss", "Close a report without action", Param("report", "word", "report number, e.g. r5"))
async def dismiss(ctx: Context) -> Reply:
    staff = _staff(ctx)
    raw = ctx.args["report"].lower().lstrip("r")
    if not raw.isdigit():
        raise Invalid("A report number looks like r5. /mod queue lists them.")
    r = await reports.dismiss(ctx.uow, ctx.now, staff, int(raw))
    return reply(f"Report r{r.id} dismissed.")


# --- posts -----------------------------------------------------------------------------------
# Replies start with an emoji or a word, never `cID`/`#ID`: replying to them must not comment.
@_mod("hide", "Hide a post or comment from everyone but its author", POST, REASON)
async def hide(ctx: Context) -> Reply:
    staff = _staff(ctx)
    if isinstance(ref := ctx.args["id"], CommentNo):
        await mod_comments.hide_comment(ctx.uow, ctx.now, staff, ref.id, _reason(ctx))
        return reply(f"🙈 Comment c{ref.id} is hidden; its author was told why. /mod restore c{ref.id} undoes it.")
    p = await mod.hide_post(ctx.uow, ctx.now, staff, ref, _reason(ctx))
    return reply(f"🙈 #{p.id} is hidden; its author was told why. /mod restore {p.id} undoes it.")


@_mod("restore", "Show a hidden or held post, or a hidden comment, again", POST)
async def restore(ctx: Context) -> Reply:
    staff = _staff(ctx)
    if isinstance(ref := ctx.args["id"], CommentNo):
        await mod_comments.restore_comment(ctx.uow, ctx.now, staff, ref.id)
        return reply(f"↩️ Comment c{ref.id} is visible again.")
    p = await mod.restore_post(ctx.uow, ctx.now, staff, ref)
    return reply(f"#{p.id} is visible again.")


@_mod("delete", "Remove a post or comment for good", POST, REASON)
async def delete(ctx: Context) -> Reply:
    staff = _staff(ctx)
    if isinstance(ref := ctx.args["id"], CommentNo):
        await mod_comments.delete_comment(ctx.uow, ctx.now, staff, ref.id, _reason(ctx))
        return reply(f"🗑 Comment c{ref.id} is deleted, with any replies.")
    p = await mod.delete_post(ctx.uow, ctx.now, staff, ref, _reason(ctx))
    return reply(f"🗑 #{p.id} is deleted.")


# --- people ----------------------------------------------------------------------------------
def _duration_and_reason(ctx: Context, required: bool) -> tuple[Any, str]:
    token, reason = ctx.args.get("duration", ""), ctx.args.get("reason", "")
    if token and not looks_like_duration(token) and not required:
        token, reason = "", f"{token} {reason}"  # `/mod ban bob spamming` — no duration, all reason
    if not token:
        if required:
            raise Invalid("Say for how long: 30m, 12h, 7d or 2w.")
        return None, validate_reason(reason)
    return parse_duration(token), validate_reason(reason)


@_mod("mute", "Mute someone: they can read but not post or comment", HANDLE,
      Param("duration", "word", "30m, 12h, 7d…"), REASON)
async def mute(ctx: Context) -> Reply:
    staff = _staff(ctx)
    target = await ctx.staff_target(ctx.args["handle"])
    duration, reason = _duration_and_reason(ctx, required=True)
    s = await mod.mute(ctx.uow, ctx.now, staff, target, duration, reason)
    return reply(f"🔇 @{target.handle} is muted until {until_text(s.until)}.")


@_mod("unmute", "Lift a mute", HANDLE)
async def unmute(ctx: Context) -> Reply:
    staff = _staff(ctx)
    target = await ctx.staff_target(ctx.args["handle"])
    await mod.unmute(ctx.uow, ctx.now, staff, target)
    return reply(f"🔊 @{target.handle} may post again.")


@_mod("ban", "Ban someone (on every linked messenger); no duration: until unbanned", HANDLE,
      Param("duration", "word", "30m, 12h, 7d… (optional)", required=False), REASON)
async def ban(ctx: Context) -> Reply:
    staff = _staff(ctx)
    target = await ctx.staff_target(ctx.args["handle"])
    duration, reason = _duration_and_reason(ctx, required=False)
    s = await mod.ban(ctx.uow, ctx.now, staff, target, duration, reason)
    return reply(f"⛔ @{target.handle} is banned until {until_text(s.until)}. Their zone is gone for everyone else.")


@_mod("unban", "Lift a ban", HANDLE)
async def unban(ctx: Context) -> Reply:
    staff = _staff(ctx)
    target = await ctx.staff_target(ctx.args["handle"])
    await mod.unban(ctx.uow, ctx.now, staff, target)
    return reply(f"✅ @{target.handle} is no longer banned.")


@_mod("promote", "Make someone a moderator (admins)", HANDLE, role=Role.ADMIN)
async def promote(ctx: Context) -> Reply:
    staff = _staff(ctx)
    target = await ctx.staff_target(ctx.args["handle"])
    await mod.promote(ctx.uow, ctx.now, staff, target)
    return reply(f"🛡 @{target.handle} is now a moderator.")


@_mod("demote", "Take moderator rights away (admins)", HANDLE, role=Role.ADMIN)
async def demote(ctx: Context) -> Reply:
    staff = _staff(ctx)
    target = await ctx.staff_target(ctx.args["handle"])
    await mod.demote(ctx.uow, ctx.now, staff, target)
    return reply(f"@{target.handle} is no longer a moderator.")


# --- the word filter -------------------------------------------------------------------------
@_mod("filter", "The word filter: add|remove|list WORD [block|hold]",
      Param("op", "choice", "add, remove or list", choices=("add", "remove", "list")),
      Param("word", "word", "the word", required=False),
      Param("mode", "choice", "block (refuse) or hold (for review)", required=False, choices=("block", "hold")))
async def word_filter(ctx: Context) -> Reply:
    staff = _staff(ctx)
    op, word = ctx.args["op"], ctx.args.get("word")
    if op == "list":
        entries = await reports.words(ctx.uow)
        if not entries:
            return reply("The filter is empty. /mod filter add WORD [block|hold]", personal=True)
        return reply("Filtered words:\n", *(f"• {e.word} → {e.action.value}"
                                            f"{' (config)' if e.source == 'config' else ''}\n" for e in entries),
                     personal=True)
    if not word:
        raise Invalid(f"Name the word: /mod filter {op} WORD" + (" [block|hold]" if op == "add" else ""))
    if op == "add":
        action = FilterAction(ctx.args.get("mode", "block"))
        new = await reports.add_word(ctx.uow, ctx.now, staff, word, action)
        return reply(f"“{word.casefold()}” {'added' if new else 'changed'}: {action.value}.")
    await reports.remove_word(ctx.uow, ctx.now, staff, word)
    return reply(f"“{word.casefold()}” removed from the filter.")


SUMMARY = "Moderation: reports, hiding, mutes, bans, the word filter and the audit log"
feature = Feature("moderation", SUMMARY, commands, topic="mod", groups={"mod": SUMMARY}, flows={"report": Flow(report_flow, REPORTS)},
                  guards=(standing_guard, rate_guard))  # the guards: handlers/moderation_guards.py

__all__ = ["feature"]
