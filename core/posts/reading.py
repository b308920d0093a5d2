"""Reading posts as a viewer sees them: a zone's page, the feed, and posts decorated with their
authors, counts, likes and the shared originals the viewer may see (what they may see decided by
core.privacy's rules, compiled by storage into each read)."""

from __future__ import annotations

import dataclasses

from core import privacy
from core.model import Account, Post, PostKind
from core.pages import Listed
from core.ports import UnitOfWork
from core.posts.model import MAX_PAGE, PAGE_SIZE, PostView
from core.privacy import Viewer


def clamp_limit(limit: int | None) -> int:
    return max(1, min(limit or PAGE_SIZE, MAX_PAGE))


async def counted(uow: UnitOfWork, viewer: Viewer, posts: list[Post]) -> list[Post]:
    """The posts with like and comment counts of what the viewer may see.

    Counted when read, so a hidden or removed comment and a banned person's likes and comments
    drop out of the numbers at once, and come back with an unban or a restore.
    """
    counts = await uow.posts.visible_counts([p.id for p in posts], viewer.account_id,
                                            privacy.comment_rule(viewer), privacy.presence_rule(viewer))
    return [dataclasses.replace(p, like_count=counts[p.id][0], comment_count=counts[p.id][1])
            if p.id in counts else p for p in posts]


async def views(uow: UnitOfWork, viewer: Viewer, posts: list[Post]) -> list[PostView]:
    """Decorate posts with authors, like state, counts and the shared originals the viewer may see."""
    counted_posts = await counted(uow, viewer, posts)
    liked = (await uow.posts.liked_by([p.id for p in posts], viewer.account_id)
             if viewer.account_id is not None and posts else set())
    return await _decorated(uow, viewer, counted_posts, liked)


async def _listed(uow: UnitOfWork, viewer: Viewer, post_ids: list[int]) -> dict[int, tuple[Post, bool]]:
    """Those of the posts `viewer` may see, counted, with whether they liked each (one statement)."""
    return await uow.posts.listed(post_ids, viewer.account_id, privacy.content_rule(viewer),
                                  privacy.comment_rule(viewer), privacy.presence_rule(viewer))


async def _decorated(uow: UnitOfWork, viewer: Viewer, posts: list[Post], liked: set[int],
                     known: dict[int, Account] | None = None) -> list[PostView]:
    """PostViews of counted posts the viewer liked `liked` of: their authors (`known` ones are not read
    again), the circle names an author sees, and the shared originals the viewer may see — those
    read, counted and decorated here (no statement when nothing is shared)."""
    shared_ids = list({p.shared_post_id for p in posts if p.shared_post_id})
    found = await _listed(uow, viewer, shared_ids)  # one statement for all the originals shown
    originals = {i: post for i, (post, _liked) in found.items()}
    liked = liked | {i for i, (_post, was_liked) in found.items() if was_liked}
    all_posts = [*posts, *originals.values()]
    authors = dict(known or {})
    missing = list({p.author_id for p in all_posts} - authors.keys())
    if missing:
        authors.update(await uow.accounts.get_many(missing))

    circles: dict[int, str] = {}
    if any(p.circle_id is not None and p.author_id == viewer.account_id for p in all_posts):
        assert viewer.account_id is not None
        circles = {c.id: c.name for c in await uow.social.circles_of(viewer.account_id)}

    def one(p: Post) -> PostView:
        orig = originals.get(p.shared_post_id) if p.shared_post_id else None
        return PostView(
            post=p, author=authors[p.author_id], liked=p.id in liked,
            shared=one(orig) if orig else None,
            shared_missing=p.shared_post_id is not None and orig is None,
            circle_name=circles.get(p.circle_id) if p.circle_id is not None and p.author_id == viewer.account_id
            else None,
        )

    return [one(p) for p in posts]


async def feed(uow: UnitOfWork, viewer: Account, before: int | None = None, limit: int | None = None) -> list[PostView]:
    """Posts of friends and one's own, newest first, keyset-paginated by post id.

    One statement reads the page with its counts, likes and authors (no shared original: none more)."""
    v = Viewer(viewer.id)
    found = await uow.posts.feed_listing(viewer.id, privacy.content_rule(v), privacy.comment_rule(v),
                                         privacy.presence_rule(v), before=before, limit=clamp_limit(limit))
    return await _decorated(uow, v, [p for p, _liked, _author in found], {p.id for p, liked, _a in found if liked},
                            {a.id: a for _p, _liked, a in found})


async def zone_posts(
    uow: UnitOfWork, viewer: Viewer, owner: Account, before: int | None = None,
    limit: int | None = None, kind: PostKind | None = None,
) -> list[PostView]:
    """An owner's posts that `viewer` may see (empty when the zone itself is closed to them).

    One statement reads the page with its counts, likes and the originals its shares show
    (core.pages.PageReads.posts); the author is the owner, known already.
    """
    found = await uow.pages.posts(
        owner.id, viewer.account_id, privacy.content_rule(viewer), privacy.comment_rule(viewer),
        privacy.presence_rule(viewer), before=before, limit=clamp_limit(limit), kind=kind,
    )
    return [listed_view(viewer, item, owner) for item in found]


def listed_view(viewer: Viewer, item: Listed, author: Account) -> PostView:
    """A listed post as `viewer` sees it (as `_decorated` decorates): the circle it is for is named to its
    author only, and a share whose original the viewer may not see says so."""
    post, original = item.post, item.original
    shared = None
    if original is not None:
        assert item.original_author is not None
        # An original is never a share itself (`share` shares the root); its own original is not read.
        shared = PostView(original.post, item.original_author, original.liked,
                          shared_missing=original.post.shared_post_id is not None,
                          circle_name=_named(viewer, original))
    return PostView(post, author, item.liked, shared, post.shared_post_id is not None and original is None,
                    _named(viewer, item))


def _named(viewer: Viewer, item: Listed) -> str | None:
    post = item.post
    return item.circle_name if post.circle_id is not None and post.author_id == viewer.account_id else None


async def count_visible(uow: UnitOfWork, viewer: Viewer, owner: Account) -> int:
    return await uow.posts.count_by_author(owner.id, viewer.account_id, privacy.content_rule(viewer))


async def is_public(uow: UnitOfWork, post: Post) -> bool:
    """Whether a stranger may see this post — if not, chat shows it only to the asker (DM, ephemeral)."""
    return await uow.posts.get_visible(post.id, None, privacy.content_rule(privacy.ANONYMOUS)) is not None
