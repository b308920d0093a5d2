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


EVENT_TYPES: dict[str, type[Event]] = {}
"""Every event type by its kind; each feature registers its own (`@register_event`)."""


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
