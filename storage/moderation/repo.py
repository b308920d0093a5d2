"""Moderation on SQLAlchemy: roles, sanctions, reports, the audit log, the word filter, rate hits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, bindparam, delete, func, insert, or_, select, true, union_all, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.moderation.model import FilterEntry, LogEntry, Report, Role, Sanction, SanctionKind
from storage.accounts.tables import AccountRow
from storage.dialect import lock_account, run, upsert
from storage.errors import repository
from storage.facts import FILTER_WORDS, bump, caches, facts
from storage.moderation import convert
from storage.moderation.tables import FilterWordRow, ModLogRow, ModRoleRow, RateHitRow, ReportRow, SanctionRow
from storage.prepared import fetch, prepared


_FILTER_WORDS = select(FilterWordRow.word, FilterWordRow.action, FilterWordRow.source)


@repository
class SqlModerationRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session
        # Sanctions are asked for several times per message (the ban guard, then the mute check
        # before writing): one query per account per transaction answers them all.
        self._sanctions: dict[int, dict[SanctionKind, Sanction]] = {}

    # --- roles ---------------------------------------------------------------------------------
    async def role(self, account_id: int) -> Role | None:
        roles = facts(self.s).roles
        value = roles[account_id] if account_id in roles else await self.s.scalar(
            select(ModRoleRow.role).where(ModRoleRow.account_id == account_id))
        return Role(value) if value else None

    async def set_role(self, account_id: int, role: Role, by_id: int | None, at: datetime) -> None:
        values = {"account_id": account_id, "role": role.value, "granted_by": by_id, "granted_at": at}
        await self.s.execute(upsert(self.s, ModRoleRow, values, ["account_id"]))
        facts(self.s).roles.pop(account_id, None)

    async def drop_role(self, account_id: int) -> bool:
        facts(self.s).roles.pop(account_id, None)
        result = await self.s.execute(delete(ModRoleRow).where(ModRoleRow.account_id == account_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def staff_ids(self) -> list[int]:
        return list(await self.s.scalars(select(ModRoleRow.account_id).order_by(ModRoleRow.account_id)))

    async def keep_admins(self, account_ids: list[int]) -> None:
        facts(self.s).roles.clear()
        await self.s.execute(delete(ModRoleRow).where(
            ModRoleRow.role == Role.ADMIN.value, ModRoleRow.account_id.not_in(account_ids or [-1]),
        ))

    # --- sanctions -----------------------------------------------------------------------------
    def known_unsanctioned(self, account_id: int) -> None:
        self._sanctions.setdefault(account_id, {})

    async def sanction(self, account_id: int, kind: SanctionKind) -> Sanction | None:
        known = self._sanctions.get(account_id)
        if known is None:
            rows = await self.s.execute(select(*SanctionRow.__table__.c).where(SanctionRow.account_id == account_id))
            known = self._sanctions[account_id] = {SanctionKind(r.kind): convert.sanction(r) for r in rows}  # type: ignore[arg-type]
        return known.get(kind)

    async def put_sanction(self, sanction: Sanction) -> None:
        values = {"account_id": sanction.account_id, "kind": sanction.kind.value, "until": sanction.until,
                  "reason": sanction.reason, "by_id": sanction.by_id, "created_at": sanction.created_at}
        await self.s.execute(upsert(self.s, SanctionRow, values, ["account_id", "kind"]))
        self._sanctions.pop(sanction.account_id, None)

    async def lift(self, account_id: int, kind: SanctionKind) -> bool:
        self._sanctions.pop(account_id, None)
        result = await self.s.execute(
            delete(SanctionRow).where(SanctionRow.account_id == account_id, SanctionRow.kind == kind.value)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def banned_among(self, account_ids: list[int]) -> set[int]:
        if not account_ids:
            return set()
        return set(await self.s.scalars(select(SanctionRow.account_id).where(
            SanctionRow.kind == SanctionKind.BAN.value, SanctionRow.account_id.in_(account_ids),
        )))

    async def due(self, now: datetime) -> list[Sanction]:
        rows = await self.s.scalars(select(SanctionRow).where(SanctionRow.until <= now).order_by(SanctionRow.until))
        return [convert.sanction(r) for r in rows]

    # --- reports -------------------------------------------------------------------------------
    async def add_report(self, report: Report) -> Report:
        report_id = await self.s.scalar(insert(ReportRow).values(
            reporter_id=report.reporter_id, target_id=report.target_id, post_id=report.post_id,
            comment_id=report.comment_id, entry_id=report.entry_id, reason=report.reason, created_at=report.created_at, open=True,
        ).returning(ReportRow.id))
        assert report_id is not None
        return Report(report_id, report.reporter_id, report.target_id, report.post_id, report.reason,
                      report.created_at, comment_id=report.comment_id, entry_id=report.entry_id)

    async def get_report(self, report_id: int) -> Report | None:
        row = await self.s.get(ReportRow, report_id)
        return convert.report(row) if row else None

    async def has_open_report(self, reporter_id: int, target_id: int, post_id: int | None,
                              comment_id: int | None = None, entry_id: int | None = None) -> bool:
        q = select(ReportRow.id).where(
            ReportRow.open.is_(True), ReportRow.reporter_id == reporter_id, ReportRow.target_id == target_id,
            ReportRow.post_id.is_(None) if post_id is None else ReportRow.post_id == post_id,
            ReportRow.comment_id.is_(None) if comment_id is None else ReportRow.comment_id == comment_id,
            ReportRow.entry_id.is_(None) if entry_id is None else ReportRow.entry_id == entry_id,
        ).limit(1)
        return await self.s.scalar(q) is not None

    async def open_reports(self, limit: int) -> list[Report]:
        rows = await self.s.scalars(select(ReportRow).where(ReportRow.open.is_(True)).order_by(ReportRow.id).limit(limit))
        return [convert.report(r) for r in rows]

    async def close_reports(self, *, report_id: int | None = None, post_id: int | None = None,
                            target_id: int | None = None, comment_ids: list[int] | None = None,
                            entry_ids: list[int] | None = None) -> int:
        conds = [c for c in (
            ReportRow.id == report_id if report_id is not None else None,
            ReportRow.post_id == post_id if post_id is not None else None,
            ReportRow.target_id == target_id if target_id is not None else None,
            ReportRow.comment_id.in_(comment_ids) if comment_ids else None,
            ReportRow.entry_id.in_(entry_ids) if entry_ids else None,
        ) if c is not None]
        if not conds:
            return 0
        result = await self.s.execute(
            update(ReportRow).where(ReportRow.open.is_(True), or_(*conds)).values(open=False)
            .execution_options(synchronize_session=False)
        )
        self.s.expire_all()
        return int(result.rowcount)  # type: ignore[attr-defined]

    # --- the audit log -------------------------------------------------------------------------
    async def add_log(self, entry: LogEntry) -> LogEntry:
        log_id = await self.s.scalar(insert(ModLogRow).values(
            at=entry.at, actor_id=entry.actor_id, action=entry.action, target_id=entry.target_id,
            post_id=entry.post_id, reason=entry.reason, until=entry.until, comment_id=entry.comment_id,
            entry_id=entry.entry_id,
        ).returning(ModLogRow.id))
        assert log_id is not None
        return LogEntry(log_id, entry.at, entry.actor_id, entry.action, entry.target_id, entry.post_id,
                        entry.reason, entry.until, entry.comment_id, entry.entry_id)

    async def log_entries(self, account_id: int | None, limit: int) -> list[LogEntry]:
        q = select(ModLogRow).order_by(ModLogRow.id.desc()).limit(limit)
        if account_id is not None:
            q = q.where(or_(ModLogRow.actor_id == account_id, ModLogRow.target_id == account_id))
        return [convert.log_entry(r) for r in await self.s.scalars(q)]

    # --- the word filter -----------------------------------------------------------------------
    async def filter_words(self) -> list[FilterEntry]:
        # Read under the epoch this message's first query saw (storage.facts): a process that read
        # the words under that epoch already has them. Unknown epoch (no sender, or written here): read.
        epoch, cache = facts(self.s).epochs.get(FILTER_WORDS), caches(self.s)
        if epoch is not None and cache is not None and cache.filter_words and cache.filter_words[0] == epoch:
            return list(cache.filter_words[1])
        words = [convert.filter_entry(r) for r in await run(self.s, _FILTER_WORDS, {})]
        if epoch is not None and cache is not None and (cache.filter_words is None or cache.filter_words[0] <= epoch):
            cache.filter_words = (epoch, words)
        return list(words)

    async def put_word(self, entry: FilterEntry) -> bool:
        existed = await self.s.scalar(select(func.count()).where(FilterWordRow.word == entry.word))
        values = {"word": entry.word, "action": entry.action.value, "source": entry.source}
        await self.s.execute(upsert(self.s, FilterWordRow, values, ["word"]))
        await bump(self.s, FILTER_WORDS)
        return not existed

    async def remove_word(self, word: str) -> bool:
        result = await self.s.execute(delete(FilterWordRow).where(FilterWordRow.word == word))
        if result.rowcount:  # type: ignore[attr-defined]
            await bump(self.s, FILTER_WORDS)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def replace_config_words(self, entries: list[FilterEntry]) -> None:
        await self.s.execute(delete(FilterWordRow).where(FilterWordRow.source == "config"))
        await bump(self.s, FILTER_WORDS)
        for e in entries:
            await self.put_word(e)

    # --- rate-limit hits -----------------------------------------------------------------------
    async def hits(self, account_id: int, bucket: str, since: datetime) -> list[datetime]:
        q = (select(RateHitRow.at)
             .where(RateHitRow.account_id == account_id, RateHitRow.bucket == bucket, RateHitRow.at > since)
             .order_by(RateHitRow.at))
        return list(await self.s.scalars(q))

    async def claim_hit(self, account_id: int, bucket: str, at: datetime, limit: int, since: datetime) -> bool:
        """Record a hit unless `limit` are recorded after `since`: one conditional INSERT … SELECT."""
        return bucket in await self.claim_hits(account_id, at, [(bucket, limit, since)])

    async def claim_hits(self, account_id: int, at: datetime, claims: Sequence[tuple[str, int, datetime]]) -> set[str]:
        """One hit in each bucket whose window has room, all in one conditional INSERT … SELECT … RETURNING."""
        if not claims:
            return set()
        if not await lock_account(self.s, account_id):
            return {bucket for bucket, _n, _since in claims}  # merged away by /link in this very transaction
        params: dict[str, Any] = {"account_id": account_id, "at": at}
        for i, (bucket, limit, since) in enumerate(claims):
            params.update({f"b{i}": bucket, f"n{i}": limit, f"s{i}": since})
        # Every message's last statement: compiled once per number of buckets (storage.prepared).
        claimed = {bucket for (bucket,) in await fetch(self.s, prepared(_claim_hits(len(claims))), params)}
        if len(claimed) < len(claims) and await self.s.scalar(select(AccountRow.id).where(AccountRow.id == account_id)) is None:
            # Nothing inserted because the account is gone (SQLite takes no lock first): nothing to limit.
            return {bucket for bucket, _n, _since in claims}
        return claimed

    async def prune_hits(self, before: datetime) -> int:
        result = await self.s.execute(delete(RateHitRow).where(RateHitRow.at <= before))
        return int(result.rowcount)  # type: ignore[attr-defined]


@lru_cache(maxsize=8)
def _claim_hits(count: int) -> Any:
    """INSERT … SELECT of one hit per wanted bucket (`b0`, limit `n0`, window start `s0`, …) that still has room.

    The wanted buckets are a UNION ALL of one-row SELECTs (SQLite names no VALUES columns); each row's
    count of recent hits is correlated, so every bucket is judged against its own limit and window."""
    at_type = RateHitRow.at.type
    wanted = union_all(*(
        select(bindparam(f"b{i}", type_=RateHitRow.bucket.type).label("bucket"),
               bindparam(f"n{i}", type_=Integer()).label("n"), bindparam(f"s{i}", type_=at_type).label("since"))
        for i in range(count)
    )).subquery("wanted")
    recent = (select(func.count()).select_from(RateHitRow)
              .where(RateHitRow.account_id == AccountRow.id, RateHitRow.bucket == wanted.c.bucket,
                     RateHitRow.at > wanted.c.since)
              .scalar_subquery())
    source = (select(AccountRow.id, wanted.c.bucket, bindparam("at", type_=at_type))
              .select_from(AccountRow.__table__.join(wanted, true()))
              .where(AccountRow.id == bindparam("account_id"), recent < wanted.c.n))
    return (insert(RateHitRow).from_select(["account_id", "bucket", "at"], source)
            .returning(RateHitRow.bucket))
