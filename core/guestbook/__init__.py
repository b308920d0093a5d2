"""The guestbook (留言板): entries people leave in a zone, private notes, the owner's replies
(services in `core.guestbook.service` and, for moderators and reports, `core.guestbook.moderation`).

This face exports the feature's vocabulary: its values, ports and events. Its services are
imported as modules (`from core.guestbook import service as guestbook`): every service takes the
unit of work, and `core.ports.UnitOfWork` names every feature's repository, so a face that
imported services would close an import cycle through `core.ports`.
"""

from core.guestbook.events import GuestbookReplied, GuestbookSigned
from core.guestbook.model import MAX_ENTRY, PAGE_SIZE, Entry, EntryView, Page
from core.guestbook.ports import GuestbookRepo

__all__ = ["MAX_ENTRY", "PAGE_SIZE", "Entry", "EntryView", "GuestbookRepo", "GuestbookReplied", "GuestbookSigned", "Page"]
