"""The wallet's tables: balances and zone looks, the append-only ledger, inventories, counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, Id


class WalletRow(Base):
    """One per account that ever touched coins. `balance` is a cache of the ledger's sum that the
    database itself keeps from going negative (the CHECK is a second line behind the conditional UPDATE)."""

    __tablename__ = "wallets"
    __table_args__ = (CheckConstraint("balance >= 0", name="balance_not_negative"),)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    balance: Mapped[int] = mapped_column(Integer, default=0)
    streak: Mapped[int] = mapped_column(Integer, default=0)
    last_checkin: Mapped[str | None] = mapped_column(String(10))
    timezone: Mapped[str | None] = mapped_column(String(64))
    tz_changed_at: Mapped[datetime | None]
    theme_id: Mapped[str | None] = mapped_column(String(24))
    music_id: Mapped[str | None] = mapped_column(String(24))


class LedgerRow(Base):
    """Append-only: rows are inserted, never updated or deleted (refunds are new rows)."""

    __tablename__ = "ledger_entries"
    __table_args__ = (Index("ix_ledger_entries_account_id_id", "account_id", "id"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    amount: Mapped[int] = mapped_column(Integer)
    balance_after: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    item_id: Mapped[str | None] = mapped_column(String(24))
    counterpart_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(200), default="")
    ref_entry_id: Mapped[int | None] = mapped_column(Id)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime]


class InventoryRow(Base):
    __tablename__ = "inventory_items"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(24), primary_key=True)
    acquired_at: Mapped[datetime]
    via: Mapped[str] = mapped_column(String(10))
    from_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class CounterRow(Base):
    """Small capped counters: limited stock sold, daily reward caps (`likes:ACCOUNT:DAY`)."""

    __tablename__ = "wallet_counters"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
