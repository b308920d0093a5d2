"""Compile core.privacy predicates into SQL, so listings filter in the query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, case, exists, false, not_, or_, select, true

from core.albums.model import AlbumVisibility
from core.model import PostStatus
from core.moderation.model import SanctionKind
from core.privacy import (
    And, AnsweredGate, AuthorInGoodStanding, BlockedByOwner, GuestbookOpenTo, InResourceCircle, IsActive, IsAuthor,
    IsFriend, IsGated, IsOwner, Never, Not, Or, OwnerInGoodStanding, OwnerSuggestable, Predicate, RequestPending,
    ViewerBlocksOwner, VisibilityIs, ZoneIs,
)
from storage.accounts.tables import AccountRow
from storage.guestbook.tables import GuestbookEntryRow
from storage.moderation.tables import SanctionRow
from storage.posts.tables import CommentRow, LikeRow, PostRow
from storage.social.tables import BlockRow, CircleMemberRow, FriendRequestRow, FriendshipRow


@dataclass(frozen=True)
class Columns:
    """Where a resource keeps the fields the privacy atoms talk about."""

    owner: Any
    visibility: Any = None
    circle: Any = None
    status: Any = None
    zone: Any = None  # the owner's zone_visibility (join accounts)
    answered: Any = None  # albums: EXISTS(the viewer answered this row's question), using VIEWER
    suggestable: Any = None  # the owner's accounts.suggestable (join accounts)
    author: Any = None  # guestbook entries: the writer (the owner is the zone's)
    guestbook: Any = None  # the owner's guestbook setting (join accounts)


POST_COLUMNS = Columns(
    owner=PostRow.author_id, visibility=PostRow.visibility, circle=PostRow.circle_id,
    status=PostRow.status, zone=AccountRow.zone_visibility,
)

# A comment's owner is its author (core.privacy.comment_rule); a like's is the liker (presence_rule).
COMMENT_COLUMNS = Columns(owner=CommentRow.author_id, status=CommentRow.status)
LIKE_COLUMNS = Columns(owner=LikeRow.account_id)


# A guestbook entry's owner is the zone's owner, its author the writer; a private note reads as visibility private.
ENTRY_COLUMNS = Columns(
    owner=GuestbookEntryRow.owner_id, author=GuestbookEntryRow.author_id, status=GuestbookEntryRow.status,
    visibility=case((GuestbookEntryRow.private.is_(True), "private"), else_="public"),
    zone=AccountRow.zone_visibility, guestbook=AccountRow.guestbook,
)


def comment_columns(table: Any) -> Columns:
    """COMMENT_COLUMNS over an alias of the comments table (a reply's thread head)."""
    return Columns(owner=table.author_id, status=table.status)


VIEWER = bindparam("viewer_id")


def compile_rule(rule: Predicate, viewer_id: int | None, cols: Columns) -> ColumnElement[bool]:
    """SQL twin of core.privacy.evaluate, with the viewer as the bound parameter `viewer_id`.

    Only the rule's shape goes into the SQL, so statements built from it can be cached and
    reused for every viewer; `viewer_id` (None for anonymous) only decides Python-side shortcuts.
    """
    match rule:
        case IsOwner():
            return cols.owner == VIEWER if viewer_id is not None else false()
        case VisibilityIs(value=v):
            return cols.visibility == v.value
        case ZoneIs(value=z):
            return cols.zone == z.value
        case IsFriend():
            if viewer_id is None:
                return false()
            return exists(select(1).where(FriendshipRow.account_id == cols.owner, FriendshipRow.friend_id == VIEWER))
        case InResourceCircle():
            if viewer_id is None:
                return false()
            return exists(select(1).where(CircleMemberRow.circle_id == cols.circle, CircleMemberRow.member_id == VIEWER))
        case BlockedByOwner():
            if viewer_id is None:
                return false()
            return exists(select(1).where(BlockRow.blocker_id == cols.owner, BlockRow.blocked_id == VIEWER))
        case ViewerBlocksOwner():
            if viewer_id is None:
                return false()
            return exists(select(1).where(BlockRow.blocker_id == VIEWER, BlockRow.blocked_id == cols.owner))
        case RequestPending():
            if viewer_id is None:
                return false()
            return exists(select(1).where(or_(
                and_(FriendRequestRow.from_id == VIEWER, FriendRequestRow.to_id == cols.owner),
                and_(FriendRequestRow.from_id == cols.owner, FriendRequestRow.to_id == VIEWER),
            )))
        case OwnerSuggestable():
            if cols.suggestable is None:
                raise TypeError("OwnerSuggestable needs Columns.suggestable (join accounts)")
            return cols.suggestable == true()
        case IsActive():
            return cols.status == PostStatus.ACTIVE.value
        case OwnerInGoodStanding():
            # Ban rows exist only while in force (expiry deletes them), so no clock is needed here.
            return ~exists(select(1).where(SanctionRow.account_id == cols.owner, SanctionRow.kind == SanctionKind.BAN.value))
        case IsGated():
            return cols.visibility == AlbumVisibility.QUESTION.value
        case AnsweredGate():
            if viewer_id is None or cols.answered is None:
                return false()
            return cols.answered  # type: ignore[no-any-return]
        case IsAuthor():
            return cols.author == VIEWER if viewer_id is not None else false()
        case AuthorInGoodStanding():
            return ~exists(select(1).where(SanctionRow.account_id == cols.author, SanctionRow.kind == SanctionKind.BAN.value))
        case GuestbookOpenTo(value=g):
            return cols.guestbook == g.value
        case Never():
            return false()
        case And(parts=parts):
            return and_(*(compile_rule(p, viewer_id, cols) for p in parts))
        case Or(parts=parts):
            return or_(*(compile_rule(p, viewer_id, cols) for p in parts))
        case Not(part=part):
            return not_(compile_rule(part, viewer_id, cols))
    raise TypeError(f"unknown predicate {rule!r}")
