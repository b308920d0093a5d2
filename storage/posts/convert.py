"""Post and comment rows → core dataclasses (no lazy loading ever leaves storage)."""

from __future__ import annotations

from core.model import Comment, CommentPolicy, Post, PostKind, PostStatus, Visibility
from storage.posts.tables import CommentRow, PostRow


def post(row: PostRow) -> Post:
    return Post(
        id=row.id, author_id=row.author_id, body=row.body, kind=PostKind(row.kind), title=row.title,
        visibility=Visibility(row.visibility), circle_id=row.circle_id, shared_post_id=row.shared_post_id,
        status=PostStatus(row.status), created_at=row.created_at, edited_at=row.edited_at,
        like_count=row.like_count, comment_count=row.comment_count, share_count=row.share_count,
        comment_policy=CommentPolicy(row.comment_policy),
    )


def comment(row: CommentRow) -> Comment:
    return Comment(
        id=row.id, post_id=row.post_id, author_id=row.author_id, body=row.body,
        parent_id=row.parent_id, created_at=row.created_at, status=PostStatus(row.status), photo_id=row.photo_id,
    )
