"""Each account's notifications list (/notifications): one row per event it heard of, and when it was read.

Revision ID: 0013_notifications
Revises: 0012_comment_controls
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_notifications"
down_revision = "0012_comment_controls"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("event_id", ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_notifications_account_id_accounts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["outbox.id"], name=op.f("fk_notifications_event_id_outbox"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("account_id", "event_id", name=op.f("uq_notifications_account_id")),
    )
    op.create_index("ix_notifications_account", "notifications", ["account_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_notifications_account", table_name="notifications")
    op.drop_table("notifications")
