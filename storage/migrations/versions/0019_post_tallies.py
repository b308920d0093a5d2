"""Post tallies: how many posts each author has per audience and status, kept by the database itself.

Revision ID: 0019_post_tallies
Revises: 0018_photo_talk
Create Date: 2026-12-03

A zone's header counts the posts the viewer may see. Counting them row by row costs time in
proportion to the zone (150 ms at 100,000 posts); counting the tallies costs the same at any size,
since every atom of core.privacy.content_rule reads only what a tally is grouped by (author,
visibility, circle, status). Triggers on `posts` keep the tallies in the same transaction as every
insert, delete and change of those columns — a circle's deletion (SET NULL) and an account's
(CASCADE) included — so no code path can forget them.

A later migration that rebuilds `posts` with SQLite's batch mode (copy and move) drops its triggers:
such a migration must create them again (`create_triggers`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_post_tallies"
down_revision = "0018_photo_talk"
branch_labels = None
depends_on = None

_KEY = "author_id, visibility, circle_id, status"
_OLD = ("author_id = OLD.author_id AND visibility = OLD.visibility AND circle_id = COALESCE(OLD.circle_id, 0) "
        "AND status = OLD.status")


def _add(row: str) -> str:
    return (f"INSERT INTO post_tallies ({_KEY}, n) VALUES ({row}.author_id, {row}.visibility, "
            f"COALESCE({row}.circle_id, 0), {row}.status, 1) "
            f"ON CONFLICT ({_KEY}) DO UPDATE SET n = post_tallies.n + 1")


_TAKE = f"UPDATE post_tallies SET n = n - 1 WHERE {_OLD}"
_CHANGED = ("OLD.author_id IS NOT NEW.author_id OR OLD.visibility IS NOT NEW.visibility "
            "OR OLD.circle_id IS NOT NEW.circle_id OR OLD.status IS NOT NEW.status")

SQLITE = [
    f"CREATE TRIGGER post_tallies_insert AFTER INSERT ON posts BEGIN {_add('NEW')}; END",
    f"CREATE TRIGGER post_tallies_delete AFTER DELETE ON posts BEGIN {_TAKE}; END",
    f"CREATE TRIGGER post_tallies_update AFTER UPDATE OF {_KEY} ON posts WHEN {_CHANGED} "
    f"BEGIN {_TAKE}; {_add('NEW')}; END",
]
POSTGRESQL = [
    f"""CREATE FUNCTION post_tallies_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NOT ({_CHANGED.replace("IS NOT", "IS DISTINCT FROM")}) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    {_TAKE};
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {_add('NEW')};
  END IF;
  RETURN NULL;
END $$""",
    f"CREATE TRIGGER post_tallies_keep AFTER INSERT OR DELETE OR UPDATE OF {_KEY} ON posts "
    "FOR EACH ROW EXECUTE FUNCTION post_tallies_keep()",
]


def create_triggers() -> None:
    for statement in POSTGRESQL if op.get_bind().dialect.name == "postgresql" else SQLITE:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "post_tallies",
        sa.Column("author_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("visibility", sa.String(10), nullable=False),
        sa.Column("circle_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["accounts.id"], name="fk_post_tallies_author_id_accounts",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("author_id", "visibility", "circle_id", "status", name="pk_post_tallies"),
    )
    op.execute(f"INSERT INTO post_tallies ({_KEY}, n) SELECT author_id, visibility, COALESCE(circle_id, 0), status, "
               "count(*) FROM posts GROUP BY author_id, visibility, COALESCE(circle_id, 0), status")
    create_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER post_tallies_keep ON posts")
        op.execute("DROP FUNCTION post_tallies_keep()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER post_tallies_{name}")
    op.drop_table("post_tallies")
