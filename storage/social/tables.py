"""The social feature's tables: circles, friendships, friend requests, blocks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, Id


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


class CareRow(Base):
    """Special care (特别关心): `carer_id` hears of `cared_id`'s new posts at once (private to the carer)."""

    __tablename__ = "care"
    carer_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    cared_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime]
    __table_args__ = (Index("ix_care_cared", "cared_id"),)
