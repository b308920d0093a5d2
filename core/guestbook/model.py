"""Guestbook values: an entry someone left in a zone's guestbook (留言板), and the owner's reply under it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.i18n import N_
from core.model import Account, PostStatus

MAX_ENTRY = 500
"""Characters in an entry, and in the owner's reply under it."""
PAGE_SIZE = 10
"""Entries a page of `/guestbook` shows, newest first."""
ENTRY_TEXT = N_("guestbook entry")
REPLY_TEXT = N_("reply")


@dataclass(frozen=True)
class Entry:
    """One entry: `owner_id` owns the zone, `author_id` wrote it; `private` makes it a note (悄悄话)
    that only the two of them see; `status` is a moderator's (or the word filter's) hiding."""

    id: int
    owner_id: int
    author_id: int
    body: str
    private: bool = False
    status: PostStatus = PostStatus.ACTIVE
    created_at: datetime | None = None
    reply: str = ""
    """The owner's answer under it ("" while there is none)."""
    replied_at: datetime | None = None


@dataclass(frozen=True)
class EntryView:
    """An entry with its writer, as a page shows it, and what this viewer may do with it (a front end offers
    only that: `answerable` the owner's reply, `removable` deletion — core.guestbook.service decides both)."""

    entry: Entry
    author: Account
    answerable: bool = False
    removable: bool = False


@dataclass(frozen=True)
class Page:
    """A page of a guestbook as one viewer may see it; `more` when older entries follow."""

    owner: Account
    entries: tuple[EntryView, ...]
    more: bool = False
