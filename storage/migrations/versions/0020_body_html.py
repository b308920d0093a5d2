"""A post's body as the HTML readers are shown, rendered once when the post is written or edited.

Revision ID: 0020_body_html
Revises: 0019_post_tallies
Create Date: 2026-12-04

The web showed each post's Markdown rendered afresh in every process that had not seen it yet
(markdown-it and nh3, ~0.2 ms a post): at random cursors over a million posts nearly every card was
new. Core now renders the body through the port it is given (the web's sanitizer, wired by openzone)
when a post is written or its text changes, and the row keeps the result. The HTML depends on the
text alone, never on who reads it. Rows written before this (NULL) are rendered when shown, as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_body_html"
down_revision = "0019_post_tallies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("posts", sa.Column("body_html", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("posts", "body_html")  # in place (SQLite 3.35+): a batch rebuild drops the table, cascading deletes
