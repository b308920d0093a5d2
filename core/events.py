"""Domain events: past-tense facts recorded in the outbox in the same transaction as the change."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Event:
    kind: ClassVar[str] = "event"

    def payload(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class FriendRequested(Event):
    kind: ClassVar[str] = "friend_requested"
    from_id: int
    to_id: int


@dataclass(frozen=True)
class FriendAccepted(Event):
    kind: ClassVar[str] = "friend_accepted"
    by_id: int
    requester_id: int


@dataclass(frozen=True)
class CommentAdded(Event):
    kind: ClassVar[str] = "comment_added"
    comment_id: int
    post_id: int
    author_id: int
    post_author_id: int
    parent_author_id: int | None = None


@dataclass(frozen=True)
class PostLiked(Event):
    kind: ClassVar[str] = "post_liked"
    post_id: int
    by_id: int
    author_id: int


@dataclass(frozen=True)
class PostShared(Event):
    kind: ClassVar[str] = "post_shared"
    post_id: int
    share_id: int
    by_id: int
    author_id: int


@dataclass(frozen=True)
class IdentityLinked(Event):
    kind: ClassVar[str] = "identity_linked"
    account_id: int
    platform: str


EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (FriendRequested, FriendAccepted, CommentAdded, PostLiked, PostShared, IdentityLinked)
}


def register_event(cls: type[Event]) -> type[Event]:
    """Let later features add event types without editing this table."""
    EVENT_TYPES[cls.kind] = cls
    return cls


class ByEventType(Generic[F]):
    """Functions keyed by event class, so a feature can attach behaviour to its own events."""

    def __init__(self) -> None:
        self._funcs: dict[type[Event], F] = {}

    def register(self, event_type: type[Event]) -> Callable[[F], F]:
        def deco(func: F) -> F:
            self._funcs[event_type] = func
            return func

        return deco

    def get(self, event: Event) -> F | None:
        return self._funcs.get(type(event))


def load_event(kind: str, payload: dict[str, Any]) -> Event:
    return EVENT_TYPES[kind](**payload)
