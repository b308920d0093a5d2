"""Keyed state that survives restarts (multi-step flows, seen update ids), in `kv_state`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
        key=bindparam("key"), value={}, expires_at=bindparam("expires_at"),
    ).on_conflict_do_nothing()


MAX_ALSO = 7
"""Notes written by `add_once`'s own statement at most; more (rare: an album's cards) are put one by one."""


def _add_once_with(also: int) -> Callable[[str], Any]:
    """`add_once`'s claim with `also` more rows in its VALUES, telling which keys it inserted."""

    def build(dialect: str) -> Any:
        rows = [{"key": bindparam(f"k{n}"), "value": bindparam(f"v{n}", type_=StateRow.value.type),
                 "expires_at": bindparam(f"e{n}", type_=StateRow.expires_at.type)} for n in range(also + 1)]
        return insert_for(dialect, StateRow).values(rows).on_conflict_do_nothing().returning(StateRow.key)

    return build


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

    async def add_once(self, key: str, expires_at: datetime,
                       also: Mapping[str, tuple[dict[str, Any], datetime | None]] | None = None) -> bool:
        if not also:
            result = await run(self.s, built(self.s, "add_once", _add_once), {"key": key, "expires_at": expires_at})
            return bool(result.rowcount)
        notes = list(also.items())
        for k, (value, expires) in notes[MAX_ALSO:]:
            await self.put(k, value, expires)
        riding = notes[:MAX_ALSO]
        params: dict[str, Any] = {"k0": key, "v0": {}, "e0": expires_at}
        for n, (k, (value, expires)) in enumerate(riding, 1):
            params.update({f"k{n}": k, f"v{n}": value, f"e{n}": expires})
        stmt = built(self.s, f"add_once+{len(riding)}", _add_once_with(len(riding)))
        return key in set((await run(self.s, stmt, params)).scalars())

    async def purge(self, now: datetime) -> int:
        result = await self.s.execute(delete(StateRow).where(StateRow.expires_at < now))
        return int(result.rowcount)  # type: ignore[attr-defined]
