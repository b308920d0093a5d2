"""albums, photos and album answers

Revision ID: 0003
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "albums",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("owner_id", ID, nullable=False),
        sa.Column("title", sa.String(length=64), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("circle_id", ID, nullable=True),
        sa.Column("question", sa.String(length=200), nullable=False),
        sa.Column("answer_hash", sa.String(length=200), nullable=False),
        sa.Column("cover_photo_id", ID, nullable=True),
        sa.Column("photo_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["accounts.id"], name=op.f("fk_albums_owner_id_accounts"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["circle_id"], ["circles.id"], name=op.f("fk_albums_circle_id_circles"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_albums")),
        sa.UniqueConstraint("owner_id", "slug", name=op.f("uq_albums_owner_id")),
    )
    with op.batch_alter_table("albums", schema=None) as batch_op:
        batch_op.create_index("ix_albums_owner_id_id", ["owner_id", "id"], unique=False)

    op.create_table(
        "photos",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("owner_id", ID, nullable=False),
        sa.Column("album_id", ID, nullable=True),
        sa.Column("post_id", ID, nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("caption", sa.String(length=500), nullable=False),
        sa.Column("alt", sa.String(length=300), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("placeholder", sa.String(length=400), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("original_key", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["accounts.id"], name=op.f("fk_photos_owner_id_accounts"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["album_id"], ["albums.id"], name=op.f("fk_photos_album_id_albums"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_photos_post_id_posts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photos")),
    )
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.create_index("ix_photos_album_position", ["album_id", "position"], unique=False)
        batch_op.create_index(batch_op.f("ix_photos_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_photos_post_id"), ["post_id"], unique=False)

    op.create_table(
        "album_answers",
        sa.Column("album_id", ID, nullable=False),
        sa.Column("viewer_id", ID, nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["album_id"], ["albums.id"], name=op.f("fk_album_answers_album_id_albums"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["viewer_id"], ["accounts.id"], name=op.f("fk_album_answers_viewer_id_accounts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("album_id", "viewer_id", name=op.f("pk_album_answers")),
    )


def downgrade() -> None:
    op.drop_table("album_answers")
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_photos_post_id"))
        batch_op.drop_index(batch_op.f("ix_photos_owner_id"))
        batch_op.drop_index("ix_photos_album_position")
    op.drop_table("photos")
    with op.batch_alter_table("albums", schema=None) as batch_op:
        batch_op.drop_index("ix_albums_owner_id_id")
    op.drop_table("albums")
