"""Comments can be hidden by moderators, reported, and named in the audit log.

Revision ID: 0006_comment_moderation
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_comment_moderation"
down_revision = "0005"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(10), nullable=False, server_default="active"))
    # No foreign keys: a report and a log line outlive the comment they name.
    with op.batch_alter_table("mod_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("comment_id", ID, nullable=True))
    with op.batch_alter_table("mod_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("comment_id", ID, nullable=True))


def downgrade() -> None:
    op.drop_column("mod_log", "comment_id")  # in place (SQLite 3.35+): a batch rebuild drops the table, cascading deletes
    op.drop_column("mod_reports", "comment_id")
    op.drop_column("comments", "status")
