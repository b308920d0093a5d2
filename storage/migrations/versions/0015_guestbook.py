"""The guestbook (留言板): entries in a zone's guestbook, who may sign it, and entries under moderation.

Revision ID: 0015_guestbook
Revises: 0014_pictures
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_guestbook"
down_revision = "0014_pictures"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("accounts", sa.Column("guestbook", sa.String(10), nullable=False, server_default="everyone"))
    op.create_table(
        "guestbook_entries",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("owner_id", ID, sa.ForeignKey("accounts.id", name="fk_guestbook_entries_owner_id_accounts",
                                                ondelete="CASCADE"), nullable=False),
        sa.Column("author_id", ID, sa.ForeignKey("accounts.id", name="fk_guestbook_entries_author_id_accounts",
                                                 ondelete="CASCADE"), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_guestbook_entries"),
    )
    op.create_index("ix_guestbook_entries_owner_id_id", "guestbook_entries", ["owner_id", "id"])
    op.create_index("ix_guestbook_entries_author_id", "guestbook_entries", ["author_id"])
    # No foreign keys: a report and a log line outlive the entry they name.
    with op.batch_alter_table("mod_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_id", ID, nullable=True))
    with op.batch_alter_table("mod_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_id", ID, nullable=True))


def downgrade() -> None:
    op.drop_column("mod_log", "entry_id")  # in place (SQLite 3.35+): a batch rebuild drops the table, cascading deletes
    op.drop_column("mod_reports", "entry_id")
    op.drop_index("ix_guestbook_entries_author_id", table_name="guestbook_entries")
    op.drop_index("ix_guestbook_entries_owner_id_id", table_name="guestbook_entries")
    op.drop_table("guestbook_entries")
    op.drop_column("accounts", "guestbook")
