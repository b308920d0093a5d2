"""What every feature's tables are built on: the declarative Base, its naming convention, UTC datetimes, ids."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use UTC-aware datetimes")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)

    # On SQLite the two steps above and SQLite's DATETIME string conversion are folded into one
    # function each way (several datetimes per statement on hot paths): the same text is stored —
    # SQLite's "YYYY-MM-DD HH:MM:SS.ffffff" — and the same aware datetimes come back.
    def bind_processor(self, dialect: Any) -> Any:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        utc = timezone.utc

        def process(value: datetime | None) -> str | None:
            if value is None:
                return None
            if value.tzinfo is not utc:
                if value.tzinfo is None:
                    raise ValueError("naive datetime given to the database; use UTC-aware datetimes")
                value = value.astimezone(utc)
            return value.isoformat(" ", "microseconds")[:-6]  # without its "+00:00"

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        utc, parse = timezone.utc, datetime.fromisoformat

        def process(value: str | None) -> datetime | None:
            if value is None:
                return None
            try:  # what we store, naive UTC text, parsed as UTC in one step (a replace() after costs 6× more)
                found = parse(value + "+00:00")
                if found.tzinfo is utc:
                    return found
            except (TypeError, ValueError):
                pass
            found = parse(value)  # text with an offset of its own, a date alone: as it always was
            return found.replace(tzinfo=utc) if found.tzinfo is None else found.astimezone(utc)

        return process


# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
Id = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON}
