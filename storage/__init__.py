"""SQLAlchemy implementations of core's ports."""

from storage.database import Database, SqlUnitOfWork, make_engine
from storage.migrate import upgrade

__all__ = ["Database", "SqlUnitOfWork", "make_engine", "upgrade"]
