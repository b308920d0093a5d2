"""The wallet's values: ledger entries, balances and what an account owns.

The ledger is append-only: a balance changes only together with a new entry, in one
conditional statement that refuses to go below zero (never read, await, write).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class LedgerEntry:
    """One change of one balance: why, who caused it, what it refers to."""

    id: int
    account_id: int
    amount: int
    balance_after: int
    reason: str
    """checkin, post, like, purchase, gift, grant, refund."""
    actor_id: int | None = None
    item_id: str | None = None
    counterpart_id: int | None = None
    """The other account of a gift (its recipient) or the refunded entry's account."""
    note: str = ""
    ref_entry_id: int | None = None
    """For refunds: the entry being reversed."""
    key: str | None = None
    """Idempotency key: the same key never makes a second entry."""
    created_at: datetime | None = None


@dataclass(frozen=True)
class NewEntry:
    reason: str
    actor_id: int | None = None
    item_id: str | None = None
    counterpart_id: int | None = None
    note: str = ""
    ref_entry_id: int | None = None
    key: str | None = None


@dataclass(frozen=True)
class WalletState:
    account_id: int
    balance: int = 0
    streak: int = 0
    last_checkin: str | None = None
    """ISO date of the last check-in, in the account's time zone at the time."""
    timezone: str | None = None
    tz_changed_at: datetime | None = None
    theme_id: str | None = None
    music_id: str | None = None


@dataclass(frozen=True)
class Owned:
    item_id: str
    acquired_at: datetime
    via: str
    """purchase or gift."""
    from_id: int | None = None
