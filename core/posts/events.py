"""What the posts feature records in the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.events import Event, register_event


@register_event
@dataclass(frozen=True)
class CommentAdded(Event):
    kind: ClassVar[str] = "comment_added"
    comment_id: int
    post_id: int
    author_id: int
    post_author_id: int
    parent_author_id: int | None = None


@register_event
@dataclass(frozen=True)
class PostLiked(Event):
    kind: ClassVar[str] = "post_liked"
    post_id: int
    by_id: int
    author_id: int


@register_event
@dataclass(frozen=True)
class PostShared(Event):
    kind: ClassVar[str] = "post_shared"
    post_id: int
    share_id: int
    by_id: int
    author_id: int
