"""Signing a guestbook, reading it, the owner's replies and deleting entries.

Who may sign and who sees an entry are decided in core.privacy (sign_rule, guestbook_rule): chat
asks here now, the web will ask the same functions. Every refusal to someone a zone is closed
to — a stranger to a friends-only zone, someone the owner blocked — is the same sentence.
"""

from __future__ import annotations

from datetime import datetime

from core import privacy
from core.errors import Forbidden, Invalid, NotFound
from core.events import Event
from core.guestbook import moderation
from core.guestbook.events import GuestbookReplied, GuestbookSigned
from core.guestbook.model import ENTRY_TEXT, MAX_ENTRY, PAGE_SIZE, REPLY_TEXT, Entry, EntryView, Page
from core.i18n import _
from core.model import Account, GuestbookAccess, PostStatus, validate_text
from core.moderation import screening
from core.moderation.model import SanctionKind
from core.ports import UnitOfWork
from core.privacy import Facts, Viewer
from core.recipients import present_to, recheck, recipients_for


async def zone_facts(uow: UnitOfWork, viewer: Viewer, owner: Account) -> Facts:
    """What privacy decides on for `viewer` and `owner`'s guestbook as a whole."""
    relation = await uow.social.relation(viewer.account_id, owner.id)
    banned = await uow.moderation.sanction(owner.id, SanctionKind.BAN) is not None
    return Facts(relation=relation, zone=owner.zone_visibility, owner_banned=banned, guestbook=owner.guestbook)


def closed(owner: Account) -> NotFound:
    """The one answer to everyone a zone is closed to (a block is never told apart)."""
    return NotFound(_("@{handle}'s zone is not open to you.").format(handle=owner.handle))


def not_found(entry_id: int) -> NotFound:
    return NotFound(_("There is no guestbook entry g{id} that you can see.").format(id=entry_id))


async def may_sign(uow: UnitOfWork, viewer: Viewer, owner: Account) -> bool:
    return privacy.evaluate(privacy.sign_rule(viewer), await zone_facts(uow, viewer, owner))


async def sign(uow: UnitOfWork, now: datetime, writer: Account, owner: Account, text: str, private: bool = False) -> Entry:
    """Leave an entry (or, `private`, a note only the owner and the writer see); the owner hears of it.

    The word filter refuses a blocked word and holds an entry with a word kept for review: hidden
    to all but its writer and queued for the moderators (its owner is not told of it).
    """
    viewer = Viewer(writer.id)
    facts = await zone_facts(uow, viewer, owner)
    if not privacy.evaluate(privacy.zone_rule(viewer), facts):
        raise closed(owner)
    if writer.id == owner.id:
        raise Invalid(_("That is your own guestbook: /guestbook reply gID TEXT answers an entry in it."))
    if not privacy.evaluate(privacy.sign_rule(viewer), facts):
        if owner.guestbook is GuestbookAccess.FRIENDS:
            raise Forbidden(_("@{handle}'s guestbook is for friends only.").format(handle=owner.handle))
        raise Forbidden(_("@{handle}'s guestbook is closed: it takes no new entries.").format(handle=owner.handle))
    body = validate_text(text, what=ENTRY_TEXT, limit=MAX_ENTRY)
    held = await screening.screen(uow, writer, body) is not None  # bans, mutes, blocked words raise
    entry = await uow.guestbook.add(Entry(
        id=0, owner_id=owner.id, author_id=writer.id, body=body, private=private,
        status=PostStatus.HIDDEN if held else PostStatus.ACTIVE, created_at=now,
    ))
    if held:
        await moderation.held(uow, now, entry)
    await uow.outbox.add(GuestbookSigned(entry.id, owner.id, writer.id, private), now)
    return entry


def answerable_by(viewer: Viewer, entry: Entry) -> bool:
    """Whether `viewer` may reply under `entry` (`reply`): the guestbook's owner."""
    return viewer.account_id is not None and viewer.account_id == entry.owner_id


def removable_by(viewer: Viewer, entry: Entry) -> bool:
    """Whether `viewer` may delete `entry` (`delete`): the guestbook's owner, or its writer."""
    return viewer.account_id is not None and viewer.account_id in (entry.owner_id, entry.author_id)


async def page(uow: UnitOfWork, viewer: Viewer, owner: Account, before: int | None = None,
               limit: int = PAGE_SIZE) -> Page:
    """A page of the guestbook as `viewer` may see it, newest first; NotFound when the zone is closed to them."""
    if not privacy.evaluate(privacy.zone_rule(viewer), await zone_facts(uow, viewer, owner)):
        raise closed(owner)
    rows = await uow.guestbook.listing(owner.id, viewer.account_id, privacy.guestbook_rule(viewer),
                                       before=before, limit=limit + 1)
    authors = await uow.accounts.get_many(list({e.author_id for e in rows}))
    views = tuple(EntryView(e, authors[e.author_id], answerable_by(viewer, e), removable_by(viewer, e))
                  for e in rows[:limit] if e.author_id in authors)
    return Page(owner, views, more=len(rows) > limit)


async def visible_entry(uow: UnitOfWork, viewer: Viewer, entry_id: int) -> Entry:
    """The entry if `viewer` may see it; NotFound otherwise (never confirm that it exists)."""
    entry = await uow.guestbook.get_visible(entry_id, viewer.account_id, privacy.guestbook_rule(viewer))
    if entry is None:
        raise not_found(entry_id)
    return entry


async def reply(uow: UnitOfWork, now: datetime, actor: Account, entry_id: int, text: str) -> Entry:
    """The owner answers an entry under it (a second reply replaces the first); its writer hears of it."""
    entry = await visible_entry(uow, Viewer(actor.id), entry_id)
    if not answerable_by(Viewer(actor.id), entry):
        raise Forbidden(_("g{id} is in someone else's guestbook: only its owner replies there.").format(id=entry_id))
    body = validate_text(text, what=REPLY_TEXT, limit=MAX_ENTRY)
    await screening.screen_comment(uow, actor, body)  # a reply has no hidden state: a held word refuses it
    if not await uow.guestbook.set_reply(entry.id, actor.id, body, now):
        raise not_found(entry_id)
    await uow.outbox.add(GuestbookReplied(entry.id, entry.owner_id, entry.author_id), now)
    return Entry(entry.id, entry.owner_id, entry.author_id, entry.body, entry.private, entry.status,
                 entry.created_at, body, now)


async def delete(uow: UnitOfWork, actor: Account, entry_id: int) -> Entry:
    """Remove an entry: the owner any in their guestbook, a writer their own."""
    entry = await visible_entry(uow, Viewer(actor.id), entry_id)
    if not removable_by(Viewer(actor.id), entry):
        raise Forbidden(_("g{id} is not yours: you can delete entries in your own guestbook and those you wrote. "
                          "/report g{id} REASON tells the moderators.").format(id=entry_id))
    if not await uow.guestbook.delete(entry.id):
        raise not_found(entry_id)
    await uow.moderation.close_reports(entry_ids=[entry.id])
    return entry


# --- who hears of it -------------------------------------------------------------------------
async def _sees(uow: UnitOfWork, account_id: int, entry_id: int) -> bool:
    viewer = Viewer(account_id)
    return await uow.guestbook.get_visible(entry_id, account_id, privacy.guestbook_rule(viewer)) is not None


@recipients_for(GuestbookSigned)
async def _owner_hears(uow: UnitOfWork, event: Event) -> list[int]:
    """The owner, while they may see the entry (a held one only once restored) and didn't block its writer."""
    assert isinstance(event, GuestbookSigned)
    if await uow.social.is_blocked(event.owner_id, event.author_id) or not await _sees(uow, event.owner_id, event.entry_id):
        return []
    return await present_to(uow, event.author_id, [event.owner_id])


@recipients_for(GuestbookReplied)
async def _writer_hears(uow: UnitOfWork, event: Event) -> list[int]:
    """The writer, while they may see their entry and didn't block the owner."""
    assert isinstance(event, GuestbookReplied)
    if await uow.social.is_blocked(event.author_id, event.owner_id) or not await _sees(uow, event.author_id, event.entry_id):
        return []
    return await present_to(uow, event.owner_id, [event.author_id])


recheck(GuestbookSigned, GuestbookReplied)  # asked again just before sending, as comments are
