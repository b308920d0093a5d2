"""Who liked a post, as one viewer may see them (core.privacy.liker_rule): bounded, never a banned or blocked person."""

from __future__ import annotations

from dataclasses import dataclass

from core import privacy
from core.errors import NotFound
from core.i18n import _
from core.model import Account, Post
from core.ports import UnitOfWork
from core.privacy import Viewer

MAX_LIKERS = 50


@dataclass(frozen=True)
class Likers:
    post: Post
    people: list[Account]
    """Up to MAX_LIKERS of them, by handle."""
    total: int
    """How many likers the viewer may see (more than `people` when the list is cut)."""


async def likers(uow: UnitOfWork, viewer: Viewer, post_id: int) -> Likers:
    """The people who liked a post the viewer may see, as far as they may see them."""
    post = await uow.posts.get_visible(post_id, viewer.account_id, privacy.content_rule(viewer))
    if post is None:
        raise NotFound(_("There is no post #{id} that you can see.").format(id=post_id))
    return await likers_of(uow, viewer, post)


async def likers_of(uow: UnitOfWork, viewer: Viewer, post: Post) -> Likers:
    """`likers` of a post the viewer has already been allowed to see (a post page: core.zones.post_in_zone)."""
    people, total = await uow.pages.likers(post.id, viewer.account_id, privacy.liker_rule(viewer), MAX_LIKERS)
    return likers_from(post, people, total)


def likers_from(post: Post, people: list[Account], total: int) -> Likers:
    """Likers read with their accounts (core.pages.PageReads.likers, talk), by handle."""
    return Likers(post, sorted(people, key=lambda a: a.handle), total)
