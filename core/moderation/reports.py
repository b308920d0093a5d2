"""Reports, the review queue and the word filter (the screening they drive is in `screening`)."""

from __future__ import annotations

from datetime import datetime

from core import privacy
from core.errors import Conflict, Invalid, NotFound
from core.i18n import _
from core.model import Account, Comment, Post
from core.moderation.actions import Staff, record
from core.moderation.events import ReportFiled
from core.moderation.model import Action, FilterAction, FilterEntry, Report, validate_reason, validate_word
from core.ports import UnitOfWork
from core.posts import comments
from core.privacy import Viewer

QUEUE_PAGE = 20


async def file_report(uow: UnitOfWork, now: datetime, report: Report) -> Report:
    report = await uow.moderation.add_report(report)
    await uow.outbox.add(ReportFiled(report.id, report.reporter_id, report.target_id, report.post_id,
                                     report.comment_id, report.entry_id), now)
    return report


def _reason(text: str, example: str) -> str:
    reason = validate_reason(text)
    if not reason:
        raise Invalid(_("Say what is wrong, e.g. {example}").format(example=example))
    return reason


async def reportable_post(uow: UnitOfWork, reporter: Account, post_id: int) -> Post:
    """Post #id, if the reporter may report it (sees it, isn't its author, hasn't reported it yet); else why not."""
    post = await uow.posts.get_visible(post_id, reporter.id, privacy.content_rule(Viewer(reporter.id)))
    if post is None:
        raise NotFound(_("There is no post #{id} that you can see.").format(id=post_id))
    if post.author_id == reporter.id:
        raise Invalid(_("#{id} is your own post; /delete {id} removes it.").format(id=post_id))
    if await uow.moderation.has_open_report(reporter.id, post.author_id, post.id):
        raise Conflict(_("You already reported #{id}; moderators will look at it.").format(id=post_id))
    return post


async def report_post(uow: UnitOfWork, now: datetime, reporter: Account, post_id: int, reason: str) -> Report:
    """Report a post the reporter can see; moderators are told at once."""
    post = await reportable_post(uow, reporter, post_id)
    text = _reason(reason, _("/report #{id} spam").format(id=post_id))
    return await file_report(uow, now, Report(0, reporter.id, post.author_id, post.id, text, now))


async def reportable_comment(uow: UnitOfWork, reporter: Account, comment_id: int) -> Comment:
    """Comment c{id}, if the reporter may report it (as `reportable_post`; on a post or a photo they can see);
    else why not."""
    comment, _subject = await comments.visible_comment(uow, Viewer(reporter.id), comment_id)
    if comment.author_id == reporter.id:
        raise Invalid(_("c{id} is your own comment; /delete c{id} removes it.").format(id=comment_id))
    if await uow.moderation.has_open_report(reporter.id, comment.author_id, comment.post_id, comment.id):
        raise Conflict(_("You already reported c{id}; moderators will look at it.").format(id=comment_id))
    return comment


async def report_comment(uow: UnitOfWork, now: datetime, reporter: Account, comment_id: int, reason: str) -> Report:
    """Report a comment the reporter can see (on a post or photo they can see); moderators are told at once.

    The report names the comment's post (none for a photo's comment: the comment itself says where it is)."""
    comment = await reportable_comment(uow, reporter, comment_id)
    text = _reason(reason, _("/report c{id} spam").format(id=comment_id))
    return await file_report(uow, now, Report(0, reporter.id, comment.author_id, comment.post_id, text, now,
                                              comment_id=comment.id))


async def reportable_account(uow: UnitOfWork, reporter: Account, target: Account) -> None:
    """Nothing, if the reporter may report this person (not themselves, not reported by them yet); else why not."""
    if target.id == reporter.id:
        raise Invalid(_("You can't report yourself."))
    if await uow.moderation.has_open_report(reporter.id, target.id, None):
        raise Conflict(_("You already reported @{handle}; moderators will look at it.").format(handle=target.handle))


async def report_account(uow: UnitOfWork, now: datetime, reporter: Account, target: Account, reason: str) -> Report:
    await reportable_account(uow, reporter, target)
    text = _reason(reason, _("/report {handle} sends spam").format(handle=target.handle))
    return await file_report(uow, now, Report(0, reporter.id, target.id, None, text, now))


async def queue(uow: UnitOfWork, limit: int = QUEUE_PAGE) -> list[Report]:
    """Open reports, oldest first (the held posts among them)."""
    return await uow.moderation.open_reports(limit)


async def dismiss(uow: UnitOfWork, now: datetime, staff: Staff, report_id: int) -> Report:
    report = await uow.moderation.get_report(report_id)
    if report is None or not report.open:
        raise NotFound(_("There is no open report r{id}. /mod queue lists them.").format(id=report_id))
    await uow.moderation.close_reports(report_id=report_id)
    await record(uow, now, staff.account.id, Action.DISMISS, target_id=report.target_id, post_id=report.post_id,
                 reason=f"report r{report_id}")
    return report


# --- the word filter -------------------------------------------------------------------------
async def add_word(uow: UnitOfWork, now: datetime, staff: Staff, word: str, action: FilterAction) -> bool:
    word = validate_word(word)
    new = await uow.moderation.put_word(FilterEntry(word, action, "chat"))
    await record(uow, now, staff.account.id, Action.FILTER_ADD, reason=f"{word} → {action.value}")
    return new


async def remove_word(uow: UnitOfWork, now: datetime, staff: Staff, word: str) -> None:
    word = validate_word(word)
    if not await uow.moderation.remove_word(word):
        raise NotFound(_("“{word}” is not in the filter. /mod filter list shows it.").format(word=word))
    await record(uow, now, staff.account.id, Action.FILTER_REMOVE, reason=word)


async def words(uow: UnitOfWork) -> list[FilterEntry]:
    return sorted(await uow.moderation.filter_words(), key=lambda e: e.word)


async def sync_config_words(uow: UnitOfWork, entries: list[FilterEntry]) -> None:
    """Make the config's words the filter's config entries (chat-added words stay)."""
    await uow.moderation.replace_config_words(entries)
