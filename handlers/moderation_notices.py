"""How moderation reads in chat: report cards for moderators, notices for the people acted on, log lines."""

from __future__ import annotations

from chat.messages import Button, Reply, Span, plain
from core.events import Event
from core.model import Account, PostStatus
from core.moderation.events import ModerationTaken, ReportFiled
from core.moderation.model import TELLS_TARGET, Action, LogEntry, Report
from core.ports import UnitOfWork
from handlers.format import snip, until_text
from handlers.notices import notice_for


def _at(account: Account | None) -> str:
    return f"@{account.handle}" if account else "someone"


async def report_card(uow: UnitOfWork, r: Report) -> Reply:
    """A report as moderators see it, with buttons to act on it (`rpt:VERB:REPORT`, see moderation_cards).

    Moderators see the reported text whatever its audience: reviewing it is their job.
    """
    reporter = await uow.accounts.get(r.reporter_id) if r.reporter_id else None
    target = await uow.accounts.get(r.target_id)
    by = _at(reporter) if r.reporter_id else "the word filter"
    # The first line must not start with #ID: replying to this message must not comment on the post.
    spans: list[Span] = []
    dismiss = Button("✅ Dismiss", f"rpt:dismiss:{r.id}")
    if r.comment_id is not None:
        comment = await uow.posts.get_comment(r.comment_id)
        spans.append(plain(f"🚩 Report r{r.id} · {by} on comment c{r.comment_id} (post no. {r.post_id}) "
                           f"by {_at(target)}: {r.reason}\n"))
        spans.append(plain(snip(comment.body) if comment is not None else "(the comment is gone)"))
        if comment is None:
            buttons: tuple[tuple[Button, ...], ...] = ((dismiss,),)
        elif comment.status is PostStatus.ACTIVE:
            buttons = ((Button(f"🙈 Hide c{r.comment_id}", f"rpt:hidec:{r.id}"), dismiss),)
        else:
            buttons = ((Button(f"↩️ Restore c{r.comment_id}", f"rpt:restorec:{r.id}"), dismiss),)
    elif r.post_id is not None:
        post = await uow.posts.get(r.post_id)
        spans.append(plain(f"🚩 Report r{r.id} · {by} on post #{r.post_id} by {_at(target)}: {r.reason}\n"))
        if post is not None:
            spans.append(plain(snip((post.title + "\n" if post.title else "") + post.body)))
        hide = (Button(f"🙈 Hide #{r.post_id}", f"rpt:hide:{r.id}") if post is not None and post.status is PostStatus.ACTIVE
                else Button(f"↩️ Restore #{r.post_id}", f"rpt:restore:{r.id}"))
        buttons = ((hide, dismiss),)
    else:
        spans.append(plain(f"🚩 Report r{r.id} · {by} on {_at(target)}: {r.reason}"))
        buttons = ((Button("🔇 Mute 1d", f"rpt:mute:{r.id}:1d"), Button("⛔ Ban 7d", f"rpt:ban:{r.id}:7d"),
                    dismiss),)
    return Reply(spans=tuple(spans), buttons=buttons, personal=True)


async def log_lines(uow: UnitOfWork, entries: list[LogEntry]) -> list[Span]:
    ids = {i for e in entries for i in (e.actor_id, e.target_id) if i is not None}
    people = await uow.accounts.get_many(list(ids))
    lines = []
    for e in entries:
        actor = _at(people.get(e.actor_id)) if e.actor_id else "system"
        parts = [f"{e.at:%Y-%m-%d %H:%M}", actor, e.action]
        if e.target_id is not None:
            parts.append(_at(people.get(e.target_id)))
        if e.comment_id is not None:
            parts.append(f"comment c{e.comment_id}")
        if e.post_id is not None:
            parts.append(f"post {e.post_id}")
        if e.until is not None:
            parts.append(f"until {until_text(e.until)}")
        line = " · ".join(parts) + (f" — {e.reason}" if e.reason else "")
        lines.append(plain(line + "\n"))
    return [plain("Audit log (newest first):\n"), *lines]


# What the person acted on reads, for each action that tells its target (core.moderation.model.TELLS_TARGET).
TOLD_TEMPLATES: dict[Action, str] = {
    Action.HIDE: "🙈 A moderator hid your post {post}{why}. Only you can see it now.",
    Action.RESTORE: "↩️ Your post {post} is visible again.",
    Action.DELETE: "🗑 A moderator removed your post {post}{why}.{snippet}",
    Action.HIDE_COMMENT: "🙈 A moderator hid your comment {comment} on post {post}{why}. Only you can see it now.",
    Action.RESTORE_COMMENT: "↩️ Your comment {comment} is visible again.",
    Action.DELETE_COMMENT: "🗑 A moderator removed your comment {comment} on post {post}{why}.{snippet}",
    Action.MUTE: "🔇 You are muted until {until}{why}. You can read, but not post or comment.",
    Action.UNMUTE: "🔊 You can post and comment again.",
    Action.MUTE_EXPIRED: "🔊 Your mute has ended; you can post and comment again.",
    Action.BAN: "⛔ You are banned from OpenZone until {until}{why}.",
    Action.UNBAN: "✅ Your ban was lifted. Welcome back.",
    Action.BAN_EXPIRED: "✅ Your ban has ended. Welcome back.",
    Action.PROMOTE: "🛡 You are now a moderator. /help mod lists what you can do.",
    Action.DEMOTE: "You are no longer a moderator.",
}


@notice_for(ModerationTaken)
async def _moderation_notice(uow: UnitOfWork, event: Event, recipient: Account) -> Reply | None:
    assert isinstance(event, ModerationTaken)
    template = TOLD_TEMPLATES.get(Action(event.action)) if event.action in TELLS_TARGET else None
    if template is None:
        return None
    text = template.format(
        # "post 42", not "#42": a reply to this message must not turn into a comment on it.
        post=f"no. {event.post_id}", comment=f"c{event.comment_id}", why=f" ({event.reason})" if event.reason else "",
        until=until_text(event.until), snippet=f"\n“{event.snippet}”" if event.snippet else "",
    )
    # A new moderator's menus gain the staff commands; a former one's lose them.
    menu = {"promote": "moderator", "demote": "user"}.get(event.action, "")
    return Reply(spans=(plain(text),), menu=menu)


@notice_for(ReportFiled)
async def _report_notice(uow: UnitOfWork, event: Event, recipient: Account) -> Reply | None:
    assert isinstance(event, ReportFiled)
    report = await uow.moderation.get_report(event.report_id)
    if report is None or not report.open:
        return None  # handled before the notice went out
    return await report_card(uow, report)
