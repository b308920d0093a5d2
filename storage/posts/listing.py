"""Post listings as a page shows them: each post with its visible like and comment counts and the
viewer's like, in the statement that lists them (statements built once per rule shape)."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, exists, func, select

from core.model import Post
from core.privacy import Predicate
from storage.posts import convert
from storage.posts.tables import CommentRow, LikeRow, PostRow
from storage.privacy_sql import LIKE_COLUMNS, compile_rule


def with_counts(q: Select[Any], comment_shown: ColumnElement[bool], like_rule: Predicate, anonymous: bool) -> Select[Any]:
    """A posts statement as plain columns, with the likes `like_rule` shows and the comments
    `comment_shown` admits (storage.posts.statements.comment_shown), and whether the viewer liked each."""
    viewer = None if anonymous else 0
    likes = (select(func.count()).select_from(LikeRow)
             .where(LikeRow.post_id == PostRow.id, compile_rule(like_rule, viewer, LIKE_COLUMNS)).scalar_subquery())
    comments = (select(func.count()).select_from(CommentRow)
                .where(CommentRow.post_id == PostRow.id, comment_shown).scalar_subquery())
    liked = exists().where(LikeRow.post_id == PostRow.id, LikeRow.account_id == bindparam("viewer_id"))
    return q.with_only_columns(*PostRow.__table__.c, likes.label("shown_likes"), comments.label("shown_comments"),
                               liked.label("liked"))


def likers_statement(rule: Predicate, anonymous: bool) -> Select[Any]:
    """A post's likers that `rule` shows, by id, each row carrying how many there are (a window is
    counted before LIMIT: one statement, not two)."""
    shown = and_(LikeRow.post_id == bindparam("post_id"), compile_rule(rule, None if anonymous else 0, LIKE_COLUMNS))
    return (select(LikeRow.account_id, func.count().over()).where(shown)
            .order_by(LikeRow.account_id).limit(bindparam("limit")))


def counted_row(row: Any) -> tuple[Post, bool]:
    return (dataclasses.replace(convert.post(row), like_count=int(row.shown_likes), comment_count=int(row.shown_comments)),
            bool(row.liked))
