"""The posts feature's statements, built once per rule shape (building a SQLAlchemy statement
costs more than running it); storage.posts.repo runs them, storage.albums reuses `comment_shown`."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger, ColumnElement, Integer, Select, and_, bindparam, cast, delete, func, insert, literal, null, or_,
    select, union_all, update,
)
from sqlalchemy.orm import aliased

from core.privacy import Predicate
from storage.accounts.tables import AccountRow
from storage.dialect import insert_for
from storage.posts.listing import likers_statement, with_accounts, with_counts, with_originals
from storage.posts.tables import CommentRow, FeedItemRow, LikeRow, PostRow, PostTallyRow
from storage.privacy_sql import COMMENT_COLUMNS, LIKE_COLUMNS, POST_COLUMNS, Columns, comment_columns, compile_rule
from storage.posts.convert import ACCOUNT_COLUMNS
from storage.social.tables import FriendshipRow


def visible(viewer_id: int | None, rule: Predicate) -> Select[tuple[PostRow]]:
    return visible_cached(rule, viewer_id is None)


# Statements depend only on the rule's shape (viewer and ids are bound parameters), so each is
# built once per process: constructing SQLAlchemy expressions costs more than running them.
@lru_cache(maxsize=256)
def visible_cached(rule: Predicate, anonymous: bool) -> Select[tuple[PostRow]]:
    return (
        select(PostRow).join(AccountRow, AccountRow.id == PostRow.author_id)
        .where(compile_rule(rule, None if anonymous else 0, POST_COLUMNS))
    )


# A tally stands for its posts: owner, visibility, circle and status are theirs; the zone the owner's.
TALLY_COLUMNS = Columns(owner=PostTallyRow.author_id, visibility=PostTallyRow.visibility,
                        circle=PostTallyRow.circle_id, status=PostTallyRow.status, zone=AccountRow.zone_visibility)


@lru_cache(maxsize=64)
def tallied(rule: Predicate, anonymous: bool) -> Select[Any]:
    """How many of an author's posts `rule` admits, from the tallies (storage.posts.tables.PostTallyRow):
    the same cost at 100 posts as at a million."""
    return (select(func.coalesce(func.sum(PostTallyRow.n), 0)).select_from(PostTallyRow)
            .join(AccountRow, AccountRow.id == PostTallyRow.author_id)
            .where(PostTallyRow.author_id == bindparam("author_id"),
                   compile_rule(rule, None if anonymous else 0, TALLY_COLUMNS)))


@lru_cache(maxsize=256)
def one_visible(rule: Predicate, anonymous: bool) -> Select[tuple[PostRow]]:
    return visible_cached(rule, anonymous).where(PostRow.id == bindparam("post_id"))


@lru_cache(maxsize=256)
def by_author(rule: Predicate, anonymous: bool, paged: bool, kind: str | None) -> Select[tuple[PostRow]]:
    q = visible_cached(rule, anonymous).where(PostRow.author_id == bindparam("author_id"))
    if kind is not None:
        q = q.where(PostRow.kind == kind)
    if paged:
        q = q.where(PostRow.id < bindparam("before"))
    return q.order_by(PostRow.id.desc()).limit(bindparam("limit"))


@lru_cache(maxsize=256)
def feed(rule: Predicate, paged: bool) -> Select[tuple[PostRow]]:
    q = (
        select(PostRow).join(FeedItemRow, FeedItemRow.post_id == PostRow.id)
        .join(AccountRow, AccountRow.id == PostRow.author_id)
        .where(FeedItemRow.owner_id == bindparam("viewer_id"), compile_rule(rule, 0, POST_COLUMNS))
    )
    if paged:
        q = q.where(FeedItemRow.post_id < bindparam("before"))
    # The LIMIT is written into the SQL (one text per page size: 10, 11, 50): PostgreSQL costs a generic
    # plan's `LIMIT $n` as a tenth of the inbox, so it planned the statement anew on every run (1.1 ms of
    # its 1.2) instead of reusing the prepared one; with the limit known, it reuses it (0.2 ms at 1M posts).
    return q.order_by(FeedItemRow.post_id.desc()).limit(bindparam("limit", type_=Integer, literal_execute=True))


AUTHOR = cast(bindparam("author_id"), BigInteger)
POST = cast(bindparam("post_id"), BigInteger)
FAN_OUT = insert(FeedItemRow).from_select(
    ["owner_id", "post_id", "author_id"],
    select(AUTHOR, POST, AUTHOR).union_all(
        select(FriendshipRow.friend_id, POST, AUTHOR).where(FriendshipRow.account_id == AUTHOR)
    ),
)


# Hot-path statements, built once (constructing SQLAlchemy statements costs more than running them).
# Every column is given (none left to a Python-side default): storage.posts.repo runs these as
# storage.prepared statements, which run no defaults.
ADD_POST = insert(PostRow).values(
    author_id=bindparam("author_id"), kind=bindparam("kind"), title=bindparam("title"), body=bindparam("body"),
    visibility=bindparam("visibility"), circle_id=bindparam("circle_id"),
    shared_post_id=bindparam("shared_post_id"), status=bindparam("status"), created_at=bindparam("created_at"),
    comment_policy=bindparam("comment_policy"), body_html=bindparam("body_html"), edited_at=None, like_count=0,
    comment_count=0, share_count=0,
).returning(PostRow.id)
_NEW_POST = ("author_id", "kind", "title", "body", "visibility", "circle_id", "shared_post_id", "status", "created_at",
             "comment_policy", "body_html")


@lru_cache(maxsize=1)
def published() -> Any:
    """PostgreSQL: ADD_POST and FAN_OUT in one statement, after the author's row lock.

    The lock (NO KEY UPDATE, as storage.dialect.lock_account takes it) is what the command's
    rate-limit claim at its end needs first; taken here, the claim's own statement, run later
    with a newer snapshot, still sees every claim committed before it. (A message's sender statement
    has usually taken it already, storage.accounts, but not for a new account's first message; a lock
    the transaction holds is granted at once.) The fan-out reads the new
    post from the insert's RETURNING (a data-modifying CTE); the RETURNING id is the statement's row.
    """
    locked = (select(AccountRow.id).where(AccountRow.id == bindparam("author_id"))
              .with_for_update(key_share=True).cte("locked"))
    columns = PostRow.__table__.c
    values = [locked.c.id, *(bindparam(name, type_=columns[name].type) for name in _NEW_POST[1:]),
              null(), literal(0), literal(0), literal(0)]
    names = [*_NEW_POST, "edited_at", "like_count", "comment_count", "share_count"]
    new = (insert(PostRow).from_select(names, select(*values).select_from(locked))
           .returning(PostRow.id, PostRow.author_id).cte("new"))
    fan = insert(FeedItemRow).from_select(
        ["owner_id", "post_id", "author_id"],
        select(new.c.author_id, new.c.id, new.c.author_id).union_all(
            select(FriendshipRow.friend_id, new.c.id, new.c.author_id)
            .join(FriendshipRow, FriendshipRow.account_id == new.c.author_id)
        ),
    ).cte("fan")
    return select(new.c.id).add_cte(fan)


ADD_COMMENT = insert(CommentRow).values(
    post_id=bindparam("post_id"), photo_id=bindparam("photo_id"), author_id=bindparam("author_id"),
    parent_id=bindparam("parent_id"),
    body=bindparam("body"), created_at=bindparam("created_at"),
).returning(CommentRow.id)
COUNTED_COMMENT = (update(PostRow).where(PostRow.id == bindparam("post_id"))
                   .values(comment_count=PostRow.comment_count + 1).returning(*PostRow.__table__.c))
COUNT_COMMENT = (update(PostRow).where(PostRow.id == bindparam("post_id"))
                  .values(comment_count=PostRow.comment_count + 1))
COUNT_LIKE = (update(PostRow).where(PostRow.id == bindparam("post_id"))
               .values(like_count=PostRow.like_count + bindparam("delta")))
HEAD = aliased(CommentRow, name="head")


def comment_shown(rule: Predicate, anonymous: bool) -> ColumnElement[bool]:
    """The comment rule for CommentRow, and for its thread head when it is a reply (photo counts use it too)."""
    viewer = None if anonymous else 0
    # The head is looked up by its key as a scalar subquery, not tested with EXISTS: PostgreSQL may run
    # an EXISTS under OR as a hashed subplan, which reads every comment there is (the whole table,
    # once a statement: 872 rows for a page's 10 posts in bench/page_reads.py) instead of one row by key.
    head_shown = (select(literal(1)).where(HEAD.id == CommentRow.parent_id,
                                          compile_rule(rule, viewer, comment_columns(HEAD)))
                  .scalar_subquery().is_not(None))
    return and_(compile_rule(rule, viewer, COMMENT_COLUMNS), or_(CommentRow.parent_id.is_(None), head_shown))


@lru_cache(maxsize=64)
def comments(rule: Predicate, anonymous: bool) -> Select[tuple[CommentRow]]:
    return (select(CommentRow).where(CommentRow.post_id == bindparam("post_id"), comment_shown(rule, anonymous))
            .order_by(CommentRow.id).limit(bindparam("limit")))


@lru_cache(maxsize=64)
def photo_comments(rule: Predicate, anonymous: bool) -> Select[tuple[CommentRow]]:
    return (select(CommentRow).where(CommentRow.photo_id == bindparam("photo_id"), comment_shown(rule, anonymous))
            .order_by(CommentRow.id).limit(bindparam("limit")))


@lru_cache(maxsize=64)
def one_comment(rule: Predicate, anonymous: bool) -> Select[tuple[CommentRow]]:
    return select(CommentRow).where(CommentRow.id == bindparam("comment_id"), comment_shown(rule, anonymous))


@lru_cache(maxsize=64)
def counts(comment_rule: Predicate, like_rule: Predicate, anonymous: bool) -> Select[Any]:
    viewer = None if anonymous else 0
    likes = (select(func.count()).select_from(LikeRow)
             .where(LikeRow.post_id == PostRow.id, compile_rule(like_rule, viewer, LIKE_COLUMNS)).scalar_subquery())
    comments = (select(func.count()).select_from(CommentRow)
                .where(CommentRow.post_id == PostRow.id, comment_shown(comment_rule, anonymous)).scalar_subquery())
    # Whether the viewer likes each post comes along (storage.facts): the like state a card shows next.
    # By key, as in storage.posts.listing._counts (an EXISTS here may run as a hashed subplan over every
    # like the viewer ever gave).
    liked = literal(False) if anonymous else (
        select(literal(1)).where(LikeRow.post_id == PostRow.id, LikeRow.account_id == bindparam("viewer_id"))
        .scalar_subquery().is_not(None))
    return select(PostRow.id, likes, comments, liked).where(PostRow.id.in_(bindparam("post_ids", expanding=True)))


@lru_cache(maxsize=64)
def listing(rule: Predicate, comment_rule: Predicate, like_rule: Predicate, anonymous: bool, paged: bool,
             kind: str | None) -> Select[Any]:
    return with_counts(by_author(rule, anonymous, paged, kind), comment_shown(comment_rule, anonymous), like_rule,
                       anonymous)


@lru_cache(maxsize=64)
def listed(rule: Predicate, comment_rule: Predicate, like_rule: Predicate, anonymous: bool) -> Select[Any]:
    shown = visible_cached(rule, anonymous).where(PostRow.id.in_(bindparam("post_ids", expanding=True)))
    return with_counts(shown, comment_shown(comment_rule, anonymous), like_rule, anonymous)


@lru_cache(maxsize=64)
def page(rule: Predicate, comment_rule: Predicate, like_rule: Predicate, anonymous: bool, paged: bool,
         kind: str | None) -> Select[Any]:
    """`listing` with the viewer's circle names and the originals its shares show (core.pages.PageReads.posts)."""
    shown = comment_shown(comment_rule, anonymous)
    return with_originals(with_counts(by_author(rule, anonymous, paged, kind), shown, like_rule, anonymous, named=True),
                          rule, shown, like_rule, anonymous)


@lru_cache(maxsize=64)
def page_by_id(rule: Predicate, comment_rule: Predicate, like_rule: Predicate, anonymous: bool) -> Select[Any]:
    """`listed` as `page` reads it (core.pages.PageReads.posts_by_id)."""
    shown = comment_shown(comment_rule, anonymous)
    q = visible_cached(rule, anonymous).where(PostRow.id.in_(bindparam("post_ids", expanding=True)))
    return with_originals(with_counts(q, shown, like_rule, anonymous, named=True), rule, shown, like_rule, anonymous)


@lru_cache(maxsize=64)
def post_page(rule: Predicate, comment_rule: Predicate, like_rule: Predicate, anonymous: bool) -> Select[Any]:
    """`page_by_id` for one post, a row per photo it carries (core.pages.PageReads.post)."""
    shown = comment_shown(comment_rule, anonymous)
    q = visible_cached(rule, anonymous).where(PostRow.id == bindparam("post_id"))
    return with_originals(with_counts(q, shown, like_rule, anonymous, named=True), rule, shown, like_rule, anonymous,
                          photos=True)


likers = lru_cache(maxsize=64)(likers_statement)


@lru_cache(maxsize=64)
def authored_comments(rule: Predicate, anonymous: bool) -> Select[Any]:
    """`comments` as plain columns (COMMENT_ORDER) with each writer's account (core.pages.PageReads.comments)."""
    return with_accounts(comments(rule, anonymous).with_only_columns(*COMMENT_ORDER), CommentRow.author_id)


@lru_cache(maxsize=64)
def liker_accounts(rule: Predicate, anonymous: bool) -> Select[Any]:
    """`likers` with each liker's account (core.pages.PageReads.likers)."""
    return with_accounts(likers_statement(rule, anonymous), LikeRow.account_id)


@lru_cache(maxsize=64)
def talk(comment_rule: Predicate, liker_rule: Predicate, anonymous: bool) -> Select[Any]:
    """`authored_comments` (kind 0, up to `comment_limit`) and `liker_accounts` (kind 1, up to `liker_limit`,
    each with the total) as one UNION ALL of like rows: a post page's comments and likers in one trip."""
    viewer = None if anonymous else 0
    people = tuple(c.label(f"a_{c.key}") for c in ACCOUNT_COLUMNS)
    said = (select(literal(0).label("k"), *(c.label(f"c_{c.key}") for c in COMMENT_ORDER),
                   cast(null(), BigInteger).label("total"), *people)
            .select_from(CommentRow).join(AccountRow, AccountRow.id == CommentRow.author_id)
            .where(CommentRow.post_id == bindparam("post_id"), comment_shown(comment_rule, anonymous))
            .order_by(CommentRow.id).limit(bindparam("comment_limit")).subquery("said"))
    liked = (select(literal(1).label("k"), *(cast(null(), c.type).label(f"c_{c.key}") for c in COMMENT_ORDER),
                    func.count().over().label("total"), *people)
             .select_from(LikeRow).join(AccountRow, AccountRow.id == LikeRow.account_id)
             .where(LikeRow.post_id == bindparam("post_id"), compile_rule(liker_rule, viewer, LIKE_COLUMNS))
             .order_by(LikeRow.account_id).limit(bindparam("liker_limit")).subquery("liked"))
    both = union_all(select(*said.c), select(*liked.c)).subquery("talk")
    return select(*both.c).order_by(both.c.k, both.c.c_id, both.c.a_id)


COMMENT_ORDER = (CommentRow.id, CommentRow.post_id, CommentRow.author_id, CommentRow.body, CommentRow.parent_id,
                 CommentRow.created_at, CommentRow.status, CommentRow.photo_id)
UNLIKE = delete(LikeRow).where(LikeRow.post_id == bindparam("post_id"), LikeRow.account_id == bindparam("account_id"))


def like(dialect: str) -> Any:
    return insert_for(dialect, LikeRow).values(
        post_id=bindparam("post_id"), account_id=bindparam("account_id"),
    ).on_conflict_do_nothing()


@lru_cache(maxsize=64)
def like_shown(rule: Predicate, dialect: str) -> Any:
    """The viewer's like of post `post_id`, stored only if `rule` shows them the post (the check and the
    claim in one statement); a row back says it is new."""
    shown = (select(PostRow.id, cast(bindparam("viewer_id"), BigInteger))
             .join(AccountRow, AccountRow.id == PostRow.author_id)
             .where(PostRow.id == bindparam("post_id"), compile_rule(rule, 0, POST_COLUMNS)))
    return (insert_for(dialect, LikeRow).from_select(["post_id", "account_id"], shown)
            .on_conflict_do_nothing().returning(LikeRow.post_id))



@lru_cache(maxsize=64)
def comment_shown_to(rule: Predicate) -> Any:
    """A comment on post `post_id` by the viewer, stored only if `rule` shows them the post (the check and
    the write in one statement); a row back (its id) says it was."""
    return _comment_shown_to(rule, "body", "created_at")


def _comment_shown_to(rule: Predicate, body: str, created_at: str) -> Any:
    shown = (select(PostRow.id, cast(bindparam("viewer_id"), BigInteger), bindparam(body, type_=CommentRow.body.type),
                    bindparam(created_at, type_=CommentRow.created_at.type), literal("active"))
             .join(AccountRow, AccountRow.id == PostRow.author_id)
             .where(PostRow.id == bindparam("post_id"), compile_rule(rule, 0, POST_COLUMNS)))
    return (insert(CommentRow).from_select(["post_id", "author_id", "body", "created_at", "status"], shown)
            .returning(CommentRow.id))


@lru_cache(maxsize=64)
def like_ctes(rule: Predicate) -> tuple[Any, Any]:
    """PostgreSQL: `like_shown` and the post's like tally as the two CTEs of a data-modifying WITH
    (storage.posts.authored.liked): `new`, the like stored (post_id and account_id; no row when it was
    there already or the rule hides the post), and `counted`, the tally's UPDATE, to be added to the
    statement. The UPDATE joins the INSERT's RETURNING, so an idempotent second like (ON CONFLICT DO
    NOTHING, no row) counts nothing; it takes the post row's lock and adds to its newest version."""
    new = like_shown(rule, "postgresql").returning(LikeRow.account_id).cte("new")
    counted = (update(PostRow).where(PostRow.id == new.c.post_id)
               .values(like_count=PostRow.like_count + 1).returning(PostRow.id).cte("counted"))
    return new, counted


@lru_cache(maxsize=64)
def comment_counted(rule: Predicate) -> Any:
    """PostgreSQL: `comment_shown_to` and COUNTED_COMMENT in one statement (a data-modifying WITH): the
    new comment's id (`comment_id`) beside the post's columns as its tally update returns them (the
    count with this comment). No row: the rule does not show the viewer the post, nothing was written.

    Its parameters are post_id, viewer_id, comment_body and comment_at: an UPDATE of posts executed with
    a parameter named like a posts column (body, created_at) would SET that column too."""
    new = _comment_shown_to(rule, "comment_body", "comment_at").returning(CommentRow.post_id).cte("new")
    counted = (update(PostRow).where(PostRow.id == new.c.post_id)
               .values(comment_count=PostRow.comment_count + 1).returning(*PostRow.__table__.c).cte("counted"))
    return (select(new.c.id.label("comment_id"), *counted.c)
            .select_from(new.join(counted, counted.c.id == new.c.post_id)))
