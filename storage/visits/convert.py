"""Visit rows → core values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.visits.model import VisitCounts


def counts(row: Any) -> VisitCounts:
    """A (today, total) row of sums, None where the zone has no visits."""
    today, total = row if row is not None else (0, 0)
    return VisitCounts(today=int(today or 0), total=int(total or 0))


def recent(rows: Any) -> list[tuple[int, datetime]]:
    return [(int(visitor_id), at) for visitor_id, at in rows]
