"""The accounts feature's tables: accounts, their messenger identities, link codes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, Id


class AccountRow(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    handle: Mapped[str] = mapped_column(String(20), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    bio: Mapped[str] = mapped_column(String(500), default="")
    default_visibility: Mapped[str] = mapped_column(String(10), default="friends")
    zone_visibility: Mapped[str] = mapped_column(String(10), default="public")
    link_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    language: Mapped[str | None] = mapped_column(String(16))
    language_hint: Mapped[str | None] = mapped_column(String(16))
    suggestable: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    """/suggest may offer them (`/privacy suggest off`: no)."""
    avatar: Mapped[dict[str, Any] | None]
    """The avatar's renditions (variant → media key), through the media pipeline; NULL: initials."""
    cover: Mapped[dict[str, Any] | None]
    guestbook: Mapped[str] = mapped_column(String(10), default="everyone", server_default="everyone")


class IdentityRow(Base):
    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(64), default="")
    reachable: Mapped[bool] = mapped_column(Boolean, default=True)
    # A multi-step chat flow in progress (e.g. the body of a /blog comes next): it belongs to
    # the identity, and is read with it, so a message costs no extra query to know of it.
    flow: Mapped[dict[str, Any] | None]
    flow_expires_at: Mapped[datetime | None]


class LinkCodeRow(Base):
    __tablename__ = "link_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime]
