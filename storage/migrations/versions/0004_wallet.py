"""wallet: balances and zone looks, the ledger, inventories, capped counters

Revision ID: 0004
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "wallets",
        sa.Column("account_id", ID, nullable=False),
        sa.Column("balance", sa.Integer(), nullable=False),
        sa.Column("streak", sa.Integer(), nullable=False),
        sa.Column("last_checkin", sa.String(length=10), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("tz_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("theme_id", sa.String(length=24), nullable=True),
        sa.Column("music_id", sa.String(length=24), nullable=True),
        sa.CheckConstraint("balance >= 0", name=op.f("ck_wallets_balance_not_negative")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_wallets_account_id_accounts"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_wallets")),
    )
    op.create_table(
        "ledger_entries",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("balance_after", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("actor_id", ID, nullable=True),
        sa.Column("item_id", sa.String(length=24), nullable=True),
        sa.Column("counterpart_id", ID, nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("ref_entry_id", ID, nullable=True),
        sa.Column("key", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_ledger_entries_account_id_accounts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["accounts.id"], name=op.f("fk_ledger_entries_actor_id_accounts"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["counterpart_id"], ["accounts.id"],
                                name=op.f("fk_ledger_entries_counterpart_id_accounts"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
        sa.UniqueConstraint("key", name=op.f("uq_ledger_entries_key")),
    )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index("ix_ledger_entries_account_id_id", ["account_id", "id"], unique=False)
    op.create_table(
        "inventory_items",
        sa.Column("account_id", ID, nullable=False),
        sa.Column("item_id", sa.String(length=24), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.Column("from_id", ID, nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_inventory_items_account_id_accounts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["from_id"], ["accounts.id"], name=op.f("fk_inventory_items_from_id_accounts"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("account_id", "item_id", name=op.f("pk_inventory_items")),
    )
    op.create_table(
        "wallet_counters",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_wallet_counters")),
    )


def downgrade() -> None:
    op.drop_table("wallet_counters")
    op.drop_table("inventory_items")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_entries_account_id_id")
    op.drop_table("ledger_entries")
    op.drop_table("wallets")
