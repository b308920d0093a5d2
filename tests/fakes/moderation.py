"""Moderation in memory: roles, sanctions, reports, the audit log, the word filter, rate hits
(storage/moderation.py's semantics, its per-transaction sanction cache included)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from core.moderation.model import FilterEntry, LogEntry, Report, Role, Sanction, SanctionKind
from tests.fakes.tables import RateHit, RoleRow, Store


class MemoryModerationRepo:
    def __init__(self, uow: Store) -> None:
        self.uow = uow
        self._sanctions: dict[int, dict[SanctionKind, Sanction]] = {}

    # --- roles ---------------------------------------------------------------------------------
    async def role(self, account_id: int) -> Role | None:
        row = self.uow.read.roles.get(account_id)
        return Role(row.role) if row else None

    async def set_role(self, account_id: int, role: Role, by_id: int | None, at: datetime) -> None:
        (await self.uow.write()).roles[account_id] = RoleRow(role.value, by_id, at)

    async def drop_role(self, account_id: int) -> bool:
        return (await self.uow.write()).roles.pop(account_id, None) is not None

    async def staff_ids(self) -> list[int]:
        return sorted(self.uow.read.roles)

    async def keep_admins(self, account_ids: list[int]) -> None:
        t = await self.uow.write()
        t.roles = {k: r for k, r in t.roles.items() if r.role != Role.ADMIN.value or k in account_ids}

    # --- sanctions -----------------------------------------------------------------------------
    def known_unsanctioned(self, account_id: int) -> None:
        self._sanctions.setdefault(account_id, {})

    async def sanction(self, account_id: int, kind: SanctionKind) -> Sanction | None:
        known = self._sanctions.get(account_id)
        if known is None:
            rows = [s for (a, _), s in self.uow.read.sanctions.items() if a == account_id]
            known = self._sanctions[account_id] = {s.kind: s for s in rows}
        return known.get(kind)

    async def put_sanction(self, sanction: Sanction) -> None:
        (await self.uow.write()).sanctions[(sanction.account_id, sanction.kind.value)] = sanction
        self._sanctions.pop(sanction.account_id, None)

    async def lift(self, account_id: int, kind: SanctionKind) -> bool:
        self._sanctions.pop(account_id, None)
        return (await self.uow.write()).sanctions.pop((account_id, kind.value), None) is not None

    async def banned_among(self, account_ids: list[int]) -> set[int]:
        sanctions = self.uow.read.sanctions
        return {a for a in account_ids if (a, SanctionKind.BAN.value) in sanctions}

    async def due(self, now: datetime) -> list[Sanction]:
        found = [s for s in self.uow.read.sanctions.values() if s.until is not None and s.until <= now]
        return sorted(found, key=lambda s: s.until)  # type: ignore[arg-type, return-value]

    # --- reports -------------------------------------------------------------------------------
    async def add_report(self, report: Report) -> Report:
        t = await self.uow.write()
        stored = Report(t.next_id("reports"), report.reporter_id, report.target_id, report.post_id, report.reason,
                        report.created_at, True, report.comment_id, report.entry_id)
        t.reports[stored.id] = stored
        return stored

    async def get_report(self, report_id: int) -> Report | None:
        return self.uow.read.reports.get(report_id)

    async def has_open_report(self, reporter_id: int, target_id: int, post_id: int | None,
                              comment_id: int | None = None, entry_id: int | None = None) -> bool:
        return any(r.open and (r.reporter_id, r.target_id, r.post_id, r.comment_id, r.entry_id)
                   == (reporter_id, target_id, post_id, comment_id, entry_id) for r in self.uow.read.reports.values())

    async def open_reports(self, limit: int) -> list[Report]:
        return sorted((r for r in self.uow.read.reports.values() if r.open), key=lambda r: r.id)[:limit]

    async def close_reports(self, *, report_id: int | None = None, post_id: int | None = None,
                            target_id: int | None = None, comment_ids: list[int] | None = None,
                            entry_ids: list[int] | None = None) -> int:
        if report_id is None and post_id is None and target_id is None and not comment_ids and not entry_ids:
            return 0
        t = await self.uow.write()
        closing = [r for r in t.reports.values() if r.open and (
            (report_id is not None and r.id == report_id) or (post_id is not None and r.post_id == post_id)
            or (target_id is not None and r.target_id == target_id)
            or (bool(comment_ids) and r.comment_id in (comment_ids or []))
            or (bool(entry_ids) and r.entry_id in (entry_ids or [])))]
        for r in closing:
            t.reports[r.id] = replace(r, open=False)
        return len(closing)

    # --- the audit log -------------------------------------------------------------------------
    async def add_log(self, entry: LogEntry) -> LogEntry:
        t = await self.uow.write()
        stored = replace(entry, id=t.next_id("mod_log"))
        t.log[stored.id] = stored
        return stored

    async def log_entries(self, account_id: int | None, limit: int) -> list[LogEntry]:
        found = [e for e in self.uow.read.log.values()
                 if account_id is None or account_id in (e.actor_id, e.target_id)]
        return sorted(found, key=lambda e: -e.id)[:limit]

    # --- the word filter -----------------------------------------------------------------------
    async def filter_words(self) -> list[FilterEntry]:
        return list(self.uow.read.words.values())  # no ORDER BY in SQL either

    async def put_word(self, entry: FilterEntry) -> bool:
        t = await self.uow.write()
        new = entry.word not in t.words
        t.words[entry.word] = entry
        return new

    async def remove_word(self, word: str) -> bool:
        return (await self.uow.write()).words.pop(word, None) is not None

    async def replace_config_words(self, entries: list[FilterEntry]) -> None:
        t = await self.uow.write()
        t.words = {w: e for w, e in t.words.items() if e.source != "config"}
        for e in entries:
            await self.put_word(e)

    # --- rate-limit hits -----------------------------------------------------------------------
    async def hits(self, account_id: int, bucket: str, since: datetime) -> list[datetime]:
        return sorted(h.at for h in self.uow.read.hits.values()
                      if (h.account_id, h.bucket) == (account_id, bucket) and h.at > since)

    async def claim_hit(self, account_id: int, bucket: str, at: datetime, limit: int, since: datetime) -> bool:
        """Record a hit unless `limit` are recorded after `since` (under the write lock: one statement)."""
        t = await self.uow.write()
        if account_id not in t.accounts:
            return True  # merged away by /link in this very transaction: nothing left to limit
        mine = (account_id, bucket)
        if sum(1 for h in t.hits.values() if (h.account_id, h.bucket) == mine and h.at > since) >= limit:
            return False
        t.hits[t.next_id("rate_hits")] = RateHit(account_id, bucket, at)
        return True

    async def claim_hits(self, account_id: int, at: datetime, claims: Sequence[tuple[str, int, datetime]]) -> set[str]:
        return {bucket for bucket, limit, since in claims if await self.claim_hit(account_id, bucket, at, limit, since)}

    async def prune_hits(self, before: datetime) -> int:
        t = await self.uow.write()
        old = [k for k, h in t.hits.items() if h.at <= before]
        for k in old:
            del t.hits[k]
        return len(old)
