"""The schema: every feature's tables, imported here so `Base.metadata` is complete by construction.

Alembic (`storage/migrations/env.py`) and the tests' truncation read `Base.metadata` from this
module; a feature's new tables module is added to the list below. The migrations follow these.
"""

from storage.accounts import tables as accounts
from storage.albums import tables as albums
from storage.base import Base
from storage.guestbook import tables as guestbook
from storage.moderation import tables as moderation
from storage.outbox import tables as outbox
from storage.posts import tables as posts
from storage.social import tables as social
from storage.state import tables as state
from storage.visits import tables as visits
from storage.wallet import tables as wallet

FEATURE_TABLES = (accounts, albums, guestbook, moderation, outbox, posts, social, state, visits, wallet)

__all__ = ["FEATURE_TABLES", "Base"]
