"""What the social feature records in the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.events import Event, register_event


@register_event
@dataclass(frozen=True)
class FriendRequested(Event):
    kind: ClassVar[str] = "friend_requested"
    from_id: int
    to_id: int


@register_event
@dataclass(frozen=True)
class FriendAccepted(Event):
    kind: ClassVar[str] = "friend_accepted"
    by_id: int
    requester_id: int
