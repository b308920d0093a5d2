"""Who holds a delivery's lease, so a process that stops cleanly hands back all of its own at once.

Revision ID: 0008_delivery_leases
Revises: 0007_site_keys
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_delivery_leases"
down_revision = "0007_site_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("deliveries", sa.Column("leased_by", sa.String(64), nullable=True))


def downgrade() -> None:
    op.drop_column("deliveries", "leased_by")  # in place (SQLite 3.35+): a batch rebuild drops the table, cascading deletes
