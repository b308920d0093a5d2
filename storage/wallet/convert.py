"""Wallet rows → core dataclasses."""

from __future__ import annotations

from typing import Any

from core.shop.model import LedgerEntry, Owned, WalletState
from storage.wallet.tables import InventoryRow, LedgerRow


def entry(r: LedgerRow) -> LedgerEntry:
    return LedgerEntry(
        id=r.id, account_id=r.account_id, amount=r.amount, balance_after=r.balance_after, reason=r.reason,
        actor_id=r.actor_id, item_id=r.item_id, counterpart_id=r.counterpart_id, note=r.note,
        ref_entry_id=r.ref_entry_id, key=r.key, created_at=r.created_at,
    )


def state(account_id: int, r: Any) -> WalletState:
    """A wallet row (the wallets table's columns), or None for an account that never had one."""
    if r is None:
        return WalletState(account_id)
    return WalletState(account_id, r.balance, r.streak, r.last_checkin, r.timezone, r.tz_changed_at,
                       r.theme_id, r.music_id)


def owned(r: InventoryRow) -> Owned:
    return Owned(r.item_id, r.acquired_at, r.via, r.from_id)
