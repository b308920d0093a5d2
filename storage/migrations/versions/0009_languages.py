"""The language each person reads: the one they chose (`/lang`) and the one their messenger hints.

Revision ID: 0009_languages
Revises: 0008_delivery_leases
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_languages"
down_revision = "0008_delivery_leases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("language", sa.String(16), nullable=True))
    op.add_column("accounts", sa.Column("language_hint", sa.String(16), nullable=True))


def downgrade() -> None:
    op.drop_column("accounts", "language_hint")  # in place (SQLite 3.35+): a batch rebuild drops the table, cascading deletes
    op.drop_column("accounts", "language")
