"""Keyed state that survives restarts (multi-step flows, seen update ids), in `kv_state`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import built, insert_for, run
from storage.errors import repository
from storage.state.tables import StateRow


_GET_STATE = select(StateRow.value, StateRow.expires_at).where(StateRow.key == bindparam("key"))


def _add_once(dialect: str) -> Any:
    return insert_for(dialect, StateRow).values(
        key=bindparam("key"), value={}, expires_at=bindparam("expires_at", type_=StateRow.expires_at.type),
    ).on_conflict_do_nothing()


def _put(dialect: str) -> Any:
    ins = insert_for(dialect, StateRow).values(
        key=bindparam("b_key"), value=bindparam("b_value", type_=StateRow.value.type),
        expires_at=bindparam("b_expires_at", type_=StateRow.expires_at.type))
    return ins.on_conflict_do_update(index_elements=["key"], set_={"value": ins.excluded.value,
                                                                   "expires_at": ins.excluded.expires_at})


@repository
class SqlStateRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, key: str, now: datetime) -> dict[str, Any] | None:
        row = (await run(self.s, _GET_STATE, {"key": key})).first()
        if row is None or (row.expires_at is not None and row.expires_at <= now):
            return None
        return dict(row.value)

    async def put(self, key: str, value: dict[str, Any], expires_at: datetime | None) -> None:
        await run(self.s, built(self.s, "put_state", _put), {"b_key": key, "b_value": value, "b_expires_at": expires_at})

    async def delete(self, key: str) -> None:
        await self.s.execute(delete(StateRow).where(StateRow.key == key))

    async def add_once(self, key: str, expires_at: datetime | None) -> bool:
        result = await run(self.s, built(self.s, "add_once", _add_once), {"key": key, "expires_at": expires_at})
        return bool(result.rowcount)

    async def purge(self, now: datetime) -> int:
        result = await self.s.execute(delete(StateRow).where(StateRow.expires_at < now))
        return int(result.rowcount)  # type: ignore[attr-defined]
