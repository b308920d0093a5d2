"""Rows → core dataclasses (no lazy loading ever leaves storage)."""

from __future__ import annotations

from core.model import (
    Account, Comment, Identity, Post, PostKind, PostStatus, Visibility, ZoneVisibility,
)
from storage.tables import AccountRow, CommentRow, IdentityRow, PostRow


def account(row: AccountRow) -> Account:
    return Account(
        id=row.id, handle=row.handle, display_name=row.display_name, bio=row.bio,
        default_visibility=Visibility(row.default_visibility),
        zone_visibility=ZoneVisibility(row.zone_visibility), link_epoch=row.link_epoch,
        created_at=row.created_at,
    )


def identity(row: IdentityRow) -> Identity:
    return Identity(
        platform=row.platform, external_id=row.external_id, account_id=row.account_id,
        display_name=row.display_name, reachable=row.reachable, id=row.id,
    )


def post(row: PostRow) -> Post:
    return Post(
        id=row.id, author_id=row.author_id, body=row.body, kind=PostKind(row.kind), title=row.title,
        visibility=Visibility(row.visibility), circle_id=row.circle_id, shared_post_id=row.shared_post_id,
        status=PostStatus(row.status), created_at=row.created_at, edited_at=row.edited_at,
        like_count=row.like_count, comment_count=row.comment_count, share_count=row.share_count,
    )


def comment(row: CommentRow) -> Comment:
    return Comment(
        id=row.id, post_id=row.post_id, author_id=row.author_id, body=row.body,
        parent_id=row.parent_id, created_at=row.created_at, status=PostStatus(row.status),
    )
