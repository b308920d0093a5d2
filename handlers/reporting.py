"""Reporting, for everyone: /report a post, a comment, a guestbook entry or a person, and the Report button.

The reason comes with the command or, when it doesn't, as the next message (the `report` flow),
after checking that the thing can be reported at all.
"""

from __future__ import annotations

from typing import Any

from chat.messages import Reply, reply
from core.guestbook import moderation as mod_guestbook
from core.i18n import N_, _
from core.moderation import reports
from core.ratelimit import REPORTS
from handlers.context import Context
from handlers.feature import Feature, Flow
from handlers.registry import CommandGroup, CommentNo, EntryNo, Param

commands = CommandGroup()
# What /report's target may be besides @handle: the same kinds /mod hide takes (#42, c17, g12).
POST = Param("id", "post_or_comment", N_("post number (#42), comment number (c17) or guestbook entry (g12)"))


def _reported(r: Any) -> Reply:
    what = f"c{r.comment_id}" if r.comment_id is not None else f"#{r.post_id}"
    return reply(_("🚩 Thanks — {what} was reported (r{id}). Moderators will look at it.").format(what=what, id=r.id),
                 personal=True)


@commands.command("report", N_("Report a post, a comment, a guestbook entry or a person to the moderators"),
                  Param("target", "word",
                        N_("post number (#42), comment number (c17), guestbook entry (g12) or @handle"),
                        label=N_("post, comment, entry or @handle")),
                  Param("reason", "text", N_("what is wrong"), required=False),
                  topic="safety", bucket=REPORTS)
async def report(ctx: Context) -> Reply:
    """`/report #42 spam`; without a reason, the reason is asked for and comes as the next message (as the button)."""
    target, reason = ctx.args["target"], ctx.args.get("reason", "")
    ref = POST.convert(target) if POST.matches(target) else None
    if not reason:
        ctx.bucket = None  # only asked: the reason, next, is what counts against the reports limit
    if isinstance(ref, EntryNo):  # likewise `g12` is a guestbook entry
        if not reason:
            return await _ask_entry(ctx, ref.id)
        return await _reported_entry(ctx, ref.id, reason)
    if isinstance(ref, CommentNo):  # a person whose handle looks like `c17` is reported as @c17
        if not reason:
            await reports.reportable_comment(ctx.uow, ctx.account, ref.id)
            return await _ask_comment(ctx, ref.id)
        return _reported(await reports.report_comment(ctx.uow, ctx.now, ctx.account, ref.id, reason))
    if target.lstrip("#").isdigit():
        post_id = int(target.lstrip("#"))
        if not reason:
            await reports.reportable_post(ctx.uow, ctx.account, post_id)
            return await _ask_post(ctx, post_id)
        return _reported(await reports.report_post(ctx.uow, ctx.now, ctx.account, post_id, reason))
    person = await ctx.target(target)
    if not reason:
        await reports.reportable_account(ctx.uow, ctx.account, person)
        await ctx.start_flow("report", handle=person.handle)
        return reply(_("What is wrong with @{handle}? Send the reason as your next message.").format(handle=person.handle),
                     personal=True, asks=_("What is wrong with @{handle}?").format(handle=person.handle))
    return _reported_person(await reports.report_account(ctx.uow, ctx.now, ctx.account, person, reason), person.handle)


async def _reported_entry(ctx: Context, entry_id: int, reason: str) -> Reply:
    r = await mod_guestbook.report_entry(ctx.uow, ctx.now, ctx.account, entry_id, reason)
    return reply(_("🚩 Thanks — g{id} was reported (r{report}). Moderators will look at it.").format(
        id=entry_id, report=r.id), personal=True)


def _reported_person(r: Any, handle: str) -> Reply:
    return reply(_("🚩 Thanks — @{handle} was reported (r{id}).").format(handle=handle, id=r.id), personal=True)


async def _ask_comment(ctx: Context, comment_id: int) -> Reply:
    await ctx.start_flow("report", comment_id=comment_id)
    ref = f"c{comment_id}"
    return reply(_("What is wrong with comment {ref}? Send the reason as your next message.").format(ref=ref),
                 personal=True, asks=_("What is wrong with comment {ref}?").format(ref=ref))


async def _ask_entry(ctx: Context, entry_id: int) -> Reply:
    await mod_guestbook.reportable_entry(ctx.uow, ctx.account, entry_id)  # never asks about what can't be reported
    await ctx.start_flow("report", entry_id=entry_id)
    return reply(_("What is wrong with guestbook entry g{id}? Send the reason as your next message.").format(
        id=entry_id), personal=True, asks=_("What is wrong with guestbook entry g{id}?").format(id=entry_id))


async def _ask_post(ctx: Context, post_id: int) -> Reply:
    await ctx.start_flow("report", post_id=post_id)
    return reply(_("What is wrong with #{id}? Send the reason as your next message.").format(id=post_id), personal=True,
                 asks=_("What is wrong with #{id}?").format(id=post_id))


@commands.action("rep")
async def report_button(ctx: Context, arg: str) -> Reply:
    """`rep:42` reports post #42, `rep:c17` comment c17, `rep:g12` guestbook entry g12 (the reason comes as the
    next message)."""
    if arg.startswith("g") and arg[1:].isdigit():
        return await _ask_entry(ctx, int(arg[1:]))
    if arg.startswith("c") and arg[1:].isdigit():
        return await _ask_comment(ctx, int(arg[1:]))
    if not arg.isdigit():
        return reply(_("That button has expired."))
    return await _ask_post(ctx, int(arg))


async def report_flow(ctx: Context, flow: dict[str, Any]) -> Reply:
    reason = ctx.incoming.text
    if "comment_id" in flow:
        return _reported(await reports.report_comment(ctx.uow, ctx.now, ctx.account, int(flow["comment_id"]), reason))
    if "entry_id" in flow:
        return await _reported_entry(ctx, int(flow["entry_id"]), reason)
    if "handle" in flow:
        person = await ctx.target(str(flow["handle"]))
        return _reported_person(await reports.report_account(ctx.uow, ctx.now, ctx.account, person, reason), person.handle)
    return _reported(await reports.report_post(ctx.uow, ctx.now, ctx.account, int(flow["post_id"]), reason))


feature = Feature("reporting", N_("Reporting posts, comments, guestbook entries and people to the moderators"),
                  commands, topic="safety", flows={"report": Flow(report_flow, REPORTS)})

__all__ = ["feature"]
