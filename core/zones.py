"""A zone's read model, one function per screen: what one viewer sees of a zone's header, look and posts."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from core import privacy
from core.accounts import service as accounts
from core.albums.model import Photo
from core.errors import NotFound
from core.model import Account
from core.pages import ZoneFacts
from core.ports import UnitOfWork
from core.posts import comments, likes, service as posts
from core.posts.comments import CommentView
from core.posts.likes import Likers
from core.posts.model import PostView
from core.privacy import Facts, Viewer
from core.shop.catalog import Catalog
from core.shop.looks import ZoneLook, look_of
from core.social import friends
from core.text import clean
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
    facts: ZoneFacts | None = None
    """What the page was decided from (what a visit needs to know besides)."""

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
    likers: Likers | None = None
    """Who liked it, as far as the viewer may see them (core.posts.likes)."""


async def zone_page(uow: UnitOfWork, viewer: Viewer, catalog: Catalog, handle: str, now: datetime, *,
                    site_zone: str, reader: bool = False) -> ZonePage:
    """The zone at `handle` as `viewer` may see it: its header and, where it is open, its look.

    One statement (core.pages) reads the owner and every fact about them; privacy decides here as
    everywhere: the zone rule over the relation, the counts under content_rule and presence_rule.
    A banned owner is, to everyone but themselves, exactly an unknown handle (the same NotFound).
    With `reader`, the viewer's own account comes along (`facts.reader`): the caller that has not
    yet checked who the viewer is must check it, and ask again as someone else if they are not.
    """
    wanted = clean(handle, multiline=False).lstrip("@").lower()
    facts = await uow.pages.zone(wanted, viewer.account_id, privacy.content_rule(viewer),
                                 privacy.presence_rule(viewer), visits.days_around(now), visits.cloak_ids(catalog),
                                 reader=reader) if wanted else None
    if facts is None or not privacy.present(viewer, facts.owner.id, facts.owner_banned):
        raise accounts.unknown_handle(wanted)
    owner = facts.owner
    seen = Facts(relation=facts.relation, zone=owner.zone_visibility, owner_banned=facts.owner_banned)
    if not privacy.evaluate(privacy.zone_rule(viewer), seen):
        return ZonePage(ZoneHeader(owner, False), None, facts)
    day = visits.day_of(now, facts.time_zone, site_zone=site_zone)
    header = ZoneHeader(owner, True, facts.posts, facts.friends, facts.visits_on.get(day, 0), facts.visits_total,
                        own=viewer.account_id == owner.id)
    return ZonePage(header, look_of(catalog, facts.theme_id, facts.music_id, facts.items), facts)


async def visit_zone(uow: UnitOfWork, viewer: Viewer, page: ZonePage, now: datetime, *, site_zone: str) -> ZonePage:
    """Record a signed-in look at someone else's open zone as the day's visit (core.visits), and
    count it in the header. No statement at all when the day's visit is already on record."""
    facts = page.facts
    if facts is None or not await visits.record_seen(uow, now, viewer, page.owner, open=page.open,
                                                     cloaked=facts.cloaked, time_zone=facts.time_zone, site_zone=site_zone,
                                                     last_day=facts.last_visit):
        return page
    header = page.header
    return dataclasses.replace(page, header=dataclasses.replace(
        header, visits_today=header.visits_today + 1, visits_total=header.visits_total + 1))


async def post_in_zone(uow: UnitOfWork, viewer: Viewer, owner: Account, post_id: int) -> PostPage:
    """Post `post_id` shown under `owner`'s zone: NotFound unless `viewer` may see it *and* it is `owner`'s."""
    # One statement reads the post with its counts, like, shared original and photos (they follow the post).
    found = await uow.pages.post(post_id, viewer.account_id, privacy.content_rule(viewer), privacy.comment_rule(viewer),
                                 privacy.presence_rule(viewer))
    if found is None or found[0].post.author_id != owner.id:
        raise NotFound(posts.no_post(post_id))  # the same answer either way: an address must not confirm where a post lives
    view = posts.listed_view(viewer, found[0], owner)
    # And one more its comments with their writers and its likers with theirs (privacy's rules for each).
    said, people, total = await uow.pages.talk(post_id, viewer.account_id, privacy.comment_rule(viewer),
                                               privacy.liker_rule(viewer), comment_limit=comments.THREAD_LIMIT,
                                               liker_limit=likes.MAX_LIKERS)
    return PostPage(view, comments.threads_of(viewer, said, view.post.author_id), found[1],
                    likes.likers_from(view.post, people, total))


async def zone_friends(uow: UnitOfWork, viewer: Viewer, page: ZonePage) -> list[Account]:
    """The owner's friend list as `viewer` may see it, on a page already decided open to them
    (social.friends.visible_friends decides it again: here the zone rule was just asked)."""
    if not page.open:
        return await friends.visible_friends(uow, viewer, page.owner)  # its NotFound, as everywhere
    return await friends.friends_of(uow, page.owner, viewer)


__all__ = ["PostPage", "ZoneHeader", "ZonePage", "post_in_zone", "visit_zone", "zone_friends", "zone_page"]
