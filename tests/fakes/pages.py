"""core.pages in memory (storage/pages.py's semantics), read off the other memory repositories' rows."""

from __future__ import annotations

from typing import Any

from core.model import PostKind
from core.pages import Listed, Reader, ZoneFacts
from core.privacy import Predicate
from tests.fakes.seeing import banned, relation


class MemoryPageReads:
    def __init__(self, uow: Any) -> None:
        self.uow = uow  # the InMemoryUnitOfWork: its repositories answer the parts

    async def reader(self, account_id: int) -> Reader | None:
        account = await self.uow.accounts.get(account_id)
        if account is None:
            return None
        state = await self.uow.wallet.state(account_id)
        return Reader(account, state.timezone, await self.uow.outbox.unread_count(account_id))

    async def zone(self, handle: str, viewer_id: int | None, post_rule: Predicate, friend_rule: Predicate,
                   days: tuple[str, ...], cloaks: tuple[str, ...], *, reader: bool = False) -> ZoneFacts | None:
        owner = await self.uow.accounts.by_handle(handle)
        if owner is None:
            return None
        t = self.uow.read
        state = await self.uow.wallet.state(owner.id)
        visits = [k for k in t.visits if k[0] == owner.id]
        mine = [day for _zone, visitor, day in visits if visitor == viewer_id]
        return ZoneFacts(
            owner, relation(t, viewer_id, owner.id), banned(t, owner.id),
            await self.uow.posts.count_by_author(owner.id, viewer_id, post_rule),
            await self.uow.social.count_friends(owner.id, viewer_id, friend_rule),
            {day: sum(1 for k in visits if k[2] == day) for day in days}, len(visits), max(mine, default=None),
            state.timezone, state.theme_id, state.music_id,
            tuple(o.item_id for o in await self.uow.wallet.items(owner.id)),
            viewer_id is not None and any((viewer_id, c) in t.inventory for c in cloaks),
            await self.reader(viewer_id) if reader and viewer_id is not None else None,
        )

    async def posts(self, author_id: int, viewer_id: int | None, rule: Predicate, comment_rule: Predicate,
                    like_rule: Predicate, *, before: int | None, limit: int,
                    kind: PostKind | None = None) -> list[Listed]:
        found = await self.uow.posts.listing(author_id, viewer_id, rule, comment_rule, like_rule, before=before,
                                             limit=limit, kind=kind)
        return await self._with_originals(found, viewer_id, rule, comment_rule, like_rule)

    async def posts_by_id(self, post_ids: list[int], viewer_id: int | None, rule: Predicate,
                          comment_rule: Predicate, like_rule: Predicate) -> dict[int, Listed]:
        found = await self.uow.posts.listed(post_ids, viewer_id, rule, comment_rule, like_rule)
        listed = await self._with_originals(list(found.values()), viewer_id, rule, comment_rule, like_rule)
        return {item.post.id: item for item in listed}

    async def _with_originals(self, found: list[Any], viewer_id: int | None, rule: Predicate,
                              comment_rule: Predicate, like_rule: Predicate) -> list[Listed]:
        originals = await self.uow.posts.listed(list({p.shared_post_id for p, _ in found if p.shared_post_id}),
                                                viewer_id, rule, comment_rule, like_rule)
        authors = await self.uow.accounts.get_many(list({p.author_id for p, _ in originals.values()}))
        circles = {c.id: c.name for c in await self.uow.social.circles_of(viewer_id)} if viewer_id else {}

        def one(post: Any, liked: bool) -> Listed:
            return Listed(post, liked, circles.get(post.circle_id) if post.circle_id is not None else None)

        listed = []
        for post, liked in found:
            orig = originals.get(post.shared_post_id) if post.shared_post_id else None
            item = one(post, liked)
            if orig is not None:
                item = Listed(item.post, item.liked, item.circle_name, one(*orig), authors[orig[0].author_id])
            listed.append(item)
        return listed

    async def comments(self, post_id: int, viewer_id: int | None, rule: Predicate,
                       limit: int = 200) -> list[Any]:
        rows = await self.uow.posts.comments(post_id, viewer_id, rule, limit)
        authors = await self.uow.accounts.get_many(list({c.author_id for c in rows}))
        return [(c, authors[c.author_id]) for c in rows]

    async def likers(self, post_id: int, viewer_id: int | None, rule: Predicate, limit: int) -> tuple[list[Any], int]:
        ids, total = await self.uow.posts.likers(post_id, viewer_id, rule, limit)
        found = await self.uow.accounts.get_many(ids)
        return [found[i] for i in ids if i in found], total

    async def post(self, post_id: int, viewer_id: int | None, rule: Predicate, comment_rule: Predicate,
                   like_rule: Predicate) -> tuple[Listed, list[Any]] | None:
        found = (await self.posts_by_id([post_id], viewer_id, rule, comment_rule, like_rule)).get(post_id)
        if found is None:
            return None
        return found, (await self.uow.albums.post_photos([post_id])).get(post_id, [])

    async def talk(self, post_id: int, viewer_id: int | None, comment_rule: Predicate, liker_rule: Predicate, *,
                   comment_limit: int, liker_limit: int) -> tuple[list[Any], list[Any], int]:
        said = await self.comments(post_id, viewer_id, comment_rule, comment_limit)
        return (said, *await self.likers(post_id, viewer_id, liker_rule, liker_limit))
