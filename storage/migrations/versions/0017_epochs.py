"""Epochs: a counter per thing every message consults (the word filter), bumped by each change to it.

Revision ID: 0017_epochs
Revises: 0016_console_lowercase
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_epochs"
down_revision = "0016_console_lowercase"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "epochs",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("n", ID, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_epochs"),
    )


def downgrade() -> None:
    op.drop_table("epochs")
