"""Console identities in lowercase: `--as alice` finds an identity first made as `--as Alice`.

Revision ID: 0016_console_lowercase
Revises: 0015_guestbook
Create Date: 2026-12-03

Since `openzone chat --as NAME` makes a new console identity as NAME in lowercase, an identity an
older version stored with capitals ('Alice') was found only by the name as first typed. Here every
such identity becomes its lowercase self, with its deliveries (a notification owed to 'Alice' still
reaches alice's session); an /album upload window (minutes long) open under the old name closes.

Where several console identities differ only in case ('Alice' and 'alice'), they are separate
accounts, and none is merged into another (their posts, friends and wallets stay whose they are):
if one is already lowercase, all keep their names; else the oldest becomes lowercase and the others
keep theirs. A name kept with capitals is still reached by typing it exactly (`--as Alice`:
adapters.console.console_identity tries the exact name first), every other spelling reaches the
lowercase one.

Downgrade changes nothing: the case each name was first typed in is not kept, and lowercase ids are
what the previous revision's code makes too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_console_lowercase"
down_revision = "0015_guestbook"
branch_labels = None
depends_on = None

EXTERNAL_ID_LENGTH = 64


def renames(identities: list[tuple[int, str]]) -> dict[str, str]:
    """Old → new external id for console identities `(id, external_id)`, by the rule above."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for ident_id, external_id in identities:
        groups.setdefault(external_id.lower(), []).append((ident_id, external_id))
    out: dict[str, str] = {}
    for lower, members in groups.items():
        if len(lower) > EXTERNAL_ID_LENGTH or any(name == lower for _, name in members):
            continue
        _, oldest = min(members)
        out[oldest] = lower
    return out


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, external_id FROM identities WHERE platform = 'console'")).all()
    for old, new in renames([(int(r[0]), str(r[1])) for r in rows]).items():
        for table in ("identities", "deliveries"):
            conn.execute(sa.text(f"UPDATE {table} SET external_id = :new WHERE platform = 'console' AND external_id = :old"),
                         {"new": new, "old": old})


def downgrade() -> None:
    pass
