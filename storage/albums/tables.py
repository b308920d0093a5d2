"""Album, photo, photo-like and gate-answer tables (migrations 0003, 0018)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, Id


class AlbumRow(Base):
    __tablename__ = "albums"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(64))
    # Unique per owner: captions name albums by slug (#summer-trip), so two may not share one.
    slug: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(String(500), default="")
    visibility: Mapped[str] = mapped_column(String(10))
    circle_id: Mapped[int | None] = mapped_column(ForeignKey("circles.id", ondelete="SET NULL"))
    question: Mapped[str] = mapped_column(String(200), default="")
    answer_hash: Mapped[str] = mapped_column(String(200), default="")
    # No foreign key: photos point at albums, and a cycle would complicate deletes on SQLite.
    cover_photo_id: Mapped[int | None] = mapped_column(Id, nullable=True)
    photo_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="active")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    __table_args__ = (
        UniqueConstraint("owner_id", "slug"),
        Index("ix_albums_owner_id_id", "owner_id", "id"),
    )


class PhotoRow(Base):
    """A photo lives in an album or on a post; its files are content keys in the media store."""

    __tablename__ = "photos"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    album_id: Mapped[int | None] = mapped_column(ForeignKey("albums.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    caption: Mapped[str] = mapped_column(String(500), default="")
    alt: Mapped[str] = mapped_column(String(300), default="")
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    placeholder: Mapped[str] = mapped_column(String(400), default="")
    files: Mapped[dict[str, Any]]
    original_key: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]
    # The tally of photo_likes rows, kept by the same statement pair as posts' (a claim, then +1).
    like_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    __table_args__ = (Index("ix_photos_album_position", "album_id", "position"),)


class PhotoLikeRow(Base):
    """Who liked an album's photo: one row per person and photo (the primary key is the unique claim)."""

    __tablename__ = "photo_likes"
    photo_id: Mapped[int] = mapped_column(ForeignKey("photos.id", ondelete="CASCADE"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    __table_args__ = (Index("ix_photo_likes_account", "account_id"),)


class AlbumAnswerRow(Base):
    """Who answered a question-gated album's question (changing the answer clears these)."""

    __tablename__ = "album_answers"
    album_id: Mapped[int] = mapped_column(ForeignKey("albums.id", ondelete="CASCADE"), primary_key=True)
    viewer_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    answered_at: Mapped[datetime]
