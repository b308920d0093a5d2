"""Likes and comments on album photos: comments get a subject (a post or a photo), photos a like tally.

Revision ID: 0018_photo_talk
Revises: 0017_epochs
Create Date: 2026-12-03

On SQLite the comments table is rebuilt (a column can't drop NOT NULL or gain a CHECK in
place). Not with batch mode's copy: migrations run with foreign keys on, and dropping the old
table deletes its rows first, which would cascade into a copy whose replies still point at
"comments". The new table points its replies at itself and takes the name afterwards (SQLite
renames the reference along with the table), so nothing else ever references the dropped one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_photo_talk"
down_revision = "0017_epochs"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
COLUMNS = "id, post_id, author_id, parent_id, body, created_at, status"


def _sqlite_rebuild(*, photos: bool) -> None:
    """comments anew: with `photos`, post_id nullable beside photo_id (exactly one set); without, as before 0018."""
    extra: list[sa.schema.SchemaItem] = []
    if photos:
        extra = [
            sa.Column("photo_id", ID, nullable=True),
            sa.ForeignKeyConstraint(["photo_id"], ["photos.id"], name="fk_comments_photo_id_photos", ondelete="CASCADE"),
            sa.CheckConstraint("(post_id IS NULL) <> (photo_id IS NULL)", name="ck_comments_one_subject"),
        ]
    op.create_table(
        "comments_new",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("post_id", ID, nullable=photos),
        sa.Column("author_id", ID, nullable=False),
        sa.Column("parent_id", ID, nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False, server_default="active"),
        sa.ForeignKeyConstraint(["author_id"], ["accounts.id"], name="fk_comments_author_id_accounts", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["parent_id"], ["comments_new.id"], name="fk_comments_parent_id_comments",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name="fk_comments_post_id_posts", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
        *extra,
    )
    # Parents before replies: ids ascend, and a reply is always younger than its thread head.
    op.execute(f"INSERT INTO comments_new ({COLUMNS}) SELECT {COLUMNS} FROM comments ORDER BY id")
    op.drop_table("comments")
    op.rename_table("comments_new", "comments")
    op.create_index("ix_comments_author_id", "comments", ["author_id"])
    op.create_index("ix_comments_parent_id", "comments", ["parent_id"])
    op.create_index("ix_comments_post_id_id", "comments", ["post_id", "id"])
    if photos:
        op.create_index("ix_comments_photo_id_id", "comments", ["photo_id", "id"])


def upgrade() -> None:
    op.add_column("photos", sa.Column("like_count", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "photo_likes",
        sa.Column("photo_id", ID, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.ForeignKeyConstraint(["photo_id"], ["photos.id"], name="fk_photo_likes_photo_id_photos", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_photo_likes_account_id_accounts",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("photo_id", "account_id", name="pk_photo_likes"),
    )
    op.create_index("ix_photo_likes_account", "photo_likes", ["account_id"])
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_rebuild(photos=True)
        return
    op.alter_column("comments", "post_id", existing_type=ID, nullable=True)
    op.add_column("comments", sa.Column("photo_id", ID, nullable=True))
    op.create_foreign_key("fk_comments_photo_id_photos", "comments", "photos", ["photo_id"], ["id"], ondelete="CASCADE")
    op.create_check_constraint("ck_comments_one_subject", "comments", "(post_id IS NULL) <> (photo_id IS NULL)")
    op.create_index("ix_comments_photo_id_id", "comments", ["photo_id", "id"])


def downgrade() -> None:
    # Photo comments have nowhere to go in the older schema (post_id NOT NULL): they are dropped.
    op.execute("DELETE FROM comments WHERE photo_id IS NOT NULL")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_rebuild(photos=False)
    else:
        op.drop_index("ix_comments_photo_id_id", table_name="comments")
        op.drop_constraint("ck_comments_one_subject", "comments", type_="check")
        op.drop_constraint("fk_comments_photo_id_photos", "comments", type_="foreignkey")
        op.drop_column("comments", "photo_id")
        op.alter_column("comments", "post_id", existing_type=ID, nullable=False)
    op.drop_index("ix_photo_likes_account", table_name="photo_likes")
    op.drop_table("photo_likes")
    op.drop_column("photos", "like_count")  # in place (SQLite 3.35+): a batch rebuild drops the table, cascading deletes
