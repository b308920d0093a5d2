"""Reports, the review queue, the word filter, and the screening every new post and comment passes."""

from __future__ import annotations

from datetime import datetime

from core import comments, privacy
from core.errors import Conflict, Forbidden, Invalid, NotFound
from core.model import Account, Post, PostStatus
from core.moderation import Staff, record
from core.moderation_events import ReportFiled
from core.moderation_model import (
    FilterAction, FilterEntry, Report, SanctionKind, matches, validate_reason, validate_word,
)
from core.ports import UnitOfWork
from core.privacy import Viewer

QUEUE_PAGE = 20


def _until(when: datetime | None) -> str:
    return "further notice" if when is None else when.strftime("%Y-%m-%d %H:%M UTC")


async def _file(uow: UnitOfWork, now: datetime, report: Report) -> Report:
    report = await uow.moderation.add_report(report)
    await uow.outbox.add(ReportFiled(report.id, report.reporter_id, report.target_id, report.post_id,
                                     report.comment_id), now)
    return report


def _reason(text: str, example: str) -> str:
    reason = validate_reason(text)
    if not reason:
        raise Invalid(f"Say what is wrong, e.g. {example}")
    return reason


async def report_post(uow: UnitOfWork, now: datetime, reporter: Account, post_id: int, reason: str) -> Report:
    """Report a post the reporter can see; moderators are told at once."""
    post = await uow.posts.get_visible(post_id, reporter.id, privacy.content_rule(Viewer(reporter.id)))
    if post is None:
        raise NotFound(f"There is no post #{post_id} that you can see.")
    if post.author_id == reporter.id:
        raise Invalid(f"#{post_id} is your own post; /delete {post_id} removes it.")
    text = _reason(reason, f"/report #{post_id} spam")
    if await uow.moderation.has_open_report(reporter.id, post.author_id, post.id):
        raise Conflict(f"You already reported #{post_id}; moderators will look at it.")
    return await _file(uow, now, Report(0, reporter.id, post.author_id, post.id, text, now))


async def report_comment(uow: UnitOfWork, now: datetime, reporter: Account, comment_id: int, reason: str) -> Report:
    """Report a comment the reporter can see (on a post they can see); moderators are told at once."""
    comment, post = await comments.visible_comment(uow, Viewer(reporter.id), comment_id)
    if comment.author_id == reporter.id:
        raise Invalid(f"c{comment_id} is your own comment; /delete c{comment_id} removes it.")
    text = _reason(reason, f"/report c{comment_id} spam")
    if await uow.moderation.has_open_report(reporter.id, comment.author_id, post.id, comment.id):
        raise Conflict(f"You already reported c{comment_id}; moderators will look at it.")
    return await _file(uow, now, Report(0, reporter.id, comment.author_id, post.id, text, now, comment_id=comment.id))


async def report_account(uow: UnitOfWork, now: datetime, reporter: Account, target: Account, reason: str) -> Report:
    if target.id == reporter.id:
        raise Invalid("You can't report yourself.")
    text = _reason(reason, f"/report {target.handle} sends spam")
    if await uow.moderation.has_open_report(reporter.id, target.id, None):
        raise Conflict(f"You already reported @{target.handle}; moderators will look at it.")
    return await _file(uow, now, Report(0, reporter.id, target.id, None, text, now))


async def queue(uow: UnitOfWork, limit: int = QUEUE_PAGE) -> list[Report]:
    """Open reports, oldest first (the held posts among them)."""
    return await uow.moderation.open_reports(limit)


async def dismiss(uow: UnitOfWork, now: datetime, staff: Staff, report_id: int) -> Report:
    report = await uow.moderation.get_report(report_id)
    if report is None or not report.open:
        raise NotFound(f"There is no open report r{report_id}. /mod queue lists them.")
    await uow.moderation.close_reports(report_id=report_id)
    await record(uow, now, staff.account.id, "dismiss", target_id=report.target_id, post_id=report.post_id,
                 reason=f"report r{report_id}")
    return report


# --- the word filter -------------------------------------------------------------------------
async def add_word(uow: UnitOfWork, now: datetime, staff: Staff, word: str, action: FilterAction) -> bool:
    word = validate_word(word)
    new = await uow.moderation.put_word(FilterEntry(word, action, "chat"))
    await record(uow, now, staff.account.id, "filter_add", reason=f"{word} → {action.value}")
    return new


async def remove_word(uow: UnitOfWork, now: datetime, staff: Staff, word: str) -> None:
    word = validate_word(word)
    if not await uow.moderation.remove_word(word):
        raise NotFound(f"“{word}” is not in the filter. /mod filter list shows it.")
    await record(uow, now, staff.account.id, "filter_remove", reason=word)


async def words(uow: UnitOfWork) -> list[FilterEntry]:
    return sorted(await uow.moderation.filter_words(), key=lambda e: e.word)


async def sync_config_words(uow: UnitOfWork, entries: list[FilterEntry]) -> None:
    """Make the config's words the filter's config entries (chat-added words stay)."""
    await uow.moderation.replace_config_words(entries)


# --- screening: run by core.posts before anything is written ---------------------------------
async def screen(uow: UnitOfWork, author: Account, *texts: str) -> FilterEntry | None:
    """Refuse writing by muted or banned accounts and blocked words; return the entry that holds it."""
    for kind in (SanctionKind.BAN, SanctionKind.MUTE):
        s = await uow.moderation.sanction(author.id, kind)
        if s is not None:
            doing = "banned" if kind is SanctionKind.BAN else "muted"
            raise Forbidden(f"You are {doing} until {_until(s.until)}: you can read, but not post or comment.")
    hits = [e for e in await uow.moderation.filter_words() if any(matches(e.word, t) for t in texts)]
    for entry in sorted(hits, key=lambda e: e.action is not FilterAction.BLOCK):
        if entry.action is FilterAction.BLOCK:
            raise Invalid(f"“{entry.word}” isn't allowed here. Please rephrase and send it again.")
        return entry
    return None


async def screen_post(uow: UnitOfWork, author: Account, *texts: str) -> PostStatus:
    """ACTIVE, or HIDDEN when a filter word holds the post for review (then call `held`)."""
    return PostStatus.HIDDEN if await screen(uow, author, *texts) is not None else PostStatus.ACTIVE


async def screen_comment(uow: UnitOfWork, author: Account, text: str) -> None:
    # Comments have no hidden state to hold them in, so a held word refuses them like a blocked one.
    entry = await screen(uow, author, text)
    if entry is not None:
        raise Invalid(f"“{entry.word}” isn't allowed in comments. Please rephrase and send it again.")


async def screen_text(uow: UnitOfWork, author: Account, *texts: str) -> None:
    """For writing that can't be held for review (album titles, photo captions): refuse or allow."""
    entry = await screen(uow, author, *texts)
    if entry is not None:
        raise Invalid(f"“{entry.word}” isn't allowed here. Please rephrase and send it again.")


async def held(uow: UnitOfWork, now: datetime, post: Post, *texts: str) -> None:
    """Queue a post the filter held, and tell the moderators."""
    entry = next((e for e in await uow.moderation.filter_words()
                  if e.action is FilterAction.HOLD and any(matches(e.word, t) for t in texts)), None)
    word = entry.word if entry else "?"
    reason = f"held by the word filter: “{word}”"
    await _file(uow, now, Report(0, None, post.author_id, post.id, reason, now))
    await record(uow, now, None, "hold", target_id=post.author_id, post_id=post.id, reason=reason)
