"""Wallet on SQLAlchemy (to be filled in by the feature)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class SqlWalletRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session
