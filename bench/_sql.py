"""What the platform says to its database, counted from the outside (SQLAlchemy events on its engine).

Nothing in product code knows about this: a benchmark attaches `Statements` to the engine that
`openzone.bootstrap` built (`runtime.db.engine`) and reads the counts around what it measures.
Every statement SQLAlchemy sends counts (SELECT, INSERT, …, savepoints); the transaction ends
are counted apart (`commits`, `rollbacks`): each is one more trip to the database, and a
read-only page that ends its unit of work with a rollback pays for one too.
"""

from __future__ import annotations

import contextvars
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

TAG: contextvars.ContextVar[str | None] = contextvars.ContextVar("bench_statement_tag", default=None)
"""Set by a benchmark around one request or command: recorded statements carry it (see `by_tag`)."""


@dataclass
class Snapshot:
    statements: int = 0
    commits: int = 0
    rollbacks: int = 0
    seconds: float = 0.0
    """Wall time from handing each statement to the driver to its result (the trip, as the caller waits it)."""

    def __sub__(self, other: Snapshot) -> Snapshot:
        return Snapshot(self.statements - other.statements, self.commits - other.commits,
                        self.rollbacks - other.rollbacks, self.seconds - other.seconds)

    def per(self, n: int) -> str:
        """`12.0 statements + 1.0 commit + 0.0 rollback` per unit, for a benchmark's line."""
        if n <= 0:
            return "n/a"
        return (f"{self.statements / n:.1f} statements + {self.commits / n:.2f} commits + "
                f"{self.rollbacks / n:.2f} rollbacks")

    def as_dict(self, n: int) -> dict[str, float]:
        n = max(n, 1)
        return {"statements": self.statements / n, "commits": self.commits / n, "rollbacks": self.rollbacks / n}


@dataclass
class Statements:
    """Counts (and, with `record=True`, keeps) every statement sent through `engine`."""

    record: bool = False
    now: Snapshot = field(default_factory=Snapshot)
    log: list[tuple[str | None, str, Any]] = field(default_factory=list)
    """(tag, SQL, parameters) of each statement, when recording."""

    def attach(self, engine: AsyncEngine) -> Statements:
        sync = engine.sync_engine
        event.listen(sync, "before_cursor_execute", self._statement)
        event.listen(sync, "after_cursor_execute", self._done)
        event.listen(sync, "commit", self._commit)
        event.listen(sync, "rollback", self._rollback)
        return self

    def snapshot(self) -> Snapshot:
        return Snapshot(self.now.statements, self.now.commits, self.now.rollbacks, self.now.seconds)

    def _statement(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                   executemany: bool) -> None:
        self.now.statements += 1
        conn.info["bench_sent"] = time.perf_counter()
        if self.record:
            self.log.append((TAG.get(), statement, _frozen(parameters)))

    def _done(self, conn: Any, *_args: Any) -> None:
        sent = conn.info.pop("bench_sent", None)
        if sent is not None:
            self.now.seconds += time.perf_counter() - sent

    def _commit(self, conn: Any) -> None:
        self.now.commits += 1

    def _rollback(self, conn: Any) -> None:
        self.now.rollbacks += 1

    def by_tag(self) -> dict[str | None, list[tuple[str, Any]]]:
        out: dict[str | None, list[tuple[str, Any]]] = {}
        for tag, sql, params in self.log:
            out.setdefault(tag, []).append((sql, params))
        return out


_SPACE = re.compile(r"\s+")
_LIST = re.compile(r"IN \((?:[^()]|\([^()]*\))*\)")  # IN (?, ?, ?) / IN ($1::INTEGER, …): one shape for any length


def shape(sql: str, width: int = 0) -> str:
    """A statement on one line, its IN lists folded, cut to `width` (0: whole)."""
    line = _LIST.sub("IN (…)", _SPACE.sub(" ", sql).strip())
    return line if not width or len(line) <= width else line[: width - 1] + "…"


_SCALARS = (int, float, str, bytes, type(None))
_SCALAR_TYPES = frozenset(_SCALARS)


def _frozen(parameters: Any) -> Any:
    """The parameters as a hashable value (Counter keys in `describe`); a tuple of plain values, what
    storage.prepared sends, is its own answer."""
    if type(parameters) is tuple and _SCALAR_TYPES.issuperset(map(type, parameters)):
        return parameters
    if isinstance(parameters, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in parameters.items()))
    if isinstance(parameters, (list, tuple)):
        return tuple(_frozen(v) for v in parameters)
    return parameters if isinstance(parameters, _SCALARS) else repr(parameters)


def describe(per_request: list[list[tuple[str, Any]]], top: int = 40, width: int = 170,
             unit: str = "request") -> list[str]:
    """Lines about the statements of several requests of one kind: each shape with how often it runs per
    request, and which runs repeat within one request with the very same parameters (redundant trips);
    then the repeated statements in full."""
    n = max(len(per_request), 1)
    shapes: Counter[str] = Counter()
    repeats: Counter[str] = Counter()
    for statements in per_request:
        seen: Counter[tuple[str, Any]] = Counter(statements)
        for (sql, _params), times in seen.items():
            shapes[shape(sql)] += times
            if times > 1:
                repeats[shape(sql)] += times - 1
    total = sum(shapes.values())
    lines = [f"{total / n:.1f} statements per {unit}, {sum(repeats.values()) / n:.1f} of them exact repeats "
             f"(same SQL, same parameters, same {unit})"]
    for sql, count in shapes.most_common(top):
        again = f"  ({repeats[sql] / n:.1f} exact repeats)" if repeats[sql] else ""
        lines.append(f"  {count / n:5.1f} × {shape(sql, width)}{again}")
    if repeats:
        lines.append("repeated within one request, in full:")
        lines += [f"  {times / n:5.1f} × again: {sql}" for sql, times in repeats.most_common()]
    return lines


__all__ = ["Snapshot", "Statements", "TAG", "describe", "shape"]
