"""Read-side helpers for the web view: what a zone's header shows to one viewer."""

from __future__ import annotations

from dataclasses import dataclass

from core.model import Account
from core.ports import UnitOfWork
from core.posts.service import count_visible
from core.privacy import Viewer
from core.social.friends import can_open_zone, friend_ids


@dataclass(frozen=True)
class ZoneHeader:
    """The zone's header card as `viewer` may see it; `open` False means show nothing of it."""

    owner: Account
    open: bool
    posts: int = 0
    friends: int = 0

    @property
    def owned_by(self) -> int:
        return self.owner.id


async def zone_header(uow: UnitOfWork, viewer: Viewer, owner: Account) -> ZoneHeader:
    """Counts only over what privacy lets `viewer` see; nothing at all when the zone is closed."""
    if not await can_open_zone(uow, viewer, owner):
        return ZoneHeader(owner, False)
    posts = await count_visible(uow, viewer, owner)
    friends = len(await friend_ids(uow, viewer, owner))
    return ZoneHeader(owner, True, posts, friends)
