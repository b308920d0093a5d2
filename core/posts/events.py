"""What the posts feature records in the outbox, and what it raises in the writing transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.events import Event, register_event


@register_event
@dataclass(frozen=True)
class CommentAdded(Event):
    """A comment or reply on a post — or, with `photo_id` (and no `post_id`), on an album's photo.

    `post_author_id` is the owner of what it is on: the post's author, the photo's owner.
    """

    kind: ClassVar[str] = "comment_added"
    comment_id: int
    post_id: int | None
    author_id: int
    post_author_id: int
    parent_author_id: int | None = None
    photo_id: int | None = None


@register_event
@dataclass(frozen=True)
class CommentAwaitsApproval(Event):
    """A comment on an approve-only post: its owner is asked to approve or reject it."""

    kind: ClassVar[str] = "comment_awaits_approval"
    comment_id: int
    post_id: int
    author_id: int
    post_author_id: int


@register_event
@dataclass(frozen=True)
class CommentApproved(Event):
    """The post's owner approved a waiting comment: its writer hears of it."""

    kind: ClassVar[str] = "comment_approved"
    comment_id: int
    post_id: int
    author_id: int
    post_author_id: int


@register_event
@dataclass(frozen=True)
class PostLiked(Event):
    kind: ClassVar[str] = "post_liked"
    post_id: int
    by_id: int
    author_id: int


@register_event
@dataclass(frozen=True)
class PhotoLiked(Event):
    """A like on an album's photo (core.albums.talk). Declared beside PostLiked, since the shop's
    like reward pays it by the same rule and the shop may not import the album feature."""

    kind: ClassVar[str] = "photo_liked"
    photo_id: int
    by_id: int
    owner_id: int


@register_event
@dataclass(frozen=True)
class PostShared(Event):
    kind: ClassVar[str] = "post_shared"
    post_id: int
    share_id: int
    by_id: int
    author_id: int


@dataclass(frozen=True)
class PostCreated(Event):
    """A post or blog post was written (`held`: kept back by the word filter for review).

    Raised in the writing transaction (`UnitOfWork.events`) for its in-transaction subscribers,
    such as the first post of the day's reward; it is not written to the outbox.
    """

    kind: ClassVar[str] = "post_created"
    post_id: int
    author_id: int
    held: bool = False
