"""Posts read with their authors in the same row (chat's like reply, the feed): the statements that
list posts join the author's account for the privacy rule already, so reading its columns there
saves the get_many that would follow."""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Select

from core.model import Account, Post
from core.privacy import Predicate
from storage.accounts import convert as accounts
from storage.accounts.tables import AccountRow
from storage.posts import statements as st
from storage.posts.listing import counted_row, with_counts

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
def feed(rule: Predicate, comment_rule: Predicate, like_rule: Predicate, paged: bool) -> Select[Any]:
    """A page of the viewer's feed (storage.posts.statements.feed), each post counted and with its author."""
    return with_author(with_counts(st.feed(rule, paged), st.comment_shown(comment_rule, False), like_rule, False))
