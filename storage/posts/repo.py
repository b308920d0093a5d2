"""Posts, the feed inbox, comments and likes on SQLAlchemy (the statements: storage.posts.statements)."""

from __future__ import annotations

import dataclasses

from sqlalchemy import Select, delete, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Account, Comment, Post, PostKind
from core.privacy import Predicate
from storage.dialect import built, dialect_name, insert_ignore, run, took_account_lock
from storage.errors import repository
from storage.facts import facts
from storage.posts import authored, convert, statements as st
from storage.posts.listing import counted_row
from storage.posts.tables import CommentRow, FeedItemRow, LikeRow, PostRow
from storage.prepared import fetch, prepared


def _new_post(post: Post) -> dict[str, object]:
    return dict(author_id=post.author_id, kind=post.kind.value, title=post.title, body=post.body,
                visibility=post.visibility.value, circle_id=post.circle_id, shared_post_id=post.shared_post_id,
                status=post.status.value, created_at=post.created_at, comment_policy=post.comment_policy.value,
                body_html=post.body_html)


# A new post's statements run on every /post, /blog and /share: compiled once (storage.prepared).
_ADD_POST, _FAN_OUT = prepared(st.ADD_POST), prepared(st.FAN_OUT)


@repository
class SqlPostRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, post: Post) -> Post:
        [(post_id,)] = await fetch(self.s, _ADD_POST, _new_post(post))
        return await self._stored(post, post_id)

    async def publish(self, post: Post) -> Post:
        if dialect_name(self.s) != "postgresql":  # SQLite has no INSERT inside a WITH: two statements
            stored = await self.add(post)
            await self.fan_out(stored)
            return stored
        [(post_id,)] = await fetch(self.s, prepared(st.published()), _new_post(post))
        took_account_lock(self.s, post.author_id)
        return await self._stored(post, post_id)

    async def _stored(self, post: Post, post_id: int) -> Post:
        if post.shared_post_id is not None:
            await self.s.execute(
                update(PostRow).where(PostRow.id == post.shared_post_id).values(share_count=PostRow.share_count + 1)
            )
        return dataclasses.replace(post, id=post_id)

    async def get(self, post_id: int) -> Post | None:
        row = await self.s.get(PostRow, post_id)
        return convert.post(row) if row else None

    async def get_visible(self, post_id: int, viewer_id: int | None, rule: Predicate) -> Post | None:
        row = await self.s.scalar(st.one_visible(rule, viewer_id is None), {"viewer_id": viewer_id, "post_id": post_id})
        return convert.post(row) if row else None

    async def save(self, post: Post) -> None:
        await self.s.execute(update(PostRow).where(PostRow.id == post.id).values(
            body=post.body, title=post.title, visibility=post.visibility.value,
            circle_id=post.circle_id, status=post.status.value, edited_at=post.edited_at,
            comment_policy=post.comment_policy.value, body_html=post.body_html,
        ))

    async def delete(self, post_id: int) -> None:
        await self.s.execute(delete(PostRow).where(PostRow.id == post_id))

    async def by_author(
        self, author_id: int, viewer_id: int | None, rule: Predicate, *,
        before: int | None, limit: int, kind: PostKind | None = None,
    ) -> list[Post]:
        q = st.by_author(rule, viewer_id is None, before is not None, kind.value if kind else None)
        params = {"viewer_id": viewer_id, "author_id": author_id, "before": before, "limit": limit}
        return [convert.post(r) for r in await self.s.scalars(q, params)]

    async def listing(
        self, author_id: int, viewer_id: int | None, rule: Predicate, comment_rule: Predicate, like_rule: Predicate,
        *, before: int | None, limit: int, kind: PostKind | None = None,
    ) -> list[tuple[Post, bool]]:
        q = st.listing(rule, comment_rule, like_rule, viewer_id is None, before is not None, kind.value if kind else None)
        params = {"viewer_id": viewer_id, "author_id": author_id, "before": before, "limit": limit}
        return [counted_row(r) for r in await run(self.s, q, params)]

    async def listed(
        self, post_ids: list[int], viewer_id: int | None, rule: Predicate, comment_rule: Predicate,
        like_rule: Predicate,
    ) -> dict[int, tuple[Post, bool]]:
        if not post_ids:
            return {}
        params = {"viewer_id": viewer_id, "post_ids": post_ids}
        rows = await run(self.s, st.listed(rule, comment_rule, like_rule, viewer_id is None), params)
        return {(found := counted_row(r))[0].id: found for r in rows}

    async def count_by_author(self, author_id: int, viewer_id: int | None, rule: Predicate) -> int:
        return int(await self.s.scalar(st.tallied(rule, viewer_id is None),
                                       {"viewer_id": viewer_id, "author_id": author_id}) or 0)

    async def feed(self, viewer_id: int, rule: Predicate, *, before: int | None, limit: int) -> list[Post]:
        params = {"viewer_id": viewer_id, "before": before, "limit": limit}
        return [convert.post(r) for r in await self.s.scalars(st.feed(rule, before is not None), params)]

    async def feed_listing(
        self, viewer_id: int, rule: Predicate, comment_rule: Predicate, like_rule: Predicate, *,
        before: int | None, limit: int,
    ) -> list[tuple[Post, bool, Account]]:
        params = {"viewer_id": viewer_id, "before": before, "limit": limit}
        rows = await run(self.s, authored.feed(rule, comment_rule, like_rule, before is not None), params)
        return [authored.authored_row(r) for r in rows]

    @staticmethod
    def feed_query(rule: Predicate, paged: bool = False) -> Select[tuple[PostRow]]:
        """The feed statement itself (parameters viewer_id, before, limit), for EXPLAIN in benchmarks."""
        return st.feed(rule, paged)

    async def fan_out(self, post: Post) -> None:
        # Every friend gets the candidate whatever the visibility; reading applies privacy,
        # so later circle or friendship changes take effect without rewriting inboxes.
        # Through the Core connection: an ORM session would take parameters to an INSERT as a bulk insert.
        await fetch(self.s, _FAN_OUT, {"author_id": post.author_id, "post_id": post.id})

    async def unrendered(self, made_with: str, first_id: int, last_id: int, limit: int) -> list[tuple[int, str]]:
        html = PostRow.body_html
        rows = await self.s.execute(
            select(PostRow.id, PostRow.body).where(
                PostRow.id.between(first_id, last_id),  # a range of the key: each batch reads that much, no more
                or_(html.is_(None), func.substr(html, 1, len(made_with)) != made_with),
            ).order_by(PostRow.id).limit(limit)
        )
        return [(post_id, body) for post_id, body in rows]

    async def store_html(self, post_id: int, body: str, html: str) -> bool:
        done = await self.s.execute(
            update(PostRow).where(PostRow.id == post_id, PostRow.body == body).values(body_html=html)
            .execution_options(synchronize_session=False)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    async def last_id(self) -> int:
        return await self.s.scalar(select(func.coalesce(func.max(PostRow.id), 0))) or 0

    async def backfill_feed(self, owner_id: int, author_id: int, limit: int) -> None:
        recent = (
            select(literal(owner_id), PostRow.id, PostRow.author_id)
            .where(PostRow.author_id == author_id).order_by(PostRow.id.desc()).limit(limit)
        )
        await self.s.execute(insert_ignore(self.s, FeedItemRow).from_select(["owner_id", "post_id", "author_id"], recent))

    async def drop_from_feed(self, owner_id: int, author_id: int) -> None:
        await self.s.execute(delete(FeedItemRow).where(FeedItemRow.owner_id == owner_id, FeedItemRow.author_id == author_id))

    async def add_comment(self, comment: Comment) -> Comment:
        comment_id = (await run(self.s, st.ADD_COMMENT, dict(
            post_id=comment.post_id, photo_id=comment.photo_id, author_id=comment.author_id,
            parent_id=comment.parent_id, body=comment.body, created_at=comment.created_at,
        ))).scalar()
        if comment.post_id is not None:  # photos keep no comment tally: theirs are counted when read
            await run(self.s, st.COUNT_COMMENT, {"post_id": comment.post_id})
        assert comment_id is not None
        return dataclasses.replace(comment, id=comment_id)

    async def add_comment_shown(self, comment: Comment, rule: Predicate) -> tuple[Comment, Post] | None:
        assert comment.post_id is not None and comment.parent_id is None and comment.photo_id is None
        params = {"post_id": comment.post_id, "viewer_id": comment.author_id, "body": comment.body,
                  "created_at": comment.created_at}
        if dialect_name(self.s) == "postgresql":  # the comment and the post's tally in one statement
            found = (await run(self.s, st.comment_counted(rule), {
                "post_id": comment.post_id, "viewer_id": comment.author_id, "comment_body": comment.body,
                "comment_at": comment.created_at})).first()
            if found is None:
                return None
            return dataclasses.replace(comment, id=found.comment_id), convert.post(found)
        comment_id = (await run(self.s, st.comment_shown_to(rule), params)).scalar()
        if comment_id is None:
            return None
        post = (await run(self.s, st.COUNTED_COMMENT, {"post_id": comment.post_id})).one()
        return dataclasses.replace(comment, id=comment_id), convert.post(post)

    async def get_comment(self, comment_id: int) -> Comment | None:
        row = await self.s.get(CommentRow, comment_id)
        return convert.comment(row) if row else None

    async def comments(self, post_id: int, viewer_id: int | None, rule: Predicate, limit: int = 200) -> list[Comment]:
        params = {"post_id": post_id, "viewer_id": viewer_id, "limit": limit}
        return [convert.comment(r) for r in await self.s.scalars(st.comments(rule, viewer_id is None), params)]

    async def photo_comments(self, photo_id: int, viewer_id: int | None, rule: Predicate,
                             limit: int = 200) -> list[Comment]:
        params = {"photo_id": photo_id, "viewer_id": viewer_id, "limit": limit}
        return [convert.comment(r) for r in await self.s.scalars(st.photo_comments(rule, viewer_id is None), params)]

    async def get_comment_visible(self, comment_id: int, viewer_id: int | None, rule: Predicate) -> Comment | None:
        params = {"comment_id": comment_id, "viewer_id": viewer_id}
        row = await self.s.scalar(st.one_comment(rule, viewer_id is None), params)
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
        q = st.counts(comment_rule, like_rule, viewer_id is None)
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
        if (await run(self.s, built(self.s, "like", st.like), params)).rowcount != 1:
            return False  # liked before: likes are idempotent
        await run(self.s, st.COUNT_LIKE, {"post_id": post_id, "delta": 1})
        return True

    async def like_shown(
        self, post_id: int, viewer_id: int, rule: Predicate, comment_rule: Predicate, like_rule: Predicate,
    ) -> tuple[Post, Account, bool] | None:
        params = {"post_id": post_id, "viewer_id": viewer_id}
        if dialect_name(self.s) == "postgresql":  # the like, the post's tally and the reply's row in one statement
            row = (await run(self.s, authored.liked(rule, comment_rule, like_rule),
                             {**params, "post_ids": [post_id]})).first()
            if row is None:
                return None  # the rule hides the post: nothing was stored
            new = bool(row.fresh)
        else:  # SQLite has no INSERT inside a WITH: three statements
            new = (await run(self.s, st.like_shown(rule, "sqlite"), params)).first() is not None
            if new:
                await run(self.s, st.COUNT_LIKE, {"post_id": post_id, "delta": 1})
            # The reply's post, counted, and its author; None when the rule hides it (nothing was stored then).
            row = (await run(self.s, authored.listed(rule, comment_rule, like_rule),
                             {"post_ids": [post_id], "viewer_id": viewer_id})).first()
            if row is None:
                return None
        post, liked, author = authored.authored_row(row)
        self._knows_like(post_id, viewer_id, liked)
        return post, author, new

    async def unlike(self, post_id: int, account_id: int) -> bool:
        self._knows_like(post_id, account_id, False)
        if (await run(self.s, st.UNLIKE, {"post_id": post_id, "account_id": account_id})).rowcount != 1:
            return False
        await run(self.s, st.COUNT_LIKE, {"post_id": post_id, "delta": -1})
        return True

    def _knows_like(self, post_id: int, account_id: int, liked: bool) -> None:
        known, likes = facts(self.s).likes.setdefault(account_id, (set(), set()))
        known.add(post_id)
        (likes.add if liked else likes.discard)(post_id)

    async def likers(self, post_id: int, viewer_id: int | None, rule: Predicate, limit: int) -> tuple[list[int], int]:
        # The total rides on each row (a window is counted before LIMIT): one statement, not two.
        rows = (await run(self.s, st.likers(rule, viewer_id is None),
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
