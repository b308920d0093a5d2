"""What the guestbook records in the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.events import Event, register_event


@register_event
@dataclass(frozen=True)
class GuestbookSigned(Event):
    """Someone left an entry in `owner_id`'s guestbook; the owner hears of it."""

    kind: ClassVar[str] = "guestbook_signed"
    entry_id: int
    owner_id: int
    author_id: int
    private: bool = False


@register_event
@dataclass(frozen=True)
class GuestbookReplied(Event):
    """The owner answered an entry; its writer hears of it."""

    kind: ClassVar[str] = "guestbook_replied"
    entry_id: int
    owner_id: int
    author_id: int
