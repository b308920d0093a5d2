"""Posts read with their authors in the same row (chat's like reply, the feed): the statements that
list posts join the author's account for the privacy rule already, so reading its columns there
saves the get_many that would follow."""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Select, case, exists, func, or_, select

from core.model import Account, Post
from core.privacy import Predicate
from storage.accounts import convert as accounts
from storage.accounts.tables import AccountRow
from storage.posts import statements as st
from storage.posts.convert import POST_WIDTH
from storage.posts.listing import counted_row, with_counts
from storage.privacy_sql import Columns, compile_rule

_COLUMNS = tuple(AccountRow.__table__.c)
_LABELS = tuple(f"by_{c.name}" for c in _COLUMNS)


def with_author(q: Select[Any]) -> Select[Any]:
    """A statement that joins the posts' author as AccountRow, with that account's columns added."""
    return q.add_columns(*(c.label(label) for c, label in zip(_COLUMNS, _LABELS)))


def authored_row(row: Any) -> tuple[Post, bool, Account]:
    """A `with_author` row of a counted listing: the counted post, whether the viewer likes it, its author."""
    post, liked = counted_row(row)
    m = row._mapping
    author = accounts.account(cast(AccountRow, SimpleNamespace(**{c.name: m[label] for c, label in zip(_COLUMNS, _LABELS)})))
    return post, liked, author


@lru_cache(maxsize=64)
def listed(rule: Predicate, comment_rule: Predicate, like_rule: Predicate) -> Select[Any]:
    """storage.posts.statements.listed for a signed-in viewer, with each post's author."""
    return with_author(st.listed(rule, comment_rule, like_rule, False))


@lru_cache(maxsize=64)
def liked(rule: Predicate, comment_rule: Predicate, like_rule: Predicate) -> Select[Any]:
    """PostgreSQL: the viewer's like of post `post_id` with its tally (statements.like_ctes) and `listed`'s row
    of that post (`post_ids`: [post_id]) in one statement; `fresh` says whether the like is new.

    The row is read in the statement's snapshot, from before the like: a new like is added to the likes
    shown where `like_rule` shows the liker's like to them (the rule is asked of the new row), and makes
    `liked` true. The like is written only where `rule` shows the post, which is the row's own condition:
    no row, nothing written."""
    new, counted = st.like_ctes(rule)
    shown = listed(rule, comment_rule, like_rule)
    columns: list[Any] = list(shown.selected_columns)
    likes, liked_before = columns[POST_WIDTH].element, columns[POST_WIDTH + 2].element  # with_counts' labels
    mine = exists(select(1).select_from(new).where(compile_rule(like_rule, 0, Columns(owner=new.c.account_id))))
    columns[POST_WIDTH] = (likes + case((mine, 1), else_=0)).label("shown_likes")
    columns[POST_WIDTH + 2] = or_(liked_before, exists(select(1).select_from(new))).label("liked")
    fresh = select(func.count()).select_from(new).scalar_subquery().label("fresh")
    return shown.with_only_columns(*columns, fresh).add_cte(counted)


@lru_cache(maxsize=64)
def feed(rule: Predicate, comment_rule: Predicate, like_rule: Predicate, paged: bool) -> Select[Any]:
    """A page of the viewer's feed (storage.posts.statements.feed), each post counted and with its author."""
    return with_author(with_counts(st.feed(rule, paged), st.comment_shown(comment_rule, False), like_rule, False))
