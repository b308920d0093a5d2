"""Posts, the feed inbox, comments and likes on SQLAlchemy."""

from __future__ import annotations

from sqlalchemy import Select, delete, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Comment, Post, PostKind
from core.privacy import Predicate
from storage import convert
from storage.dialect import insert_ignore
from storage.privacy_sql import POST_COLUMNS, compile_rule
from storage.tables import AccountRow, CommentRow, FeedItemRow, FriendshipRow, LikeRow, PostRow


def _visible(viewer_id: int | None, rule: Predicate) -> Select[tuple[PostRow]]:
    return (
        select(PostRow).join(AccountRow, AccountRow.id == PostRow.author_id)
        .where(compile_rule(rule, viewer_id, POST_COLUMNS))
    )


class SqlPostRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, post: Post) -> Post:
        row = PostRow(
            author_id=post.author_id, kind=post.kind.value, title=post.title, body=post.body,
            visibility=post.visibility.value, circle_id=post.circle_id,
            shared_post_id=post.shared_post_id, status=post.status.value, created_at=post.created_at,
            edited_at=None, like_count=0, comment_count=0, share_count=0,
        )
        self.s.add(row)
        await self.s.flush()
        if post.shared_post_id is not None:
            await self.s.execute(
                update(PostRow).where(PostRow.id == post.shared_post_id).values(share_count=PostRow.share_count + 1)
            )
        return convert.post(row)

    async def get(self, post_id: int) -> Post | None:
        row = await self.s.get(PostRow, post_id)
        return convert.post(row) if row else None

    async def get_visible(self, post_id: int, viewer_id: int | None, rule: Predicate) -> Post | None:
        row = await self.s.scalar(_visible(viewer_id, rule).where(PostRow.id == post_id))
        return convert.post(row) if row else None

    async def save(self, post: Post) -> None:
        await self.s.execute(update(PostRow).where(PostRow.id == post.id).values(
            body=post.body, title=post.title, visibility=post.visibility.value,
            circle_id=post.circle_id, status=post.status.value, edited_at=post.edited_at,
        ))

    async def delete(self, post_id: int) -> None:
        await self.s.execute(delete(PostRow).where(PostRow.id == post_id))

    async def by_author(
        self, author_id: int, viewer_id: int | None, rule: Predicate, *,
        before: int | None, limit: int, kind: PostKind | None = None,
    ) -> list[Post]:
        q = _visible(viewer_id, rule).where(PostRow.author_id == author_id)
        if kind is not None:
            q = q.where(PostRow.kind == kind.value)
        if before is not None:
            q = q.where(PostRow.id < before)
        rows = await self.s.scalars(q.order_by(PostRow.id.desc()).limit(limit))
        return [convert.post(r) for r in rows]

    async def count_by_author(self, author_id: int, viewer_id: int | None, rule: Predicate) -> int:
        q = _visible(viewer_id, rule).where(PostRow.author_id == author_id)
        return int(await self.s.scalar(select(func.count()).select_from(q.subquery())) or 0)

    async def feed(self, viewer_id: int, rule: Predicate, *, before: int | None, limit: int) -> list[Post]:
        q = (
            select(PostRow)
            .join(FeedItemRow, FeedItemRow.post_id == PostRow.id)
            .join(AccountRow, AccountRow.id == PostRow.author_id)
            .where(FeedItemRow.owner_id == viewer_id, compile_rule(rule, viewer_id, POST_COLUMNS))
        )
        if before is not None:
            q = q.where(FeedItemRow.post_id < before)
        rows = await self.s.scalars(q.order_by(FeedItemRow.post_id.desc()).limit(limit))
        return [convert.post(r) for r in rows]

    def feed_query(self, viewer_id: int, rule: Predicate, limit: int) -> Select[tuple[PostRow]]:
        """The feed statement itself, for EXPLAIN in benchmarks."""
        return (
            select(PostRow).join(FeedItemRow, FeedItemRow.post_id == PostRow.id)
            .join(AccountRow, AccountRow.id == PostRow.author_id)
            .where(FeedItemRow.owner_id == viewer_id, compile_rule(rule, viewer_id, POST_COLUMNS))
            .order_by(FeedItemRow.post_id.desc()).limit(limit)
        )

    async def fan_out(self, post: Post) -> None:
        # Every friend gets the candidate whatever the visibility; reading applies privacy,
        # so later circle or friendship changes take effect without rewriting inboxes.
        await self.s.execute(insert(FeedItemRow).values(owner_id=post.author_id, post_id=post.id, author_id=post.author_id))
        await self.s.execute(insert(FeedItemRow).from_select(
            ["owner_id", "post_id", "author_id"],
            select(FriendshipRow.friend_id, literal(post.id), literal(post.author_id))
            .where(FriendshipRow.account_id == post.author_id),
        ))

    async def backfill_feed(self, owner_id: int, author_id: int, limit: int) -> None:
        recent = (
            select(literal(owner_id), PostRow.id, PostRow.author_id)
            .where(PostRow.author_id == author_id).order_by(PostRow.id.desc()).limit(limit)
        )
        await self.s.execute(insert_ignore(self.s, FeedItemRow).from_select(["owner_id", "post_id", "author_id"], recent))

    async def drop_from_feed(self, owner_id: int, author_id: int) -> None:
        await self.s.execute(delete(FeedItemRow).where(FeedItemRow.owner_id == owner_id, FeedItemRow.author_id == author_id))

    async def add_comment(self, comment: Comment) -> Comment:
        row = CommentRow(
            post_id=comment.post_id, author_id=comment.author_id, parent_id=comment.parent_id,
            body=comment.body, created_at=comment.created_at,
        )
        self.s.add(row)
        await self.s.flush()
        await self.s.execute(
            update(PostRow).where(PostRow.id == comment.post_id).values(comment_count=PostRow.comment_count + 1)
        )
        return convert.comment(row)

    async def get_comment(self, comment_id: int) -> Comment | None:
        row = await self.s.get(CommentRow, comment_id)
        return convert.comment(row) if row else None

    async def comments(self, post_id: int, limit: int = 200) -> list[Comment]:
        rows = await self.s.scalars(
            select(CommentRow).where(CommentRow.post_id == post_id).order_by(CommentRow.id).limit(limit)
        )
        return [convert.comment(r) for r in rows]

    async def like(self, post_id: int, account_id: int) -> bool:
        result = await self.s.execute(insert_ignore(self.s, LikeRow).values(post_id=post_id, account_id=account_id))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        await self.s.execute(update(PostRow).where(PostRow.id == post_id).values(like_count=PostRow.like_count + 1))
        return True

    async def unlike(self, post_id: int, account_id: int) -> bool:
        result = await self.s.execute(delete(LikeRow).where(LikeRow.post_id == post_id, LikeRow.account_id == account_id))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        await self.s.execute(update(PostRow).where(PostRow.id == post_id).values(like_count=PostRow.like_count - 1))
        return True

    async def liked_by(self, post_ids: list[int], account_id: int) -> set[int]:
        rows = await self.s.scalars(
            select(LikeRow.post_id).where(LikeRow.account_id == account_id, LikeRow.post_id.in_(post_ids))
        )
        return set(rows)
