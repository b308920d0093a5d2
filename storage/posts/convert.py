"""Post and comment rows → core dataclasses (no lazy loading ever leaves storage).

`post` reads an ORM row by name; `post_at` reads a plain result row by position, the columns
being `POST_COLUMNS` from `at` on: listings build their objects straight from the row's values,
once (no name lookups, no copy per row to set the counts).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.model import (
    Account, Comment, CommentPolicy, GuestbookAccess, Post, PostKind, PostStatus, Visibility, ZoneVisibility,
)
from storage.accounts.tables import AccountRow
from storage.posts.tables import CommentRow, PostRow

# Enum members by value: a dict lookup, not EnumMeta.__call__, per row.
_KIND = {k.value: k for k in PostKind}
_VISIBILITY = {v.value: v for v in Visibility}
_STATUS = {s.value: s for s in PostStatus}
_POLICY = {p.value: p for p in CommentPolicy}
_ZONE = {z.value: z for z in ZoneVisibility}
_GUESTBOOK = {g.value: g for g in GuestbookAccess}

# The order `post_at` and `account_at` read; statements select these, so the order is theirs by construction.
POST_COLUMNS = (
    PostRow.id, PostRow.author_id, PostRow.kind, PostRow.title, PostRow.body, PostRow.visibility, PostRow.circle_id,
    PostRow.shared_post_id, PostRow.status, PostRow.created_at, PostRow.edited_at, PostRow.like_count,
    PostRow.comment_count, PostRow.share_count, PostRow.comment_policy, PostRow.body_html,
)
POST_WIDTH = len(POST_COLUMNS)
ACCOUNT_COLUMNS = (
    AccountRow.id, AccountRow.handle, AccountRow.display_name, AccountRow.bio, AccountRow.default_visibility,
    AccountRow.zone_visibility, AccountRow.link_epoch, AccountRow.created_at, AccountRow.language,
    AccountRow.language_hint, AccountRow.suggestable, AccountRow.avatar, AccountRow.cover, AccountRow.guestbook,
)
ACCOUNT_WIDTH = len(ACCOUNT_COLUMNS)


def post(row: PostRow) -> Post:
    return Post(
        id=row.id, author_id=row.author_id, body=row.body, kind=PostKind(row.kind), title=row.title,
        visibility=Visibility(row.visibility), circle_id=row.circle_id, shared_post_id=row.shared_post_id,
        status=PostStatus(row.status), created_at=row.created_at, edited_at=row.edited_at,
        like_count=row.like_count, comment_count=row.comment_count, share_count=row.share_count,
        comment_policy=CommentPolicy(row.comment_policy), body_html=row.body_html,
    )


def post_at(r: Sequence[Any], at: int, like_count: int, comment_count: int) -> Post:
    """The post in `r[at:at + POST_WIDTH]`, with the counts the viewer may see (not the stored tallies)."""
    return Post(
        r[at], r[at + 1], r[at + 4], _KIND[r[at + 2]], r[at + 3], _VISIBILITY[r[at + 5]], r[at + 6], r[at + 7],
        _STATUS[r[at + 8]], r[at + 9], r[at + 10], like_count, comment_count, r[at + 13], _POLICY[r[at + 14]],
        r[at + 15],
    )


def account_at(r: Sequence[Any], at: int) -> Account:
    """The account in `r[at:at + ACCOUNT_WIDTH]` (as storage.accounts.convert.account reads a row)."""
    return Account(
        id=r[at], handle=r[at + 1], display_name=r[at + 2], bio=r[at + 3],
        default_visibility=_VISIBILITY[r[at + 4]], zone_visibility=_ZONE[r[at + 5]], link_epoch=r[at + 6],
        created_at=r[at + 7], language=r[at + 8], language_hint=r[at + 9], suggestable=bool(r[at + 10]),
        avatar=r[at + 11], cover=r[at + 12], guestbook=_GUESTBOOK[r[at + 13] or GuestbookAccess.EVERYONE.value],
    )


def comment(row: CommentRow) -> Comment:
    return Comment(
        id=row.id, post_id=row.post_id, author_id=row.author_id, body=row.body,
        parent_id=row.parent_id, created_at=row.created_at, status=PostStatus(row.status), photo_id=row.photo_id,
    )
