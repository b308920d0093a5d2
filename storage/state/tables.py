"""Small state that must survive restarts: keyed flow state, site-wide keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, Id


class StateRow(Base):
    """Small keyed state: multi-step chat flows, seen update ids."""

    __tablename__ = "kv_state"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[dict[str, Any]]
    expires_at: Mapped[datetime | None] = mapped_column(index=True)


class SiteKeyRow(Base):
    __tablename__ = "site_keys"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class EpochRow(Base):
    """How often something every message consults has changed (the word filter): what a process's cache
    of it is keyed by, read with each message's first query (storage.facts)."""

    __tablename__ = "epochs"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    n: Mapped[int] = mapped_column(Id)
