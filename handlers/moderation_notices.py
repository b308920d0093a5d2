"""How moderation reads in chat: report cards for moderators, notices for the people acted on, log lines."""

from __future__ import annotations

import re
from datetime import timezone, tzinfo

from chat.messages import Button, Reply, Span, plain
from core import i18n
from core.events import Event
from core.i18n import N_, _
from core.model import Account, PostStatus
from core.moderation.events import ModerationTaken, ReportFiled
from core.moderation.model import TELLS_TARGET, Action, LogEntry, Report, until_text
from core.ports import UnitOfWork
from handlers.format import snip
from handlers.notices import notice_for

# How screening.held words a held post's report reason (stored as written); shown in the reader's words.
_HELD = re.compile(r"^held by the word filter: “(.*)”$", re.S)
REPORTED = "reported"
"""The reason a report card's button gives (stored as written, like a moderator's own words)."""
# Reasons OpenZone writes itself, worded for each reader where shown; a moderator's own stay as typed.
_OWN_REASONS = {REPORTED: N_("reported")}


def reason_words(reason: str) -> str:
    """A sanction's or removal's reason as the reader reads it."""
    return _(_OWN_REASONS[reason]) if reason in _OWN_REASONS else reason


def _at(account: Account | None) -> str:
    return f"@{account.handle}" if account else _("someone")


def _reason(r: Report) -> str:
    """The report's reason as moderators read it: a person's words as written, the word filter's in their language."""
    if r.reporter_id is None and (m := _HELD.match(r.reason)):
        return _("held by the word filter: “{word}”").format(word=m.group(1))
    return r.reason


async def report_card(uow: UnitOfWork, r: Report) -> Reply:
    """A report as moderators see it, with buttons to act on it (`rpt:VERB:REPORT`, see moderation_cards).

    Moderators see the reported text whatever its audience: reviewing it is their job.
    """
    reporter = await uow.accounts.get(r.reporter_id) if r.reporter_id else None
    target = await uow.accounts.get(r.target_id)
    by = _at(reporter) if r.reporter_id else _("the word filter")
    # The first line must not start with #ID: replying to this message must not comment on the post.
    spans: list[Span] = []
    dismiss = Button(_("✅ Dismiss"), f"rpt:dismiss:{r.id}")
    if r.entry_id is not None:
        entry = await uow.guestbook.get(r.entry_id)
        spans.append(plain(_("🚩 Report r{id} · {by} on guestbook entry g{entry} by {author}: {reason}").format(
            id=r.id, by=by, entry=r.entry_id, author=_at(target), reason=_reason(r)) + "\n"))
        spans.append(plain(snip(entry.body) if entry is not None else _("(the entry is gone)")))
        if entry is None:
            buttons: tuple[tuple[Button, ...], ...] = ((dismiss,),)
        elif entry.status is PostStatus.ACTIVE:
            buttons = ((Button(_("🙈 Hide g{id}").format(id=r.entry_id), f"rpt:hideg:{r.id}"), dismiss),)
        else:
            buttons = ((Button(_("↩️ Restore g{id}").format(id=r.entry_id), f"rpt:restoreg:{r.id}"), dismiss),)
    elif r.comment_id is not None:
        comment = await uow.posts.get_comment(r.comment_id)
        if r.post_id is not None:
            head = _("🚩 Report r{id} · {by} on comment c{comment} (post no. {post}) by {target}: {reason}")
        elif comment is not None and comment.photo_id is not None:
            head = _("🚩 Report r{id} · {by} on comment c{comment} (photo p{photo}) by {target}: {reason}")
        else:
            head = _("🚩 Report r{id} · {by} on comment c{comment} by {target}: {reason}")
        spans.append(plain(head.format(id=r.id, by=by, comment=r.comment_id, post=r.post_id,
                                       photo=comment.photo_id if comment else None, target=_at(target),
                                       reason=_reason(r)) + "\n"))
        spans.append(plain(snip(comment.body) if comment is not None else _("(the comment is gone)")))
        if comment is None:
            buttons = ((dismiss,),)
        elif comment.status is PostStatus.ACTIVE:
            buttons = ((Button(_("🙈 Hide c{id}").format(id=r.comment_id), f"rpt:hidec:{r.id}"), dismiss),)
        else:
            buttons = ((Button(_("↩️ Restore c{id}").format(id=r.comment_id), f"rpt:restorec:{r.id}"), dismiss),)
    elif r.post_id is not None:
        post = await uow.posts.get(r.post_id)
        spans.append(plain(_("🚩 Report r{id} · {by} on post #{post} by {target}: {reason}").format(
            id=r.id, by=by, post=r.post_id, target=_at(target), reason=_reason(r)) + "\n"))
        if post is not None:
            spans.append(plain(snip((post.title + "\n" if post.title else "") + post.body)))
        hide = (Button(_("🙈 Hide #{id}").format(id=r.post_id), f"rpt:hide:{r.id}")
                if post is not None and post.status is PostStatus.ACTIVE
                else Button(_("↩️ Restore #{id}").format(id=r.post_id), f"rpt:restore:{r.id}"))
        buttons = ((hide, dismiss),)
    else:
        spans.append(plain(_("🚩 Report r{id} · {by} on {target}: {reason}").format(
            id=r.id, by=by, target=_at(target), reason=_reason(r))))
        buttons = ((Button(_("🔇 Mute 1d"), f"rpt:mute:{r.id}:1d"), Button(_("⛔ Ban 7d"), f"rpt:ban:{r.id}:7d"),
                    dismiss),)
    return Reply(spans=tuple(spans), buttons=buttons, personal=True)


async def log_lines(uow: UnitOfWork, entries: list[LogEntry], zone: tzinfo | None = None) -> list[Span]:
    """The audit log, newest first, times in `zone` (the moderator's; default UTC). Actions keep their log names."""
    ids = {i for e in entries for i in (e.actor_id, e.target_id) if i is not None}
    people = await uow.accounts.get_many(list(ids))
    lines = []
    for e in entries:
        actor = _at(people.get(e.actor_id)) if e.actor_id else _("system")
        at = e.at if e.at.tzinfo is not None else e.at.replace(tzinfo=timezone.utc)
        parts = [f"{at.astimezone(zone or timezone.utc):%Y-%m-%d %H:%M}", actor, e.action]
        if e.target_id is not None:
            parts.append(_at(people.get(e.target_id)))
        if e.comment_id is not None:
            parts.append(_("comment c{id}").format(id=e.comment_id))
        if e.entry_id is not None:
            parts.append(_("guestbook g{id}").format(id=e.entry_id))
        if e.post_id is not None:
            parts.append(_("post {id}").format(id=e.post_id))
        if e.until is not None:
            parts.append(_("until {until}").format(until=until_text(e.until, zone)))
        line = " · ".join(parts) + (f" — {e.reason}" if e.reason else "")
        lines.append(plain(line + "\n"))
    return [plain(_("Audit log (newest first):") + "\n"), *lines]


# What the person acted on reads, for each action that tells its target (core.moderation.model.TELLS_TARGET).
# "post no. 42", not "#42": a reply to the notice must not turn into a comment on the post.
TOLD_TEMPLATES: dict[Action, str] = {
    Action.HIDE: N_("🙈 A moderator hid your post no. {post}{why}. Only you can see it now."),
    Action.RESTORE: N_("↩️ Your post no. {post} is visible again."),
    Action.DELETE: N_("🗑 A moderator removed your post no. {post}{why}.{snippet}"),
    Action.HIDE_COMMENT: N_("🙈 A moderator hid your comment {comment} on post no. {post}{why}. Only you can see it now."),
    Action.RESTORE_COMMENT: N_("↩️ Your comment {comment} is visible again."),
    Action.DELETE_COMMENT: N_("🗑 A moderator removed your comment {comment} on post no. {post}{why}.{snippet}"),
    Action.HIDE_ENTRY: N_("🙈 A moderator hid your guestbook entry {entry}{why}. Only you can see it now."),
    Action.RESTORE_ENTRY: N_("↩️ Your guestbook entry {entry} is visible again."),
    Action.DELETE_ENTRY: N_("🗑 A moderator removed your guestbook entry {entry}{why}.{snippet}"),
    Action.MUTE: N_("🔇 You are muted until {until}{why}. You can read, but not post or comment."),
    Action.UNMUTE: N_("🔊 You can post and comment again."),
    Action.MUTE_EXPIRED: N_("🔊 Your mute has ended; you can post and comment again."),
    Action.BAN: N_("⛔ You are banned from OpenZone until {until}{why}."),
    Action.UNBAN: N_("✅ Your ban was lifted. Welcome back."),
    Action.BAN_EXPIRED: N_("✅ Your ban has ended. Welcome back."),
    Action.PROMOTE: N_("🛡 You are now a moderator. /help mod lists what you can do."),
    Action.DEMOTE: N_("You are no longer a moderator."),
}
# A comment on a photo has no post to name (the comment's number says which it was).
ON_PHOTO: dict[Action, str] = {
    Action.HIDE_COMMENT: N_("🙈 A moderator hid your comment {comment} on a photo{why}. Only you can see it now."),
    Action.DELETE_COMMENT: N_("🗑 A moderator removed your comment {comment} on a photo{why}.{snippet}"),
}
# A sanction without an end reads as a sentence of its own.
OPEN_ENDED: dict[Action, str] = {
    Action.MUTE: N_("🔇 You are muted until further notice{why}. You can read, but not post or comment."),
    Action.BAN: N_("⛔ You are banned from OpenZone until further notice{why}."),
}


@notice_for(ModerationTaken)
async def _moderation_notice(uow: UnitOfWork, event: Event, recipient: Account) -> Reply | None:
    """Worded in the recipient's language (handlers.notices.notice_renderer has set it)."""
    assert isinstance(event, ModerationTaken)
    action = Action(event.action)
    template = TOLD_TEMPLATES.get(action) if event.action in TELLS_TARGET else None
    if template is None:
        return None
    if event.until is None and action in OPEN_ENDED:
        template = OPEN_ENDED[action]
    if event.comment_id is not None and event.post_id is None and action in ON_PHOTO:
        template = ON_PHOTO[action]
    # When it ends, on the recipient's clock (their /timezone; UTC until they set one).
    zone = i18n.zone((await uow.wallet.state(recipient.id)).timezone) if event.until else None
    text = _(template).format(
        post=event.post_id, comment=f"c{event.comment_id}", entry=f"g{event.entry_id}",
        why=_(" ({reason})").format(reason=reason_words(event.reason)) if event.reason else "",
        until=until_text(event.until, zone) if event.until else "", snippet=f"\n“{event.snippet}”" if event.snippet else "",
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
