"""The visitors feature's values: a zone's visit counts and one line of its visitor list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.model import Account

RECENT = 20
"""How many visitors /visitors lists (newest first)."""

CLOAK = "invisible"
"""The shop perk (a badge's `perk`) that lets its holder visit without being recorded."""


@dataclass(frozen=True)
class VisitCounts:
    """How many visits a zone had: today (the owner's calendar day) and ever."""

    today: int = 0
    total: int = 0


@dataclass(frozen=True)
class RecentVisitor:
    """Someone in a zone's visitor list, with their latest recorded visit."""

    account: Account
    at: datetime
