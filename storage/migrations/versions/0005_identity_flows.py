"""Join the feature branches; keep chat flows on the identity row.

Revision ID: 0005
Revises: 0002, 0003, 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = ("0002", "0003", "0004")
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flow", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("flow_expires_at", sa.DateTime(timezone=True), nullable=True))
    # Flows used to live in kv_state; any still pending there are short-lived and simply dropped.
    op.execute("DELETE FROM kv_state WHERE key LIKE 'flow:%'")


def downgrade() -> None:
    op.drop_column("identities", "flow_expires_at")  # in place (SQLite 3.35+): a batch rebuild drops the table, cascading deletes
    op.drop_column("identities", "flow")
