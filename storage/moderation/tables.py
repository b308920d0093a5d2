"""Moderation tables: roles, sanctions in force, reports, the audit log, the word filter, rate hits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, Id


class ModRoleRow(Base):
    """Appointed moderators, and a mirror of configured admins (so reports can reach them)."""

    __tablename__ = "mod_roles"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10))
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime]


class SanctionRow(Base):
    """Bans and mutes in force; a row is deleted when lifted or expired (privacy SQL relies on it)."""

    __tablename__ = "mod_sanctions"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    until: Mapped[datetime | None] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class ReportRow(Base):
    __tablename__ = "mod_reports"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    target_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    comment_id: Mapped[int | None] = mapped_column(Id)  # no foreign key: the report outlives the comment
    entry_id: Mapped[int | None] = mapped_column(Id)  # a guestbook entry; likewise no foreign key
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime]
    open: Mapped[bool] = mapped_column(default=True)
    __table_args__ = (Index("ix_mod_reports_open_id", "open", "id"),)


class ModLogRow(Base):
    """The audit log: never updated, only appended."""

    __tablename__ = "mod_log"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    post_id: Mapped[int | None] = mapped_column(Id)  # no foreign key: the line outlives a deleted post
    comment_id: Mapped[int | None] = mapped_column(Id)  # likewise for a comment
    entry_id: Mapped[int | None] = mapped_column(Id)  # and for a guestbook entry
    reason: Mapped[str] = mapped_column(String(500), default="")
    until: Mapped[datetime | None]


class FilterWordRow(Base):
    __tablename__ = "mod_filter_words"
    word: Mapped[str] = mapped_column(String(64), primary_key=True)
    action: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(8), default="chat")


class RateHitRow(Base):
    __tablename__ = "rate_hits"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    bucket: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
    __table_args__ = (Index("ix_rate_hits_account_bucket_at", "account_id", "bucket", "at"),)
