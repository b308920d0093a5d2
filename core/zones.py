"""A zone's read model, one function per screen: what one viewer sees of a zone's header, look and posts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core import privacy
from core.albums.model import Photo
from core.errors import NotFound
from core.i18n import _
from core.model import Account
from core.ports import UnitOfWork
from core.posts import comments, service as posts
from core.posts.comments import CommentView
from core.posts.model import PostView
from core.privacy import Viewer
from core.shop.catalog import Catalog
from core.shop.looks import ZoneLook, zone_look
from core.social.friends import can_open_zone
from core.visits import service as visits


@dataclass(frozen=True)
class ZoneHeader:
    """The zone's header card as `viewer` may see it; `open` False means show nothing of it."""

    owner: Account
    open: bool
    posts: int = 0
    friends: int = 0
    visits_today: int = 0
    visits_total: int = 0
    own: bool = False
    """The viewer is the owner (what only they see: their visitors)."""

    @property
    def owned_by(self) -> int:
        return self.owner.id


@dataclass(frozen=True)
class ZonePage:
    """What every page of a zone shows around its content: the header and what the zone wears.

    `look` is None when the zone is closed to the viewer: a closed zone shows nothing of itself,
    not even its colours.
    """

    header: ZoneHeader
    look: ZoneLook | None = None

    @property
    def owner(self) -> Account:
        return self.header.owner

    @property
    def open(self) -> bool:
        return self.header.open


@dataclass(frozen=True)
class PostPage:
    """One post under its zone's address: the post, its threads and its photos, as the viewer may see them."""

    view: PostView
    threads: list[CommentView]
    photos: list[Photo]


async def zone_header(uow: UnitOfWork, viewer: Viewer, owner: Account, now: datetime | None = None) -> ZoneHeader:
    """Counts only over what privacy lets `viewer` see; nothing at all when the zone is closed.

    With `now`, the zone's visit counts too (today's and in all: every visitor sees them).
    """
    if not await can_open_zone(uow, viewer, owner):
        return ZoneHeader(owner, False)
    count = await posts.count_visible(uow, viewer, owner)
    # A banned friend is left out of the count as out of the list (presence_rule), until unbanned.
    friends = await uow.social.count_friends(owner.id, viewer.account_id, privacy.presence_rule(viewer))
    seen = await visits.counts(uow, now, owner) if now is not None else None
    return ZoneHeader(owner, True, count, friends, seen.today if seen else 0, seen.total if seen else 0,
                      own=viewer.account_id == owner.id)


async def zone_page(uow: UnitOfWork, viewer: Viewer, catalog: Catalog, owner: Account,
                    now: datetime | None = None) -> ZonePage:
    """The header of `owner`'s zone for `viewer`, and its theme, music and badges only where it is open."""
    header = await zone_header(uow, viewer, owner, now)
    return ZonePage(header, await zone_look(uow, catalog, owner) if header.open else None)


async def post_in_zone(uow: UnitOfWork, viewer: Viewer, owner: Account, post_id: int) -> PostPage:
    """Post `post_id` shown under `owner`'s zone: NotFound unless `viewer` may see it *and* it is `owner`'s."""
    found = await posts.visible_post(uow, viewer, post_id)
    if found.author_id != owner.id:
        # Same answer as a missing post: an address must not confirm where a post lives.
        raise NotFound(_("There is no post #{id} that you can see.").format(id=post_id))
    (view,) = await posts.views(uow, viewer, [found])
    threads = await comments.threads(uow, viewer, found)
    photos = (await uow.albums.post_photos([found.id])).get(found.id, [])  # the post's photos follow the post
    return PostPage(view, threads, photos)


__all__ = ["PostPage", "ZoneHeader", "ZonePage", "post_in_zone", "zone_header", "zone_page"]
