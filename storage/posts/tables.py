"""The posts feature's tables: posts, feed items, comments, likes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, Id


class PostRow(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8), default="post")
    title: Mapped[str] = mapped_column(String(120), default="")
    body: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(10))
    circle_id: Mapped[int | None] = mapped_column(ForeignKey("circles.id", ondelete="SET NULL"))
    shared_post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="active")
    created_at: Mapped[datetime]
    edited_at: Mapped[datetime | None]
    like_count: Mapped[int] = mapped_column(Integer, default=0)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    share_count: Mapped[int] = mapped_column(Integer, default=0)
    comment_policy: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    # `body` as readers are shown it, rendered by core as the post was written or edited (migration 0020);
    # NULL: rendered when shown.
    body_html: Mapped[str | None] = mapped_column(Text)
    # Zone listings walk an author's posts newest first: (author_id, id) serves them and
    # keyset pagination; the created_at twin serves time-ranged queries.
    __table_args__ = (
        Index("ix_posts_author_id_id", "author_id", "id"),
        Index("ix_posts_author_created", "author_id", "created_at"),
    )


class FeedItemRow(Base):
    """Fan-out-on-write inbox: candidates only — privacy is still applied when reading."""

    __tablename__ = "feed_items"
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    __table_args__ = (Index("ix_feed_items_owner_author", "owner_id", "author_id"),
                      Index("ix_feed_items_post", "post_id"))


class CommentRow(Base):
    """A comment on a post or on an album's photo (its subject: exactly one of the two is set)."""

    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("photos.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    # "hidden" by a moderator: shown to its author only (core.privacy.comment_rule).
    status: Mapped[str] = mapped_column(String(10), default="active", server_default="active")
    __table_args__ = (
        Index("ix_comments_post_id_id", "post_id", "id"),
        Index("ix_comments_photo_id_id", "photo_id", "id"),
        CheckConstraint("(post_id IS NULL) <> (photo_id IS NULL)", name="one_subject"),
    )


class LikeRow(Base):
    __tablename__ = "likes"
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    __table_args__ = (Index("ix_likes_account", "account_id"),)


class PostTallyRow(Base):
    """How many posts an author has per visibility, circle (0: none) and status: kept by triggers on
    `posts` (migration 0019), never written by code. Every atom of the post rule reads only these
    columns, so summing the tallies a rule admits counts what it admits (storage/pages.py)."""

    __tablename__ = "post_tallies"
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    visibility: Mapped[str] = mapped_column(String(10), primary_key=True)
    circle_id: Mapped[int] = mapped_column(Id, primary_key=True)
    status: Mapped[str] = mapped_column(String(10), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
