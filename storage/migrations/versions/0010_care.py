"""Special care (特别关心): whose new posts reach a carer at once.

Revision ID: 0010_care
Revises: 0009_languages
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_care"
down_revision = "0009_languages"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "care",
        sa.Column("carer_id", ID, nullable=False),
        sa.Column("cared_id", ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["carer_id"], ["accounts.id"], name=op.f("fk_care_carer_id_accounts"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["cared_id"], ["accounts.id"], name=op.f("fk_care_cared_id_accounts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("carer_id", "cared_id", name=op.f("pk_care")),
    )
    op.create_index("ix_care_cared", "care", ["cared_id"])


def downgrade() -> None:
    op.drop_index("ix_care_cared", table_name="care")
    op.drop_table("care")
