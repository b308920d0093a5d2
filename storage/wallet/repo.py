"""Wallet on SQLAlchemy: every balance change is one conditional UPDATE … RETURNING plus its ledger row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.shop.model import LedgerEntry, NewEntry, Owned, WalletState
from storage.dialect import built, insert_for, insert_ignore, run
from storage.errors import repository
from storage.facts import caches, facts
from storage.wallet import convert
from storage.wallet.tables import CounterRow, InventoryRow, LedgerRow, WalletRow


_STATE = select(*WalletRow.__table__.c).where(WalletRow.account_id == bindparam("account_id"))
_ENTRY_BY_KEY = select(*LedgerRow.__table__.c).where(LedgerRow.key == bindparam("key"))
# The hot statements of earning (a post's daily reward), built once; parameters bound at execution.
_DEBIT = (update(WalletRow)
          .where(WalletRow.account_id == bindparam("b_account_id"), WalletRow.balance + bindparam("amount") >= 0)
          .values(balance=WalletRow.balance + bindparam("amount")).returning(WalletRow.balance))
_ADD_ENTRY = insert(LedgerRow).returning(LedgerRow.id)


def _credit(dialect: str) -> Any:
    ins = insert_for(dialect, WalletRow).values(account_id=bindparam("b_account_id"), balance=bindparam("amount"), streak=0)
    return ins.on_conflict_do_update(
        index_elements=["account_id"], set_={"balance": WalletRow.balance + ins.excluded.balance},
    ).returning(WalletRow.balance)


def _bump(dialect: str) -> Any:
    ins = insert_for(dialect, CounterRow).values(key=bindparam("key"), n=1)
    return ins.on_conflict_do_update(
        index_elements=["key"], set_={"n": CounterRow.n + 1}, where=CounterRow.n < bindparam("cap"),
    ).returning(CounterRow.n)


@repository
class SqlWalletRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def _ensure(self, account_id: int) -> None:
        await self.s.execute(insert_ignore(self.s, WalletRow).values(account_id=account_id, balance=0, streak=0))

    async def state(self, account_id: int) -> WalletState:
        return convert.state(account_id, (await run(self.s, _STATE, {"account_id": account_id})).first())

    async def timezone(self, account_id: int) -> str | None:
        known = facts(self.s).time_zones
        if account_id in known:
            return known[account_id]  # read with the sender (storage.facts)
        return (await self.state(account_id)).timezone

    async def change(self, account_id: int, amount: int, entry: NewEntry, at: datetime) -> LedgerEntry | None:
        # One statement decides and applies: concurrent spenders queue on the row, and each one
        # re-checks the condition against the committed balance — never read, await, write.
        if amount > 0:  # a credit may be the wallet's first: create it in the same statement
            stmt = built(self.s, "wallet_credit", _credit)
        else:  # a debit: no wallet means no coins, so a plain conditional update suffices
            stmt = _DEBIT
        balance = (await run(self.s, stmt, {"b_account_id": account_id, "amount": amount})).scalar_one_or_none()
        if balance is None:
            return None
        values = dict(account_id=account_id, amount=amount, balance_after=balance, reason=entry.reason,
                      actor_id=entry.actor_id, item_id=entry.item_id, counterpart_id=entry.counterpart_id,
                      note=entry.note, ref_entry_id=entry.ref_entry_id, key=entry.key, created_at=at)
        entry_id = (await run(self.s, _ADD_ENTRY, values)).scalar_one()
        return LedgerEntry(id=entry_id, **values)  # type: ignore[arg-type]

    async def entry_by_key(self, key: str) -> LedgerEntry | None:
        row = (await run(self.s, _ENTRY_BY_KEY, {"key": key})).first()
        return convert.entry(row) if row else None

    async def entry(self, entry_id: int) -> LedgerEntry | None:
        row = await self.s.get(LedgerRow, entry_id)
        return convert.entry(row) if row else None

    async def entries(self, account_id: int, limit: int) -> list[LedgerEntry]:
        rows = await self.s.scalars(
            select(LedgerRow).where(LedgerRow.account_id == account_id).order_by(LedgerRow.id.desc()).limit(limit)
        )
        return [convert.entry(r) for r in rows]

    async def ledger_total(self, account_id: int) -> int:
        total = await self.s.scalar(select(func.coalesce(func.sum(LedgerRow.amount), 0))
                                    .where(LedgerRow.account_id == account_id))
        return int(total or 0)

    async def check_in(self, account_id: int, today: str, yesterday: str) -> int | None:
        await self._ensure(account_id)
        # SET expressions all read the old row, so the streak continues only from yesterday.
        return (await self.s.execute(
            update(WalletRow)
            .where(WalletRow.account_id == account_id,
                   or_(WalletRow.last_checkin.is_(None), WalletRow.last_checkin < today))
            .values(streak=case((WalletRow.last_checkin == yesterday, WalletRow.streak + 1), else_=1),
                    last_checkin=today)
            .returning(WalletRow.streak)
        )).scalar_one_or_none()

    async def set_timezone(self, account_id: int, tz: str, at: datetime, *, seen: WalletState) -> bool:
        facts(self.s).time_zones.pop(account_id, None)
        await self._ensure(account_id)
        changed = (await self.s.execute(
            update(WalletRow)
            .where(WalletRow.account_id == account_id,
                   WalletRow.tz_changed_at.is_not_distinct_from(seen.tz_changed_at),
                   WalletRow.last_checkin.is_not_distinct_from(seen.last_checkin))
            .values(timezone=tz, tz_changed_at=at)
            .returning(WalletRow.account_id)
        )).scalar_one_or_none()
        return changed is not None

    async def set_look(self, account_id: int, *, theme_id: str | None, music_id: str | None) -> None:
        await self._ensure(account_id)
        await self.s.execute(update(WalletRow).where(WalletRow.account_id == account_id)
                             .values(theme_id=theme_id, music_id=music_id))

    async def add_item(self, account_id: int, item_id: str, at: datetime, via: str, from_id: int | None) -> bool:
        result = await self.s.execute(insert_ignore(self.s, InventoryRow).values(
            account_id=account_id, item_id=item_id, acquired_at=at, via=via, from_id=from_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def remove_item(self, account_id: int, item_id: str) -> bool:
        result = await self.s.execute(delete(InventoryRow).where(
            InventoryRow.account_id == account_id, InventoryRow.item_id == item_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def items(self, account_id: int) -> list[Owned]:
        rows = await self.s.scalars(select(InventoryRow).where(InventoryRow.account_id == account_id)
                                    .order_by(InventoryRow.acquired_at, InventoryRow.item_id))
        return [convert.owned(r) for r in rows]

    async def owns(self, account_id: int, item_id: str) -> bool:
        found = await self.s.scalar(select(InventoryRow.item_id).where(
            InventoryRow.account_id == account_id, InventoryRow.item_id == item_id))
        return found is not None

    async def bump(self, key: str, cap: int, *, for_good: bool = False) -> bool:
        """Count one more under `key` unless it reached `cap` — one upsert, safe under concurrency."""
        cache, known = caches(self.s), facts(self.s)
        if for_good and cache is not None and cache.full(key):
            return False  # full for good (a day's reward already paid): known in this process
        result = await run(self.s, built(self.s, "wallet_bump", _bump), {"key": key, "cap": cap})
        if result.scalar_one_or_none() is not None:
            known.bumped.add(key)
            return True
        if for_good and cache is not None and key not in known.bumped:
            # Full without this transaction's help: committed by others, so full whatever becomes of this one.
            cache.remember_full(key)
        return False

    async def unbump(self, key: str) -> None:
        await self.s.execute(update(CounterRow).where(CounterRow.key == key, CounterRow.n > 0)
                             .values(n=CounterRow.n - 1))

    async def counter(self, key: str) -> int:
        return int(await self.s.scalar(select(CounterRow.n).where(CounterRow.key == key)) or 0)
