"""What the wallet feature needs from storage, and the values it passes across.

The ledger is append-only: a balance changes only together with a new entry, in one
conditional statement that refuses to go below zero (never read, await, write).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from core.shop import Theme


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


class WalletRepo(Protocol):
    async def state(self, account_id: int) -> WalletState: ...

    async def change(self, account_id: int, amount: int, entry: NewEntry, at: datetime) -> LedgerEntry | None:
        """Add `amount` (may be negative) and record the entry, in one conditional statement.

        None when the balance would go below zero: nothing is written.
        """
        ...

    async def entry_by_key(self, key: str) -> LedgerEntry | None: ...
    async def entry(self, entry_id: int) -> LedgerEntry | None: ...
    async def entries(self, account_id: int, limit: int) -> list[LedgerEntry]: ...
    async def ledger_total(self, account_id: int) -> int: ...

    async def check_in(self, account_id: int, today: str, yesterday: str) -> int | None:
        """Record today's check-in and return the new streak; None if already checked in today."""
        ...

    async def set_timezone(self, account_id: int, tz: str, at: datetime, *, seen: WalletState) -> bool:
        """Set the time zone (changed `at`) if the last check-in and the last change are still
        those of `seen`, in one conditional statement; False when something came in between."""
        ...

    async def set_look(self, account_id: int, *, theme_id: str | None, music_id: str | None) -> None:
        """Set what the zone wears; pass the current value to keep it."""
        ...

    async def add_item(self, account_id: int, item_id: str, at: datetime, via: str, from_id: int | None) -> bool:
        """Put an item in the inventory; False if it was already there."""
        ...

    async def remove_item(self, account_id: int, item_id: str) -> bool: ...
    async def items(self, account_id: int) -> list[Owned]: ...
    async def owns(self, account_id: int, item_id: str) -> bool: ...

    async def bump(self, key: str, cap: int) -> bool:
        """Increment the counter `key` if it is below `cap` (one statement); False when full."""
        ...

    async def unbump(self, key: str) -> None: ...
    async def counter(self, key: str) -> int: ...


class PreviewRenderer(Protocol):
    """Draws a theme's preview card for chat (PNG bytes); implementations cache."""

    def theme_card(self, theme: Theme) -> bytes: ...
