"""Guestbook rows → core dataclasses."""

from __future__ import annotations

from core.guestbook.model import Entry
from core.model import PostStatus
from storage.guestbook.tables import GuestbookEntryRow


def entry(row: GuestbookEntryRow) -> Entry:
    return Entry(
        id=row.id, owner_id=row.owner_id, author_id=row.author_id, body=row.body, private=row.private,
        status=PostStatus(row.status), created_at=row.created_at, reply=row.reply or "", replied_at=row.replied_at,
    )
