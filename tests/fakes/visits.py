"""Visits in memory (storage/visits/repo.py's semantics): the day's claim is a key that is there or not."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.privacy import Predicate
from core.visits.model import VisitCounts
from tests.fakes.seeing import shows_person
from tests.fakes.tables import Store, VisitRow


class MemoryVisitRepo:
    def __init__(self, uow: Store) -> None:
        self.uow = uow

    async def record(self, zone_id: int, visitor_id: int, day: str, at: datetime) -> bool:
        t = await self.uow.write()
        key = (zone_id, visitor_id, day)
        if key in t.visits:
            return False  # ON CONFLICT DO NOTHING
        t.visits[key] = VisitRow(at)
        return True

    async def counts(self, zone_id: int, day: str) -> VisitCounts:
        keys = [k for k in self.uow.read.visits if k[0] == zone_id]
        return VisitCounts(today=sum(1 for k in keys if k[2] == day), total=len(keys))

    async def recent(self, zone_id: int, viewer_id: int, rule: Predicate, limit: int) -> list[tuple[int, datetime]]:
        t = self.uow.read
        latest: dict[int, datetime] = {}
        for (zone, visitor, _day), row in t.visits.items():
            if zone == zone_id and not row.removed and shows_person(t, visitor, viewer_id, rule):
                latest[visitor] = max(latest.get(visitor, row.at), row.at)
        return sorted(latest.items(), key=lambda kv: (-kv[1].timestamp(), kv[0]))[:limit]

    async def remove(self, zone_id: int, visitor_id: int) -> int:
        t = await self.uow.write()
        mine = [k for k, row in t.visits.items() if k[0] == zone_id and k[1] == visitor_id and not row.removed]
        for k in mine:
            t.visits[k] = replace(t.visits[k], removed=True)
        return len(mine)
