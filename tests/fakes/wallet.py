"""The wallet in memory (storage/wallet.py's semantics): each balance change is decided and applied
under the write lock, so it is the same single conditional statement as the SQL one."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.shop.model import LedgerEntry, NewEntry, Owned, WalletState
from tests.fakes.tables import Store, Tables, clash


def _ensure(t: Tables, account_id: int) -> WalletState:
    return t.wallets.setdefault(account_id, WalletState(account_id))


class MemoryWalletRepo:
    def __init__(self, uow: Store) -> None:
        self.uow = uow

    async def timezone(self, account_id: int) -> str | None:
        return (await self.state(account_id)).timezone

    async def state(self, account_id: int) -> WalletState:
        return self.uow.read.wallets.get(account_id) or WalletState(account_id)

    async def change(self, account_id: int, amount: int, entry: NewEntry, at: datetime) -> LedgerEntry | None:
        t = await self.uow.write()
        if entry.key is not None and any(e.key == entry.key for e in t.ledger.values()):
            raise clash()  # the ledger's unique key; the statement changes nothing
        wallet = t.wallets.get(account_id)
        if amount > 0:  # a credit may be the wallet's first
            wallet = wallet or WalletState(account_id)
        elif wallet is None or wallet.balance + amount < 0:
            return None  # a debit: no wallet means no coins
        t.wallets[account_id] = wallet = replace(wallet, balance=wallet.balance + amount)
        stored = LedgerEntry(
            id=t.next_id("ledger_entries"), account_id=account_id, amount=amount, balance_after=wallet.balance,
            reason=entry.reason, actor_id=entry.actor_id, item_id=entry.item_id, counterpart_id=entry.counterpart_id,
            note=entry.note, ref_entry_id=entry.ref_entry_id, key=entry.key, created_at=at,
        )
        t.ledger[stored.id] = stored
        return stored

    async def entry_by_key(self, key: str) -> LedgerEntry | None:
        return next((e for e in self.uow.read.ledger.values() if e.key == key), None)

    async def entry(self, entry_id: int) -> LedgerEntry | None:
        return self.uow.read.ledger.get(entry_id)

    async def entries(self, account_id: int, limit: int) -> list[LedgerEntry]:
        return sorted((e for e in self.uow.read.ledger.values() if e.account_id == account_id), key=lambda e: -e.id)[:limit]

    async def ledger_total(self, account_id: int) -> int:
        return sum(e.amount for e in self.uow.read.ledger.values() if e.account_id == account_id)

    async def check_in(self, account_id: int, today: str, yesterday: str) -> int | None:
        t = await self.uow.write()
        w = _ensure(t, account_id)
        if w.last_checkin is not None and not w.last_checkin < today:
            return None
        streak = w.streak + 1 if w.last_checkin == yesterday else 1
        t.wallets[account_id] = replace(w, streak=streak, last_checkin=today)
        return streak

    async def set_timezone(self, account_id: int, tz: str, at: datetime, *, seen: WalletState) -> bool:
        t = await self.uow.write()
        w = _ensure(t, account_id)
        if (w.tz_changed_at, w.last_checkin) != (seen.tz_changed_at, seen.last_checkin):
            return False
        t.wallets[account_id] = replace(w, timezone=tz, tz_changed_at=at)
        return True

    async def set_look(self, account_id: int, *, theme_id: str | None, music_id: str | None) -> None:
        t = await self.uow.write()
        t.wallets[account_id] = replace(_ensure(t, account_id), theme_id=theme_id, music_id=music_id)

    async def add_item(self, account_id: int, item_id: str, at: datetime, via: str, from_id: int | None) -> bool:
        t = await self.uow.write()
        if (account_id, item_id) in t.inventory:
            return False
        t.inventory[(account_id, item_id)] = Owned(item_id, at, via, from_id)
        return True

    async def remove_item(self, account_id: int, item_id: str) -> bool:
        return (await self.uow.write()).inventory.pop((account_id, item_id), None) is not None

    async def items(self, account_id: int) -> list[Owned]:
        mine = [o for (a, _), o in self.uow.read.inventory.items() if a == account_id]
        return sorted(mine, key=lambda o: (o.acquired_at, o.item_id))

    async def owns(self, account_id: int, item_id: str) -> bool:
        return (account_id, item_id) in self.uow.read.inventory

    async def bump(self, key: str, cap: int, *, for_good: bool = False) -> bool:
        """Count one more under `key` unless it reached `cap` (the upsert's WHERE)."""
        t = await self.uow.write()
        n = t.counters.get(key)
        if n is not None and not n < cap:
            return False
        t.counters[key] = (n or 0) + 1
        return True

    async def unbump(self, key: str) -> None:
        t = await self.uow.write()
        if t.counters.get(key, 0) > 0:
            t.counters[key] -= 1

    async def counter(self, key: str) -> int:
        return self.uow.read.counters.get(key, 0)
