"""Post listings as a page shows them: each post with its visible like and comment counts and the
viewer's like, in the statement that lists them (statements built once per rule shape); and a
page's posts with the originals their shares show (`with_originals`), objects built straight
from the row's values (storage.posts.convert.post_at)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, literal, null, select

from core.model import Post
from core.pages import Listed
from core.privacy import Predicate
from storage.accounts.tables import AccountRow
from storage.albums.convert import PHOTO_COLUMNS
from storage.albums.tables import PhotoRow
from storage.posts.convert import ACCOUNT_COLUMNS, ACCOUNT_WIDTH, POST_COLUMNS, POST_WIDTH, account_at, post_at
from storage.posts.tables import CommentRow, LikeRow, PostRow
from storage.privacy_sql import LIKE_COLUMNS, VIEWER, Columns, compile_rule
from storage.social.tables import CircleRow


def _counts(post: Any, comment_shown: ColumnElement[bool], like_rule: Predicate, anonymous: bool,
            named: bool) -> list[Any]:
    """The likes `like_rule` shows and the comments `comment_shown` admits of `post` (a posts table or
    alias's columns), whether the viewer liked it, and (`named`) the viewer's circle it is for."""
    viewer = None if anonymous else 0
    likes = (select(func.count()).select_from(LikeRow)
             .where(LikeRow.post_id == post.id, compile_rule(like_rule, viewer, LIKE_COLUMNS)).scalar_subquery())
    comments = (select(func.count()).select_from(CommentRow)
                .where(CommentRow.post_id == post.id, comment_shown).scalar_subquery())
    # By key, as a scalar subquery: PostgreSQL ran an EXISTS here as a hashed subplan over every like
    # the viewer ever gave (108 rows in bench/page_reads.py, growing with them) for a page of 10 posts.
    liked = (select(literal(1)).where(LikeRow.post_id == post.id, LikeRow.account_id == bindparam("viewer_id"))
             .scalar_subquery().is_not(None))
    found = [likes, comments, liked]
    if named:
        found.append(null() if anonymous else select(CircleRow.name).where(
            CircleRow.id == post.circle_id, CircleRow.owner_id == VIEWER).scalar_subquery())
    return found


def with_counts(q: Select[Any], comment_shown: ColumnElement[bool], like_rule: Predicate, anonymous: bool,
                *, named: bool = False) -> Select[Any]:
    """A posts statement as plain columns (POST_COLUMNS), with the likes `like_rule` shows and the comments
    `comment_shown` admits (storage.posts.statements.comment_shown), whether the viewer liked each and
    (`named`) the name of the viewer's circle each is for."""
    counted = _counts(PostRow.__table__.c, comment_shown, like_rule, anonymous, named)
    labels = ("shown_likes", "shown_comments", "liked", "circle_name")
    return q.with_only_columns(*POST_COLUMNS, *(c.label(n) for c, n in zip(counted, labels)))


def with_originals(page: Select[Any], rule: Predicate, comment_shown: ColumnElement[bool], like_rule: Predicate,
                   anonymous: bool, *, photos: bool = False) -> Select[Any]:
    """`page` (with_counts(..., named=True)) beside the post each row shares, where `rule` shows it (its
    author's zone and standing are the original author's), counted the same way, and that author's row.
    With `photos`, one row per photo of each post (PHOTO_COLUMNS from LISTED_WIDTH on, labelled `photo_<name>`)."""
    listed = page.subquery("page")
    orig = PostRow.__table__.alias("orig")
    author = AccountRow.__table__.alias("orig_author")
    # The original's zone is read beside it (a scalar subquery), not from a joined author: a LEFT JOIN
    # of (orig JOIN author) is built whole before it is joined (SQLite materialises every post of
    # every author: 220 ms at 100,000 posts), where two LEFT JOINs each look up one row by key.
    zone = (select(AccountRow.zone_visibility).where(AccountRow.id == orig.c.author_id)
            .correlate(orig).scalar_subquery())
    shown = compile_rule(rule, None if anonymous else 0, Columns(
        owner=orig.c.author_id, visibility=orig.c.visibility, circle=orig.c.circle_id, status=orig.c.status,
        zone=zone))
    joined = (listed.outerjoin(orig, and_(orig.c.id == listed.c.shared_post_id, shown))
              .outerjoin(author, author.c.id == orig.c.author_id))
    q = (select(*listed.c, *(orig.c[c.key] for c in POST_COLUMNS),
                *_counts(orig.c, comment_shown, like_rule, anonymous, True),
                *(author.c[c.key] for c in ACCOUNT_COLUMNS))
         .order_by(listed.c.id.desc()))
    if not photos:
        return q.select_from(joined)
    return (q.add_columns(*(c.label(f"photo_{c.key}") for c in PHOTO_COLUMNS))
            .select_from(joined.outerjoin(PhotoRow, PhotoRow.post_id == listed.c.id))
            .order_by(PhotoRow.position, PhotoRow.id))


def likers_statement(rule: Predicate, anonymous: bool) -> Select[Any]:
    """A post's likers that `rule` shows, by id, each row carrying how many there are (a window is
    counted before LIMIT: one statement, not two)."""
    shown = and_(LikeRow.post_id == bindparam("post_id"), compile_rule(rule, None if anonymous else 0, LIKE_COLUMNS))
    return (select(LikeRow.account_id, func.count().over()).where(shown)
            .order_by(LikeRow.account_id).limit(bindparam("limit")))


def with_accounts(q: Select[Any], who: Any) -> Select[Any]:
    """`q` joined with the account `who` names (a comment's author, a liker), that account's columns
    (ACCOUNT_COLUMNS) after its own: the get_many that would follow, saved."""
    return q.add_columns(*ACCOUNT_COLUMNS).join(AccountRow, AccountRow.id == who)


def counted_row(r: Sequence[Any]) -> tuple[Post, bool]:
    """A with_counts row: the post with the counts the viewer may see, and whether they liked it."""
    return post_at(r, 0, int(r[POST_WIDTH]), int(r[POST_WIDTH + 1])), bool(r[POST_WIDTH + 2])


_ORIG = POST_WIDTH + 4  # where a with_originals row's original starts (after the counts and the circle name)
_AUTHOR = _ORIG + POST_WIDTH + 4
LISTED_WIDTH = _AUTHOR + ACCOUNT_WIDTH
"""A with_originals row's width: its photo's columns start here (photos=True)."""


def listed_row(r: Sequence[Any]) -> Listed:
    """A with_originals row as the page lists it."""
    w = POST_WIDTH
    post = post_at(r, 0, int(r[w]), int(r[w + 1]))
    if r[_ORIG] is None:
        return Listed(post, bool(r[w + 2]), r[w + 3])
    o = _ORIG + w
    original = Listed(post_at(r, _ORIG, int(r[o]), int(r[o + 1])), bool(r[o + 2]), r[o + 3])
    return Listed(post, bool(r[w + 2]), r[w + 3], original, account_at(r, _AUTHOR))

