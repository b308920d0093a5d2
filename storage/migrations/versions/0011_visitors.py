"""Visitors (访客): one visit per zone, visitor and day; and the /privacy suggest setting.

Revision ID: 0011_visitors
Revises: 0010_care
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_visitors"
down_revision = "0010_care"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visits",
        sa.Column("zone_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("visitor_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["zone_id"], ["accounts.id"], name="fk_visits_zone_id_accounts", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["visitor_id"], ["accounts.id"], name="fk_visits_visitor_id_accounts",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("zone_id", "visitor_id", "day", name="pk_visits"),
    )
    op.create_index("ix_visits_zone_day", "visits", ["zone_id", "day"])
    op.create_index("ix_visits_visitor", "visits", ["visitor_id"])
    op.add_column("accounts", sa.Column("suggestable", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    op.drop_column("accounts", "suggestable")  # in place (SQLite 3.35+): a batch rebuild drops the table, cascading deletes
    op.drop_index("ix_visits_visitor", table_name="visits")
    op.drop_index("ix_visits_zone_day", table_name="visits")
    op.drop_table("visits")
