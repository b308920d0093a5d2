"""Guestbook entries under moderation: the word filter's hold, reports, and moderators' hide, restore, delete.

As with comments: a hidden entry stays stored and shows to its writer only (core.privacy.guestbook_rule),
a deleted one is gone; every action is logged and told to the writer, and closes the entry's reports.
Moderation can't import features above it, so the guestbook describes its entries to it here (`ENTRIES`,
a core.moderation.content.Kind) and the flow itself is moderation's.
"""

from __future__ import annotations

from datetime import datetime

from core import privacy
from core.errors import Conflict, Invalid, NotFound
from core.guestbook.model import Entry
from core.i18n import N_, _
from core.model import Account, PostStatus
from core.moderation import content
from core.moderation.actions import Staff, record
from core.moderation.model import Action, FilterAction, Report, matches, validate_reason
from core.moderation.reports import file_report
from core.ports import UnitOfWork
from core.privacy import Viewer

async def held(uow: UnitOfWork, now: datetime, entry: Entry) -> None:
    """Queue an entry the word filter held, and tell the moderators."""
    found = next((e for e in await uow.moderation.filter_words()
                  if e.action is FilterAction.HOLD and matches(e.word, entry.body)), None)
    reason = f"held by the word filter: “{found.word if found else '?'}”"
    await file_report(uow, now, Report(0, None, entry.author_id, None, reason, now, entry_id=entry.id))
    await record(uow, now, None, Action.HOLD, target_id=entry.author_id, reason=reason, entry_id=entry.id)


async def reportable_entry(uow: UnitOfWork, reporter: Account, entry_id: int) -> Entry:
    """Entry g{id}, if the reporter may report it (sees it, didn't write it, hasn't reported it yet); else why not."""
    entry = await uow.guestbook.get_visible(entry_id, reporter.id, privacy.guestbook_rule(Viewer(reporter.id)))
    if entry is None:
        raise NotFound(_("There is no guestbook entry g{id} that you can see.").format(id=entry_id))
    if entry.author_id == reporter.id:
        raise Invalid(_("g{id} is your own entry; /guestbook delete g{id} removes it.").format(id=entry_id))
    if await uow.moderation.has_open_report(reporter.id, entry.author_id, None, entry_id=entry.id):
        raise Conflict(_("You already reported g{id}; moderators will look at it.").format(id=entry_id))
    return entry


async def report_entry(uow: UnitOfWork, now: datetime, reporter: Account, entry_id: int, reason: str) -> Report:
    """Report an entry the reporter can see; moderators are told at once."""
    entry = await reportable_entry(uow, reporter, entry_id)
    text = validate_reason(reason)
    if not text:
        raise Invalid(_("Say what is wrong, e.g. {example}").format(example=f"/report g{entry_id} spam"))
    return await file_report(uow, now, Report(0, reporter.id, entry.author_id, None, text, now, entry_id=entry.id))


async def _load(uow: UnitOfWork, entry_id: int) -> Entry | None:
    return await uow.guestbook.get(entry_id)


async def _set_status(uow: UnitOfWork, entry: Entry, status: PostStatus) -> None:
    await uow.guestbook.set_status(entry.id, status.value)


async def _remove(uow: UnitOfWork, entry: Entry) -> list[int]:
    await uow.guestbook.delete(entry.id)
    return [entry.id]


async def _close_reports(uow: UnitOfWork, entry_ids: list[int]) -> int:
    return await uow.moderation.close_reports(entry_ids=entry_ids)


ENTRIES: content.Kind[Entry] = content.Kind(
    noun="guestbook entries",
    missing=N_("There is no guestbook entry g{id}."),
    already_hidden=N_("g{id} is already hidden. /mod restore g{id} shows it again."),
    not_hidden=N_("g{id} is not hidden."),
    hide_action=Action.HIDE_ENTRY, restore_action=Action.RESTORE_ENTRY, delete_action=Action.DELETE_ENTRY,
    load=_load, set_status=_set_status, remove=_remove, close_reports=_close_reports,
    refs=lambda e: {"entry_id": e.id},
    restorable=frozenset(PostStatus) - {PostStatus.ACTIVE},  # a hidden entry, or one the word filter held
)


async def hide_entry(uow: UnitOfWork, now: datetime, staff: Staff, entry_id: int, reason: str) -> Entry:
    """Hidden from everyone but its writer, who is told why."""
    return await content.hide(uow, now, staff, ENTRIES, entry_id, reason)


async def restore_entry(uow: UnitOfWork, now: datetime, staff: Staff, entry_id: int) -> Entry:
    """Shown again (a hidden or held entry)."""
    return await content.restore(uow, now, staff, ENTRIES, entry_id)


async def delete_entry(uow: UnitOfWork, now: datetime, staff: Staff, entry_id: int, reason: str) -> Entry:
    """Gone for good; its writer gets what it said and why."""
    return await content.delete(uow, now, staff, ENTRIES, entry_id, reason)
