"""The guestbook's table: entries in a zone's guestbook, with the owner's reply on the row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, Id


class GuestbookEntryRow(Base):
    __tablename__ = "guestbook_entries"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    # "hidden" by a moderator or held by the word filter: shown to its writer only.
    status: Mapped[str] = mapped_column(String(10), default="active")
    created_at: Mapped[datetime]
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None]
    # A guestbook page walks one owner's entries newest first (keyset pagination by id).
    __table_args__ = (Index("ix_guestbook_entries_owner_id_id", "owner_id", "id"),)
