"""SQLAlchemy implementations of core's ports."""

from storage.database import Database, SqlUnitOfWork, make_engine
from storage.keys import oldest_undelivered, replace_key, shared_key
from storage.migrate import upgrade

__all__ = ["Database", "SqlUnitOfWork", "make_engine", "oldest_undelivered", "replace_key", "shared_key", "upgrade"]
