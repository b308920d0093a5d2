"""Moderation rows → core dataclasses."""

from __future__ import annotations

from typing import Any

from core.moderation.model import Action, FilterAction, FilterEntry, LogEntry, Report, Sanction, SanctionKind
from storage.moderation.tables import ModLogRow, ReportRow, SanctionRow


def report(r: ReportRow) -> Report:
    return Report(r.id, r.reporter_id, r.target_id, r.post_id, r.reason, r.created_at, r.open, r.comment_id, r.entry_id)


def sanction(r: SanctionRow) -> Sanction:
    return Sanction(r.account_id, SanctionKind(r.kind), r.until, r.reason, r.by_id, r.created_at)


def log_entry(r: ModLogRow) -> LogEntry:
    return LogEntry(r.id, r.at, r.actor_id, Action(r.action), r.target_id, r.post_id, r.reason, r.until, r.comment_id, r.entry_id)


def filter_entry(r: Any) -> FilterEntry:
    """A (word, action, source) row."""
    word, action, source = r
    return FilterEntry(word, FilterAction(action), source)
