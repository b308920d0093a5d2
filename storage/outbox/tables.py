"""The outbox's tables: recorded events and their per-identity deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, Id


class OutboxRow(Base):
    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    dispatched_at: Mapped[datetime | None]
    __table_args__ = (Index("ix_outbox_pending", "dispatched_at", "id"),)


class DeliveryRow(Base):
    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "platform", "external_id"),
        Index("ix_deliveries_due", "platform", "sent_at", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None]
    gave_up: Mapped[bool] = mapped_column(Boolean, default=False)
    leased_by: Mapped[str | None] = mapped_column(String(64))
    """The process that leased it, until sent, failed or handed back (a clean stop hands back all its own)."""


class NotificationRow(Base):
    """An account's notifications list: one row per event it heard of, with when it was read."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("account_id", "event_id"),
        Index("ix_notifications_account", "account_id", "id"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"))
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
