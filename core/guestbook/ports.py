"""What the guestbook needs from storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from core.guestbook.model import Entry
from core.privacy import Predicate


class GuestbookRepo(Protocol):
    async def add(self, entry: Entry) -> Entry: ...
    async def get(self, entry_id: int) -> Entry | None: ...
    async def get_visible(self, entry_id: int, viewer_id: int | None, rule: Predicate) -> Entry | None:
        """The entry if `rule` (privacy.guestbook_rule) shows it to the viewer."""
        ...
    async def listing(
        self, owner_id: int, viewer_id: int | None, rule: Predicate, *, before: int | None, limit: int,
    ) -> list[Entry]:
        """An owner's entries that `rule` shows to the viewer, newest first (`id < before` for older pages)."""
        ...
    async def set_reply(self, entry_id: int, owner_id: int, body: str, at: datetime) -> bool:
        """Write (or replace) the owner's reply in one conditional statement; False if the entry is gone."""
        ...
    async def set_status(self, entry_id: int, status: str) -> None: ...
    async def delete(self, entry_id: int) -> bool:
        """Delete it; False when it was gone already (another delete won)."""
        ...
