"""moderation: roles, sanctions, reports, audit log, word filter, rate-limit hits

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def _account_fk(table: str, column: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["accounts.id"], name=f"fk_{table}_{column}_accounts", ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "mod_roles",
        sa.Column("account_id", ID, nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("granted_by", ID, nullable=True),
        sa.Column("granted_at", WHEN, nullable=False),
        _account_fk("mod_roles", "account_id", "CASCADE"),
        _account_fk("mod_roles", "granted_by", "SET NULL"),
        sa.PrimaryKeyConstraint("account_id", name="pk_mod_roles"),
    )
    op.create_table(
        "mod_sanctions",
        sa.Column("account_id", ID, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("until", WHEN, nullable=True),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("by_id", ID, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        _account_fk("mod_sanctions", "account_id", "CASCADE"),
        _account_fk("mod_sanctions", "by_id", "SET NULL"),
        sa.PrimaryKeyConstraint("account_id", "kind", name="pk_mod_sanctions"),
    )
    with op.batch_alter_table("mod_sanctions") as batch:
        batch.create_index("ix_mod_sanctions_until", ["until"])
    op.create_table(
        "mod_reports",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("reporter_id", ID, nullable=True),
        sa.Column("target_id", ID, nullable=False),
        sa.Column("post_id", ID, nullable=True),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        _account_fk("mod_reports", "reporter_id", "SET NULL"),
        _account_fk("mod_reports", "target_id", "CASCADE"),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name="fk_mod_reports_post_id_posts", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_mod_reports"),
    )
    with op.batch_alter_table("mod_reports") as batch:
        batch.create_index("ix_mod_reports_open_id", ["open", "id"])
    op.create_table(
        "mod_log",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("actor_id", ID, nullable=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("target_id", ID, nullable=True),
        sa.Column("post_id", ID, nullable=True),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("until", WHEN, nullable=True),
        _account_fk("mod_log", "actor_id", "SET NULL"),
        _account_fk("mod_log", "target_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_mod_log"),
    )
    with op.batch_alter_table("mod_log") as batch:
        batch.create_index("ix_mod_log_actor_id", ["actor_id"])
        batch.create_index("ix_mod_log_target_id", ["target_id"])
    op.create_table(
        "mod_filter_words",
        sa.Column("word", sa.String(64), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
        sa.PrimaryKeyConstraint("word", name="pk_mod_filter_words"),
    )
    op.create_table(
        "rate_hits",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("bucket", sa.String(16), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        _account_fk("rate_hits", "account_id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_rate_hits"),
    )
    with op.batch_alter_table("rate_hits") as batch:
        batch.create_index("ix_rate_hits_account_bucket_at", ["account_id", "bucket", "at"])


def downgrade() -> None:
    for table in ("rate_hits", "mod_filter_words", "mod_log", "mod_reports", "mod_sanctions", "mod_roles"):
        op.drop_table(table)
