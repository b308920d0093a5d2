"""What special care records in the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.events import Event, register_event


@register_event
@dataclass(frozen=True)
class CaredPostAdded(Event):
    """A post by someone others keep in special care: it reaches those carers at once."""

    kind: ClassVar[str] = "cared_post_added"
    post_id: int
    author_id: int
