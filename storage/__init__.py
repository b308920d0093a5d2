"""SQLAlchemy implementations of core's ports."""

from storage.database import Database, SqlUnitOfWork, make_engine
from storage.migrate import upgrade
from storage.state.keys import oldest_undelivered, replace_key, shared_key

__all__ = ["Database", "SqlUnitOfWork", "make_engine", "oldest_undelivered", "replace_key", "shared_key", "upgrade"]
