"""What the visitors feature needs from storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from core.privacy import Predicate
from core.visits.model import VisitCounts


class VisitRepo(Protocol):
    async def record(self, zone_id: int, visitor_id: int, day: str, at: datetime) -> bool:
        """Claim (zone, visitor, day) in one statement (INSERT … ON CONFLICT DO NOTHING): True when
        this was the day's first visit, False when it was already recorded — even when many race."""
        ...

    async def counts(self, zone_id: int, day: str) -> VisitCounts:
        """The zone's visits on `day` and ever (one per visitor and day; removed ones still count)."""
        ...

    async def recent(self, zone_id: int, viewer_id: int, rule: Predicate, limit: int) -> list[tuple[int, datetime]]:
        """(visitor id, latest visit) newest first, of visits not removed whose visitor `rule`
        (privacy.visitor_rule, the visitor as the resource's owner) shows to `viewer_id`."""
        ...

    async def remove(self, zone_id: int, visitor_id: int) -> int:
        """Take the visitor's visits off the zone's list (they stay counted); how many were shown."""
        ...
