"""A face and a cover: each account's avatar and zone cover (renditions from the media pipeline).

Revision ID: 0014_pictures
Revises: 0013_notifications
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_pictures"
down_revision = "0013_notifications"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("avatar", sa.JSON(), nullable=True))
    op.add_column("accounts", sa.Column("cover", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("accounts", "cover")  # in place (SQLite 3.35+): a batch rebuild drops the table, cascading deletes
    op.drop_column("accounts", "avatar")
