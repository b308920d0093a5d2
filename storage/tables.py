"""SQLAlchemy models: the schema. Alembic migrations in storage/migrations follow these."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON, BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, MetaData, String, Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use UTC-aware datetimes")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
Id = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON}


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


class CircleRow(Base):
    __tablename__ = "circles"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(32))


class CircleMemberRow(Base):
    __tablename__ = "circle_members"
    circle_id: Mapped[int] = mapped_column(ForeignKey("circles.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    __table_args__ = (Index("ix_circle_members_member", "member_id"),)


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
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    # "hidden" by a moderator: shown to its author only (core.privacy.comment_rule).
    status: Mapped[str] = mapped_column(String(10), default="active", server_default="active")
    __table_args__ = (Index("ix_comments_post_id_id", "post_id", "id"),)


class LikeRow(Base):
    __tablename__ = "likes"
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    __table_args__ = (Index("ix_likes_account", "account_id"),)


class FriendshipRow(Base):
    """Stored both ways (a→b and b→a) so either side is one primary-key lookup."""

    __tablename__ = "friendships"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    friend_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)


class FriendRequestRow(Base):
    __tablename__ = "friend_requests"
    from_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    to_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime]
    __table_args__ = (Index("ix_friend_requests_to", "to_id"),)


class BlockRow(Base):
    __tablename__ = "blocks"
    blocker_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    blocked_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)


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


class StateRow(Base):
    """Small keyed state: multi-step chat flows, seen update ids."""

    __tablename__ = "kv_state"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[dict[str, Any]]
    expires_at: Mapped[datetime | None] = mapped_column(index=True)
