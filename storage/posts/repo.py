"""Posts, the feed inbox, comments and likes on SQLAlchemy."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from typing import Any

from sqlalchemy import (
    BigInteger, ColumnElement, Select, and_, bindparam, cast, delete, exists, func, insert, literal, or_, select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.model import Comment, Post, PostKind
from core.privacy import Predicate
from storage.accounts.tables import AccountRow
from storage.dialect import built, insert_for, insert_ignore, run
from storage.errors import repository
from storage.facts import facts
from storage.posts import convert
from storage.posts.listing import counted_row, likers_statement, with_counts
from storage.posts.tables import CommentRow, FeedItemRow, LikeRow, PostRow
from storage.privacy_sql import COMMENT_COLUMNS, LIKE_COLUMNS, POST_COLUMNS, comment_columns, compile_rule
from storage.social.tables import FriendshipRow


def _visible(viewer_id: int | None, rule: Predicate) -> Select[tuple[PostRow]]:
    return _visible_cached(rule, viewer_id is None)


# Statements depend only on the rule's shape (viewer and ids are bound parameters), so each is
# built once per process: constructing SQLAlchemy expressions costs more than running them.
@lru_cache(maxsize=256)
def _visible_cached(rule: Predicate, anonymous: bool) -> Select[tuple[PostRow]]:
    return (
        select(PostRow).join(AccountRow, AccountRow.id == PostRow.author_id)
        .where(compile_rule(rule, None if anonymous else 0, POST_COLUMNS))
    )


@lru_cache(maxsize=256)
def _one_visible(rule: Predicate, anonymous: bool) -> Select[tuple[PostRow]]:
    return _visible_cached(rule, anonymous).where(PostRow.id == bindparam("post_id"))


@lru_cache(maxsize=256)
def _by_author(rule: Predicate, anonymous: bool, paged: bool, kind: str | None) -> Select[tuple[PostRow]]:
    q = _visible_cached(rule, anonymous).where(PostRow.author_id == bindparam("author_id"))
    if kind is not None:
        q = q.where(PostRow.kind == kind)
    if paged:
        q = q.where(PostRow.id < bindparam("before"))
    return q.order_by(PostRow.id.desc()).limit(bindparam("limit"))


@lru_cache(maxsize=256)
def _feed(rule: Predicate, paged: bool) -> Select[tuple[PostRow]]:
    q = (
        select(PostRow).join(FeedItemRow, FeedItemRow.post_id == PostRow.id)
        .join(AccountRow, AccountRow.id == PostRow.author_id)
        .where(FeedItemRow.owner_id == bindparam("viewer_id"), compile_rule(rule, 0, POST_COLUMNS))
    )
    if paged:
        q = q.where(FeedItemRow.post_id < bindparam("before"))
    return q.order_by(FeedItemRow.post_id.desc()).limit(bindparam("limit"))


_AUTHOR = cast(bindparam("author_id"), BigInteger)
_POST = cast(bindparam("post_id"), BigInteger)
_FAN_OUT = insert(FeedItemRow).from_select(
    ["owner_id", "post_id", "author_id"],
    select(_AUTHOR, _POST, _AUTHOR).union_all(
        select(FriendshipRow.friend_id, _POST, _AUTHOR).where(FriendshipRow.account_id == _AUTHOR)
    ),
)


# Hot-path statements, built once (constructing SQLAlchemy statements costs more than running them).
_ADD_POST = insert(PostRow).values(
    author_id=bindparam("author_id"), kind=bindparam("kind"), title=bindparam("title"), body=bindparam("body"),
    visibility=bindparam("visibility"), circle_id=bindparam("circle_id"),
    shared_post_id=bindparam("shared_post_id"), status=bindparam("status"), created_at=bindparam("created_at"),
    edited_at=None, like_count=0, comment_count=0, share_count=0,
).returning(PostRow.id)
_ADD_COMMENT = insert(CommentRow).values(
    post_id=bindparam("post_id"), photo_id=bindparam("photo_id"), author_id=bindparam("author_id"),
    parent_id=bindparam("parent_id"),
    body=bindparam("body"), created_at=bindparam("created_at"),
).returning(CommentRow.id)
_COUNT_COMMENT = (update(PostRow).where(PostRow.id == bindparam("post_id"))
                  .values(comment_count=PostRow.comment_count + 1))
_COUNT_LIKE = (update(PostRow).where(PostRow.id == bindparam("post_id"))
               .values(like_count=PostRow.like_count + bindparam("delta")))
_HEAD = aliased(CommentRow, name="head")


def comment_shown(rule: Predicate, anonymous: bool) -> ColumnElement[bool]:
    """The comment rule for CommentRow, and for its thread head when it is a reply (photo counts use it too)."""
    viewer = None if anonymous else 0
    head_shown = exists(select(1).where(_HEAD.id == CommentRow.parent_id,
                                        compile_rule(rule, viewer, comment_columns(_HEAD))))
    return and_(compile_rule(rule, viewer, COMMENT_COLUMNS), or_(CommentRow.parent_id.is_(None), head_shown))


@lru_cache(maxsize=64)
def _comments(rule: Predicate, anonymous: bool) -> Select[tuple[CommentRow]]:
    return (select(CommentRow).where(CommentRow.post_id == bindparam("post_id"), comment_shown(rule, anonymous))
            .order_by(CommentRow.id).limit(bindparam("limit")))


@lru_cache(maxsize=64)
def _photo_comments(rule: Predicate, anonymous: bool) -> Select[tuple[CommentRow]]:
    return (select(CommentRow).where(CommentRow.photo_id == bindparam("photo_id"), comment_shown(rule, anonymous))
            .order_by(CommentRow.id).limit(bindparam("limit")))


@lru_cache(maxsize=64)
def _one_comment(rule: Predicate, anonymous: bool) -> Select[tuple[CommentRow]]:
    return select(CommentRow).where(CommentRow.id == bindparam("comment_id"), comment_shown(rule, anonymous))


@lru_cache(maxsize=64)
def _counts(comment_rule: Predicate, like_rule: Predicate, anonymous: bool) -> Select[Any]:
    viewer = None if anonymous else 0
    likes = (select(func.count()).select_from(LikeRow)
             .where(LikeRow.post_id == PostRow.id, compile_rule(like_rule, viewer, LIKE_COLUMNS)).scalar_subquery())
    comments = (select(func.count()).select_from(CommentRow)
                .where(CommentRow.post_id == PostRow.id, comment_shown(comment_rule, anonymous)).scalar_subquery())
    # Whether the viewer likes each post comes along (storage.facts): the like state a card shows next.
    liked = literal(False) if anonymous else exists().where(
        LikeRow.post_id == PostRow.id, LikeRow.account_id == bindparam("viewer_id"))
    return select(PostRow.id, likes, comments, liked).where(PostRow.id.in_(bindparam("post_ids", expanding=True)))


@lru_cache(maxsize=64)
def _listing(rule: Predicate, comment_rule: Predicate, like_rule: Predicate, anonymous: bool, paged: bool,
             kind: str | None) -> Select[Any]:
    return with_counts(_by_author(rule, anonymous, paged, kind), comment_shown(comment_rule, anonymous), like_rule,
                       anonymous)


@lru_cache(maxsize=64)
def _listed(rule: Predicate, comment_rule: Predicate, like_rule: Predicate, anonymous: bool) -> Select[Any]:
    shown = _visible_cached(rule, anonymous).where(PostRow.id.in_(bindparam("post_ids", expanding=True)))
    return with_counts(shown, comment_shown(comment_rule, anonymous), like_rule, anonymous)


_likers = lru_cache(maxsize=64)(likers_statement)
_UNLIKE = delete(LikeRow).where(LikeRow.post_id == bindparam("post_id"), LikeRow.account_id == bindparam("account_id"))


def _like(dialect: str) -> Any:
    return insert_for(dialect, LikeRow).values(
        post_id=bindparam("post_id"), account_id=bindparam("account_id"),
    ).on_conflict_do_nothing()


@repository
class SqlPostRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, post: Post) -> Post:
        post_id = (await run(self.s, _ADD_POST, dict(
            author_id=post.author_id, kind=post.kind.value, title=post.title, body=post.body,
            visibility=post.visibility.value, circle_id=post.circle_id,
            shared_post_id=post.shared_post_id, status=post.status.value, created_at=post.created_at,
        ))).scalar()
        assert post_id is not None
        if post.shared_post_id is not None:
            await self.s.execute(
                update(PostRow).where(PostRow.id == post.shared_post_id).values(share_count=PostRow.share_count + 1)
            )
        return dataclasses.replace(post, id=post_id)

    async def get(self, post_id: int) -> Post | None:
        row = await self.s.get(PostRow, post_id)
        return convert.post(row) if row else None

    async def get_visible(self, post_id: int, viewer_id: int | None, rule: Predicate) -> Post | None:
        row = await self.s.scalar(_one_visible(rule, viewer_id is None), {"viewer_id": viewer_id, "post_id": post_id})
        return convert.post(row) if row else None

    async def save(self, post: Post) -> None:
        await self.s.execute(update(PostRow).where(PostRow.id == post.id).values(
            body=post.body, title=post.title, visibility=post.visibility.value,
            circle_id=post.circle_id, status=post.status.value, edited_at=post.edited_at,
            comment_policy=post.comment_policy.value,
        ))

    async def delete(self, post_id: int) -> None:
        await self.s.execute(delete(PostRow).where(PostRow.id == post_id))

    async def by_author(
        self, author_id: int, viewer_id: int | None, rule: Predicate, *,
        before: int | None, limit: int, kind: PostKind | None = None,
    ) -> list[Post]:
        q = _by_author(rule, viewer_id is None, before is not None, kind.value if kind else None)
        params = {"viewer_id": viewer_id, "author_id": author_id, "before": before, "limit": limit}
        return [convert.post(r) for r in await self.s.scalars(q, params)]

    async def listing(
        self, author_id: int, viewer_id: int | None, rule: Predicate, comment_rule: Predicate, like_rule: Predicate,
        *, before: int | None, limit: int, kind: PostKind | None = None,
    ) -> list[tuple[Post, bool]]:
        q = _listing(rule, comment_rule, like_rule, viewer_id is None, before is not None, kind.value if kind else None)
        params = {"viewer_id": viewer_id, "author_id": author_id, "before": before, "limit": limit}
        return [counted_row(r) for r in await run(self.s, q, params)]

    async def listed(
        self, post_ids: list[int], viewer_id: int | None, rule: Predicate, comment_rule: Predicate,
        like_rule: Predicate,
    ) -> dict[int, tuple[Post, bool]]:
        if not post_ids:
            return {}
        params = {"viewer_id": viewer_id, "post_ids": post_ids}
        rows = await run(self.s, _listed(rule, comment_rule, like_rule, viewer_id is None), params)
        return {(found := counted_row(r))[0].id: found for r in rows}

    async def count_by_author(self, author_id: int, viewer_id: int | None, rule: Predicate) -> int:
        q = _visible(viewer_id, rule).where(PostRow.author_id == author_id)
        count = select(func.count()).select_from(q.subquery())
        return int(await self.s.scalar(count, {"viewer_id": viewer_id}) or 0)

    async def feed(self, viewer_id: int, rule: Predicate, *, before: int | None, limit: int) -> list[Post]:
        params = {"viewer_id": viewer_id, "before": before, "limit": limit}
        return [convert.post(r) for r in await self.s.scalars(_feed(rule, before is not None), params)]

    @staticmethod
    def feed_query(rule: Predicate, paged: bool = False) -> Select[tuple[PostRow]]:
        """The feed statement itself (parameters viewer_id, before, limit), for EXPLAIN in benchmarks."""
        return _feed(rule, paged)

    async def fan_out(self, post: Post) -> None:
        # Every friend gets the candidate whatever the visibility; reading applies privacy,
        # so later circle or friendship changes take effect without rewriting inboxes.
        # Through the Core connection: an ORM session would take parameters to an INSERT as a bulk insert.
        conn = await self.s.connection()
        await conn.execute(_FAN_OUT, {"author_id": post.author_id, "post_id": post.id})

    async def backfill_feed(self, owner_id: int, author_id: int, limit: int) -> None:
        recent = (
            select(literal(owner_id), PostRow.id, PostRow.author_id)
            .where(PostRow.author_id == author_id).order_by(PostRow.id.desc()).limit(limit)
        )
        await self.s.execute(insert_ignore(self.s, FeedItemRow).from_select(["owner_id", "post_id", "author_id"], recent))

    async def drop_from_feed(self, owner_id: int, author_id: int) -> None:
        await self.s.execute(delete(FeedItemRow).where(FeedItemRow.owner_id == owner_id, FeedItemRow.author_id == author_id))

    async def add_comment(self, comment: Comment) -> Comment:
        comment_id = (await run(self.s, _ADD_COMMENT, dict(
            post_id=comment.post_id, photo_id=comment.photo_id, author_id=comment.author_id,
            parent_id=comment.parent_id, body=comment.body, created_at=comment.created_at,
        ))).scalar()
        if comment.post_id is not None:  # photos keep no comment tally: theirs are counted when read
            await run(self.s, _COUNT_COMMENT, {"post_id": comment.post_id})
        assert comment_id is not None
        return dataclasses.replace(comment, id=comment_id)

    async def get_comment(self, comment_id: int) -> Comment | None:
        row = await self.s.get(CommentRow, comment_id)
        return convert.comment(row) if row else None

    async def comments(self, post_id: int, viewer_id: int | None, rule: Predicate, limit: int = 200) -> list[Comment]:
        params = {"post_id": post_id, "viewer_id": viewer_id, "limit": limit}
        return [convert.comment(r) for r in await self.s.scalars(_comments(rule, viewer_id is None), params)]

    async def photo_comments(self, photo_id: int, viewer_id: int | None, rule: Predicate,
                             limit: int = 200) -> list[Comment]:
        params = {"photo_id": photo_id, "viewer_id": viewer_id, "limit": limit}
        return [convert.comment(r) for r in await self.s.scalars(_photo_comments(rule, viewer_id is None), params)]

    async def get_comment_visible(self, comment_id: int, viewer_id: int | None, rule: Predicate) -> Comment | None:
        params = {"comment_id": comment_id, "viewer_id": viewer_id}
        row = await self.s.scalar(_one_comment(rule, viewer_id is None), params)
        return convert.comment(row) if row else None

    async def delete_comment(self, comment: Comment) -> list[int]:
        # Replies go with their thread head; the stored tally keeps counting what exists.
        ids = list(await self.s.scalars(
            select(CommentRow.id).where(or_(CommentRow.id == comment.id, CommentRow.parent_id == comment.id))
        ))
        await self.s.execute(delete(CommentRow).where(CommentRow.id.in_(ids)))
        if comment.post_id is not None:
            await self.s.execute(update(PostRow).where(PostRow.id == comment.post_id)
                                 .values(comment_count=PostRow.comment_count - len(ids)))
        return ids

    async def set_comment_status(self, comment_id: int, status: str) -> None:
        await self.s.execute(update(CommentRow).where(CommentRow.id == comment_id).values(status=status))

    async def visible_counts(
        self, post_ids: list[int], viewer_id: int | None, comment_rule: Predicate, like_rule: Predicate,
    ) -> dict[int, tuple[int, int]]:
        if not post_ids:
            return {}
        q = _counts(comment_rule, like_rule, viewer_id is None)
        rows = (await self.s.execute(q, {"post_ids": post_ids, "viewer_id": viewer_id})).all()
        if viewer_id is not None:
            known, liked = facts(self.s).likes.setdefault(viewer_id, (set(), set()))
            known.update(r[0] for r in rows)
            liked.difference_update(r[0] for r in rows)
            liked.update(r[0] for r in rows if r[3])
        return {pid: (int(likes), int(comments)) for pid, likes, comments, _liked in rows}

    async def like(self, post_id: int, account_id: int) -> bool:
        params = {"post_id": post_id, "account_id": account_id}
        self._knows_like(post_id, account_id, True)
        if (await run(self.s, built(self.s, "like", _like), params)).rowcount != 1:
            return False  # liked before: likes are idempotent
        await run(self.s, _COUNT_LIKE, {"post_id": post_id, "delta": 1})
        return True

    async def unlike(self, post_id: int, account_id: int) -> bool:
        self._knows_like(post_id, account_id, False)
        if (await run(self.s, _UNLIKE, {"post_id": post_id, "account_id": account_id})).rowcount != 1:
            return False
        await run(self.s, _COUNT_LIKE, {"post_id": post_id, "delta": -1})
        return True

    def _knows_like(self, post_id: int, account_id: int, liked: bool) -> None:
        known, likes = facts(self.s).likes.setdefault(account_id, (set(), set()))
        known.add(post_id)
        (likes.add if liked else likes.discard)(post_id)

    async def likers(self, post_id: int, viewer_id: int | None, rule: Predicate, limit: int) -> tuple[list[int], int]:
        # The total rides on each row (a window is counted before LIMIT): one statement, not two.
        rows = (await run(self.s, _likers(rule, viewer_id is None),
                          {"viewer_id": viewer_id, "post_id": post_id, "limit": limit})).all()
        return [r[0] for r in rows], int(rows[0][1]) if rows else 0

    async def liked_by(self, post_ids: list[int], account_id: int) -> set[int]:
        known, likes = facts(self.s).likes.get(account_id, (set(), set()))
        if known.issuperset(post_ids):
            return {p for p in post_ids if p in likes}  # read with their counts (visible_counts), or done here
        rows = await self.s.scalars(
            select(LikeRow.post_id).where(LikeRow.account_id == account_id, LikeRow.post_id.in_(post_ids))
        )
        return set(rows)
