"""Visits on SQLAlchemy: the day's claim is one INSERT … ON CONFLICT DO NOTHING."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.privacy import Predicate
from core.visits.model import VisitCounts
from storage.dialect import insert_ignore
from storage.errors import repository
from storage.privacy_sql import Columns, compile_rule
from storage.visits import convert
from storage.visits.tables import VisitRow


@repository
class SqlVisitRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def record(self, zone_id: int, visitor_id: int, day: str, at: datetime) -> bool:
        result = await self.s.execute(insert_ignore(self.s, VisitRow).values(
            zone_id=zone_id, visitor_id=visitor_id, day=day, at=at, removed=False,
        ))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def counts(self, zone_id: int, day: str) -> VisitCounts:
        q = select(func.sum(case((VisitRow.day == day, 1), else_=0)), func.count()).where(VisitRow.zone_id == zone_id)
        return convert.counts((await self.s.execute(q)).one_or_none())

    async def recent(self, zone_id: int, viewer_id: int, rule: Predicate, limit: int) -> list[tuple[int, datetime]]:
        shown = compile_rule(rule, viewer_id, Columns(owner=VisitRow.visitor_id))
        latest = func.max(VisitRow.at)
        q = (select(VisitRow.visitor_id, latest)
             .where(VisitRow.zone_id == zone_id, VisitRow.removed.is_(False), shown)
             .group_by(VisitRow.visitor_id).order_by(latest.desc(), VisitRow.visitor_id).limit(limit))
        return convert.recent((await self.s.execute(q, {"viewer_id": viewer_id})).all())

    async def remove(self, zone_id: int, visitor_id: int) -> int:
        result = await self.s.execute(
            update(VisitRow).where(VisitRow.zone_id == zone_id, VisitRow.visitor_id == visitor_id,
                                   VisitRow.removed.is_(False))
            .values(removed=True).execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
