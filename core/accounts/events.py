"""What the accounts feature records in the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.events import Event, register_event


@register_event
@dataclass(frozen=True)
class IdentityLinked(Event):
    kind: ClassVar[str] = "identity_linked"
    account_id: int
    platform: str
