"""The visitors feature's table: one row per zone, visitor and day (the zone owner's calendar day)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class VisitRow(Base):
    """The primary key is the unique claim: a second visit the same day inserts nothing."""

    __tablename__ = "visits"
    zone_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    """ISO date (2026-12-02) in the zone owner's time zone."""
    at: Mapped[datetime]
    """The first visit of that day."""
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    """Taken off the owner's list (`/visitors remove`): still counted."""
    __table_args__ = (
        Index("ix_visits_zone_day", "zone_id", "day"),
        Index("ix_visits_visitor", "visitor_id"),
    )
