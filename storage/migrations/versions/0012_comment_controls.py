"""Comment controls per post: who may comment (open, friends, closed, approve); pending comments wait.

Revision ID: 0012_comment_controls
Revises: 0011_visitors
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_comment_controls"
down_revision = "0011_visitors"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("posts", sa.Column("comment_policy", sa.String(10), nullable=False, server_default="open"))


def downgrade() -> None:
    op.drop_column("posts", "comment_policy")  # in place (SQLite 3.35+): a batch rebuild drops the table, cascading deletes
