"""Rows for the privacy agreement tests: an owner standing in a given relation to a viewer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from core.model import Relation, ZoneVisibility
from storage.accounts.tables import AccountRow
from storage.moderation.tables import SanctionRow
from storage.social.tables import BlockRow, CircleMemberRow, CircleRow, FriendshipRow

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Owner:
    id: int
    circle_id: int
    relation: Relation
    banned: bool


async def viewer_row(session: Any) -> AccountRow:
    viewer = AccountRow(handle="viewer", display_name="v", created_at=NOW)
    session.add(viewer)
    await session.flush()
    return viewer


async def owner_row(session: Any, n: int, viewer_id: int, zone: ZoneVisibility, *, friend: bool, member: bool,
                    blocked: bool, banned: bool) -> Owner:
    """An owner with one circle, related to the viewer as asked; returns the facts core should see."""
    owner = AccountRow(handle=f"o{n}", display_name="o", zone_visibility=zone.value, created_at=NOW)
    session.add(owner)
    await session.flush()
    circle = CircleRow(owner_id=owner.id, name="c")
    session.add(circle)
    await session.flush()
    if friend:
        session.add_all([FriendshipRow(account_id=owner.id, friend_id=viewer_id),
                         FriendshipRow(account_id=viewer_id, friend_id=owner.id)])
    if member:
        session.add(CircleMemberRow(circle_id=circle.id, member_id=viewer_id))
    if blocked:
        session.add(BlockRow(blocker_id=owner.id, blocked_id=viewer_id))
    if banned:
        session.add(SanctionRow(account_id=owner.id, kind="ban", until=None, reason="", created_at=NOW))
    relation = Relation(is_friend=friend, blocked_by_owner=blocked,
                        circle_ids=frozenset({circle.id}) if member else frozenset())
    return Owner(owner.id, circle.id, relation, banned)
