"""Read models shaped for the web's pages: who is reading, and a zone's header, each in one statement.

A zone page used to ask a dozen questions in turn (the owner by handle, their ban, the viewer's
relation and circles, two counts, the visits, the look, the badges, the unread count…), each a
trip to the database. Storage answers these ports in one statement each; the facts come back
raw and core decides on them as before: `core.privacy.evaluate` over the relation, and counts
compiled from the very rules core passes in (privacy is decided per request, by the rules).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from core.model import Account, Comment, Photo, Post, PostKind, Relation
from core.privacy import Predicate


@dataclass(frozen=True)
class Reader:
    """A signed-in visitor as a page needs them: the account, their /timezone and unread count."""

    account: Account
    time_zone: str | None = None
    unread: int = 0


@dataclass(frozen=True)
class ZoneFacts:
    """A zone as one viewer meets it, read in one statement (PageReads.zone)."""

    owner: Account
    relation: Relation
    """The viewer to the owner (core.privacy's atoms); empty for an anonymous viewer."""
    owner_banned: bool
    posts: int
    """The owner's posts under the post rule asked for (content_rule: what the viewer may see)."""
    friends: int
    """The owner's friends under the friend rule asked for (presence_rule)."""
    visits_on: Mapping[str, int] = field(default_factory=dict)
    """The zone's visits on each day asked for."""
    visits_total: int = 0
    last_visit: str | None = None
    """The latest day the viewer's visit to this zone is recorded on (None: never, or anonymous)."""
    time_zone: str | None = None
    """The owner's /timezone: the zone's calendar day."""
    theme_id: str | None = None
    music_id: str | None = None
    items: tuple[str, ...] = ()
    """What the owner holds (their badges among them)."""
    cloaked: bool = False
    """The viewer holds one of the cloak items asked about."""
    reader: Reader | None = None
    """The viewer's own Reader, when asked for with the zone (their session: one statement for both)."""


@dataclass(frozen=True)
class Listed:
    """A post as a page lists it, read with what the page shows of it (PageReads.posts, posts_by_id)."""

    post: Post
    """Its like and comment counts are those the rules show the viewer (PostRepo.visible_counts)."""
    liked: bool = False
    circle_name: str | None = None
    """The name of the circle it is for when that circle is the viewer's own (None otherwise)."""
    original: Listed | None = None
    """The post it shares, when the viewer may see that post (read as this one is)."""
    original_author: Account | None = None


class PageReads(Protocol):
    async def reader(self, account_id: int) -> Reader | None:
        """The account with its time zone and unread notification count; None when there is none."""
        ...

    async def zone(self, handle: str, viewer_id: int | None, post_rule: Predicate, friend_rule: Predicate,
                   days: tuple[str, ...], cloaks: tuple[str, ...], *, reader: bool = False) -> ZoneFacts | None:
        """The zone at `handle` (already normalised) for `viewer_id`; None when no account has it.

        Posts count under `post_rule`, friends under `friend_rule` (the friend as the resource's
        owner), visits on each of `days`; `cloaked` says whether the viewer holds any of `cloaks`.
        With `reader`, the viewer's own Reader comes along (None when there is no such account).
        """
        ...

    async def posts(self, author_id: int, viewer_id: int | None, rule: Predicate, comment_rule: Predicate,
                    like_rule: Predicate, *, before: int | None, limit: int,
                    kind: PostKind | None = None) -> list[Listed]:
        """PostRepo.listing in one statement with the originals its shares show (those `rule` shows,
        counted the same way) and their authors."""
        ...

    async def posts_by_id(self, post_ids: list[int], viewer_id: int | None, rule: Predicate,
                          comment_rule: Predicate, like_rule: Predicate) -> dict[int, Listed]:
        """PostRepo.listed in one statement, with the originals as `posts` reads them."""
        ...

    async def post(self, post_id: int, viewer_id: int | None, rule: Predicate, comment_rule: Predicate,
                   like_rule: Predicate) -> tuple[Listed, list[Photo]] | None:
        """`posts_by_id` of one post with the photos it carries (AlbumRepo.post_photos), in one statement."""
        ...

    async def talk(self, post_id: int, viewer_id: int | None, comment_rule: Predicate, liker_rule: Predicate, *,
                   comment_limit: int, liker_limit: int) -> tuple[list[tuple[Comment, Account]], list[Account], int]:
        """`comments` (up to `comment_limit`) and `likers` (up to `liker_limit`, and how many) of a post in
        one statement: a post page's talk."""
        ...

    async def comments(self, post_id: int, viewer_id: int | None, rule: Predicate,
                       limit: int = 200) -> list[tuple[Comment, Account]]:
        """PostRepo.comments, each with its writer's account, in one statement."""
        ...

    async def likers(self, post_id: int, viewer_id: int | None, rule: Predicate,
                     limit: int) -> tuple[list[Account], int]:
        """PostRepo.likers with the likers' accounts (in its order, by id), in one statement."""
        ...


__all__ = ["Listed", "PageReads", "Reader", "ZoneFacts"]
