"""Roles, sanctions, reports, the word filter and screening (services in `core.moderation.actions`, `.comments`, `.reports`, `.screening`).

This face exports the feature's vocabulary: its values, ports and events. Its services are
imported as modules (`from core.posts import service as posts`): every service takes the
unit of work, and `core.ports.UnitOfWork` names every feature's repository, so a face that
imported services would close an import cycle through `core.ports`.
"""

from core.moderation.events import ModerationTaken, ReportFiled
from core.moderation.model import (
    MAX_DURATION, MAX_REASON, MAX_WORD, TELLS_TARGET, Action, FilterAction, FilterEntry, LogEntry, Refused, Report, Role, Sanction, SanctionKind,
    matches, parse_filter_entry, validate_duration, validate_reason, validate_word,
)
from core.moderation.ports import ModerationRepo

__all__ = [
    "MAX_DURATION", "MAX_REASON", "MAX_WORD", "TELLS_TARGET", "Action", "FilterAction", "FilterEntry", "LogEntry", "ModerationRepo",
    "ModerationTaken", "Refused", "Report", "ReportFiled", "Role", "Sanction", "SanctionKind", 
    "matches", "parse_filter_entry", "validate_duration", "validate_reason", "validate_word",
]
