"""Posts, the feed inbox, comments and likes in memory (storage/posts.py's semantics).

Listings are filtered by tests.fakes.seeing (core.privacy.evaluate over each row's facts),
newest first with keyset pagination (`id < before`), as the SQL statements order and page.
"""

from __future__ import annotations

import dataclasses

from dataclasses import replace

from core.model import Account, Comment, Post, PostKind, PostStatus
from core.privacy import Predicate
from tests.fakes import seeing
from tests.fakes.tables import Store, Tables, clash


def _visible(t: Tables, viewer_id: int | None, rule: Predicate, posts: list[Post]) -> list[Post]:
    return [replace(p) for p in posts if p.author_id in t.accounts and seeing.shows_post(t, p, viewer_id, rule)]


def _count(t: Tables, post_id: int, **deltas: int) -> None:
    if (p := t.posts.get(post_id)) is not None:
        t.posts[post_id] = replace(p, **{k: getattr(p, k) + d for k, d in deltas.items()})


class MemoryPostRepo:
    def __init__(self, uow: Store) -> None:
        self.uow = uow

    async def add(self, post: Post) -> Post:
        t = await self.uow.write()
        stored = replace(post, id=t.next_id("posts"), edited_at=None, like_count=0, comment_count=0, share_count=0)
        t.posts[stored.id] = stored
        if post.shared_post_id is not None:
            _count(t, post.shared_post_id, share_count=1)
        return replace(post, id=stored.id)

    async def get(self, post_id: int) -> Post | None:
        found = self.uow.read.posts.get(post_id)
        return replace(found) if found else None

    async def get_visible(self, post_id: int, viewer_id: int | None, rule: Predicate) -> Post | None:
        t = self.uow.read
        found = _visible(t, viewer_id, rule, [t.posts[post_id]] if post_id in t.posts else [])
        return found[0] if found else None

    async def save(self, post: Post) -> None:
        t = await self.uow.write()
        if (old := t.posts.get(post.id)) is not None:
            t.posts[post.id] = replace(old, body=post.body, title=post.title, visibility=post.visibility,
                                       circle_id=post.circle_id, status=post.status, edited_at=post.edited_at,
                                       comment_policy=post.comment_policy, body_html=post.body_html)

    async def delete(self, post_id: int) -> None:
        (await self.uow.write()).delete_post(post_id)

    async def by_author(
        self, author_id: int, viewer_id: int | None, rule: Predicate, *,
        before: int | None, limit: int, kind: PostKind | None = None,
    ) -> list[Post]:
        t = self.uow.read
        mine = [p for p in t.posts.values() if p.author_id == author_id and (kind is None or p.kind is kind)
                and (before is None or p.id < before)]
        return _visible(t, viewer_id, rule, sorted(mine, key=lambda p: -p.id))[:limit]

    async def listing(
        self, author_id: int, viewer_id: int | None, rule: Predicate, comment_rule: Predicate, like_rule: Predicate,
        *, before: int | None, limit: int, kind: PostKind | None = None,
    ) -> list[tuple[Post, bool]]:
        found = await self.by_author(author_id, viewer_id, rule, before=before, limit=limit, kind=kind)
        counts = await self.visible_counts([p.id for p in found], viewer_id, comment_rule, like_rule)
        liked = await self.liked_by([p.id for p in found], viewer_id) if viewer_id is not None else set()
        return [(dataclasses.replace(p, like_count=counts[p.id][0], comment_count=counts[p.id][1]), p.id in liked)
                for p in found]

    async def listed(
        self, post_ids: list[int], viewer_id: int | None, rule: Predicate, comment_rule: Predicate,
        like_rule: Predicate,
    ) -> dict[int, tuple[Post, bool]]:
        t = self.uow.read
        shown = _visible(t, viewer_id, rule, [t.posts[i] for i in dict.fromkeys(post_ids) if i in t.posts])
        counts = await self.visible_counts([p.id for p in shown], viewer_id, comment_rule, like_rule)
        liked = await self.liked_by([p.id for p in shown], viewer_id) if viewer_id is not None else set()
        return {p.id: (dataclasses.replace(p, like_count=counts[p.id][0], comment_count=counts[p.id][1]), p.id in liked)
                for p in shown}

    async def count_by_author(self, author_id: int, viewer_id: int | None, rule: Predicate) -> int:
        t = self.uow.read
        return len(_visible(t, viewer_id, rule, [p for p in t.posts.values() if p.author_id == author_id]))

    async def feed(self, viewer_id: int, rule: Predicate, *, before: int | None, limit: int) -> list[Post]:
        t = self.uow.read
        ids = sorted((p for o, p in t.feed if o == viewer_id and (before is None or p < before)), reverse=True)
        return _visible(t, viewer_id, rule, [t.posts[i] for i in ids if i in t.posts])[:limit]

    async def feed_listing(
        self, viewer_id: int, rule: Predicate, comment_rule: Predicate, like_rule: Predicate, *,
        before: int | None, limit: int,
    ) -> list[tuple[Post, bool, Account]]:
        page = await self.feed(viewer_id, rule, before=before, limit=limit)
        counts = await self.visible_counts([p.id for p in page], viewer_id, comment_rule, like_rule)
        liked = await self.liked_by([p.id for p in page], viewer_id)
        t = self.uow.read
        return [(replace(p, like_count=counts[p.id][0], comment_count=counts[p.id][1]), p.id in liked,
                 replace(t.accounts[p.author_id])) for p in page]

    async def publish(self, post: Post) -> Post:
        stored = await self.add(post)
        await self.fan_out(stored)
        return stored

    async def fan_out(self, post: Post) -> None:
        # Every friend gets the candidate whatever the visibility: reading applies privacy.
        t = await self.uow.write()
        owners = [post.author_id, *(b for a, b in t.friendships if a == post.author_id)]
        if any((owner, post.id) in t.feed for owner in owners):
            raise clash()  # a plain INSERT … SELECT: fan-out happens once per post
        for owner in owners:
            t.feed[(owner, post.id)] = post.author_id

    async def backfill_feed(self, owner_id: int, author_id: int, limit: int) -> None:
        t = await self.uow.write()
        recent = sorted((p.id for p in t.posts.values() if p.author_id == author_id), reverse=True)[:limit]
        for post_id in recent:
            t.feed.setdefault((owner_id, post_id), author_id)

    async def drop_from_feed(self, owner_id: int, author_id: int) -> None:
        t = await self.uow.write()
        t.feed = {k: a for k, a in t.feed.items() if not (k[0] == owner_id and a == author_id)}

    async def add_comment(self, comment: Comment) -> Comment:
        t = await self.uow.write()
        comment_id = t.next_id("comments")
        if (comment.post_id is None) == (comment.photo_id is None) or (
                comment.photo_id is not None and comment.photo_id not in t.photos):
            raise clash()  # the CHECK (exactly one subject) and the foreign key, as the database has them
        t.comments[comment_id] = replace(comment, id=comment_id, status=PostStatus.ACTIVE)
        if comment.post_id is not None:
            _count(t, comment.post_id, comment_count=1)
        return replace(comment, id=comment_id)

    async def add_comment_shown(self, comment: Comment, rule: Predicate) -> tuple[Comment, Post] | None:
        assert comment.post_id is not None and comment.parent_id is None and comment.photo_id is None
        t = self.uow.read
        if (post := t.posts.get(comment.post_id)) is None or not _visible(t, comment.author_id, rule, [post]):
            return None
        stored = await self.add_comment(comment)
        return stored, replace(self.uow.read.posts[comment.post_id])

    async def get_comment(self, comment_id: int) -> Comment | None:
        return self.uow.read.comments.get(comment_id)

    async def comments(self, post_id: int, viewer_id: int | None, rule: Predicate, limit: int = 200) -> list[Comment]:
        t = self.uow.read
        mine = sorted((c for c in t.comments.values() if c.post_id == post_id and c.photo_id is None),
                      key=lambda c: c.id)
        return [c for c in mine if seeing.shows_comment(t, c, viewer_id, rule)][:limit]

    async def photo_comments(self, photo_id: int, viewer_id: int | None, rule: Predicate,
                             limit: int = 200) -> list[Comment]:
        t = self.uow.read
        mine = sorted((c for c in t.comments.values() if c.photo_id == photo_id), key=lambda c: c.id)
        return [c for c in mine if seeing.shows_comment(t, c, viewer_id, rule)][:limit]

    async def get_comment_visible(self, comment_id: int, viewer_id: int | None, rule: Predicate) -> Comment | None:
        t = self.uow.read
        found = t.comments.get(comment_id)
        return found if found is not None and seeing.shows_comment(t, found, viewer_id, rule) else None

    async def delete_comment(self, comment: Comment) -> list[int]:
        # Replies go with their thread head; the stored tally keeps counting what exists.
        t = await self.uow.write()
        ids = sorted(c.id for c in t.comments.values() if comment.id in (c.id, c.parent_id))
        t.delete_comments(ids)
        if comment.post_id is not None:
            _count(t, comment.post_id, comment_count=-len(ids))
        return ids

    async def set_comment_status(self, comment_id: int, status: str) -> None:
        t = await self.uow.write()
        if (c := t.comments.get(comment_id)) is not None:
            t.comments[comment_id] = replace(c, status=PostStatus(status))

    async def visible_counts(
        self, post_ids: list[int], viewer_id: int | None, comment_rule: Predicate, like_rule: Predicate,
    ) -> dict[int, tuple[int, int]]:
        t = self.uow.read
        out: dict[int, tuple[int, int]] = {}
        for post_id in (i for i in post_ids if i in t.posts):
            likes = sum(1 for p, a in t.likes if p == post_id and seeing.shows_person(t, a, viewer_id, like_rule))
            comments = sum(1 for c in t.comments.values()
                           if c.post_id == post_id and seeing.shows_comment(t, c, viewer_id, comment_rule))
            out[post_id] = (likes, comments)
        return out

    async def like(self, post_id: int, account_id: int) -> bool:
        t = await self.uow.write()
        if (post_id, account_id) in t.likes:
            return False  # liked before: likes are idempotent
        t.likes.add((post_id, account_id))
        _count(t, post_id, like_count=1)
        return True

    async def like_shown(
        self, post_id: int, viewer_id: int, rule: Predicate, comment_rule: Predicate, like_rule: Predicate,
    ) -> tuple[Post, Account, bool] | None:
        t = self.uow.read
        if (post := t.posts.get(post_id)) is None or not _visible(t, viewer_id, rule, [post]):
            return None
        new = await self.like(post_id, viewer_id)
        t = self.uow.read
        likes, comments = (await self.visible_counts([post_id], viewer_id, comment_rule, like_rule))[post_id]
        return replace(t.posts[post_id], like_count=likes, comment_count=comments), replace(t.accounts[post.author_id]), new

    async def unlike(self, post_id: int, account_id: int) -> bool:
        t = await self.uow.write()
        if (post_id, account_id) not in t.likes:
            return False
        t.likes.discard((post_id, account_id))
        _count(t, post_id, like_count=-1)
        return True

    async def likers(self, post_id: int, viewer_id: int | None, rule: Predicate, limit: int) -> tuple[list[int], int]:
        t = self.uow.read
        shown = sorted(a for p, a in t.likes if p == post_id and seeing.shows_person(t, a, viewer_id, rule))
        return shown[:limit], len(shown)

    async def liked_by(self, post_ids: list[int], account_id: int) -> set[int]:
        likes = self.uow.read.likes
        return {p for p in post_ids if (p, account_id) in likes}
