"""What the wallet feature needs from storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from core.shop.model import LedgerEntry, NewEntry, Owned, WalletState


class WalletRepo(Protocol):
    async def state(self, account_id: int) -> WalletState: ...
    async def timezone(self, account_id: int) -> str | None:
        """The time zone set with /timezone (None: the site's), as `state` has it."""
        ...

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

    async def bump(self, key: str, cap: int, *, for_good: bool = False) -> bool:
        """Increment the counter `key` if it is below `cap` (one statement); False when full.

        `for_good`: the counter is never taken back (`unbump`), so once full it stays full — what a
        daily cap is (its key names the day): a store may remember that and spare the statement."""
        ...

    async def unbump(self, key: str) -> None: ...
    async def counter(self, key: str) -> int: ...
