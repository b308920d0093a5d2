"""Small state that must survive restarts: keyed flow state, site-wide keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


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
