"""Hot reads compiled once into SQL text and a parameter order, run on the session's DBAPI cursor.

`Connection.execute` does, for every call of a cached statement, work whose answer never changes:
it hashes the statement's whole cache key to find the compiled form, builds an execution context,
resolves every bound parameter by name (a page's statements carry dozens, most of them the rules'
constants), renders the expanding IN lists again and builds a result with its row processors. A
`Prepared` statement keeps the answers: per dialect (and per length of each expanding list) the
final SQL, where each positional value comes from — a key of the call's parameters, an element of
an expanding list, or a constant already processed — and, after its first run, the result
processors of its columns (UTCDateTime's, JSON's and the booleans'). Both ends are generated once
per plan as one function each: the values as one tuple display, the rows as one comprehension
that builds each row's tuple with its columns converted in place (no per-row list, no per-column
loop). A call then only picks the values, hands them to the cursor and converts the rows.

The statement still runs as SQLAlchemy would run it: on the session's connection (in its
transaction, but for PostgreSQL's first reads: see `fetch`), through `Connection._cursor_execute`,
which fires the engine's `before_cursor_execute`/`after_cursor_execute` events (the statement
counts in tests and benchmarks see every statement) and turns driver errors into SQLAlchemy's,
invalidating a dead connection.
Rows come back as the driver's tuples (asyncpg: Records), read by position.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.util import greenlet_spawn

# Where a positional value comes from: (key, None) the call's parameter `key`; (key, i) element i of
# the call's list `key` (an expanding IN); (None, value) a constant, already processed.
_Source = tuple[Any, Any]


class _Plan:
    __slots__ = ("sql", "values", "columns", "convert")

    def __init__(self, sql: str, sources: list[_Source], processors: list[Callable[[Any], Any] | None],
                 columns: list[Any]) -> None:
        self.sql = sql
        self.values = _values_function(sources, processors)
        """The call's parameters → the cursor's tuple, in one generated expression."""
        self.columns = columns  # the result columns' types, in order
        self.convert: Callable[[list[Any]], list[Any]] | None = None  # the rows' conversion, on first run

    def rows(self, dialect: Dialect, rows: list[Any], description: Sequence[Any] | None) -> list[Any]:
        convert = self.convert
        if convert is None:
            codes = [d[1] for d in description] if description else [None] * len(self.columns)
            results = [(i, p) for i, (t, code) in enumerate(zip(self.columns, codes))
                       if (p := t._cached_result_processor(dialect, code)) is not None]
            convert = self.convert = _rows_function(len(description) if description else len(self.columns), results)
        return convert(rows)


def _values_function(sources: list[_Source], processors: list[Callable[[Any], Any] | None]) -> Callable[..., Any]:
    """`values(params)`: the positional values a call sends, one tuple display (constants, keys and
    processors are the generated function's globals: nothing of them is written into its text)."""
    names: dict[str, Any] = {}
    items = []
    for n, ((key, at), process) in enumerate(zip(sources, processors)):
        if key is None:
            names[f"c{n}"] = at
            items.append(f"c{n}")
            continue
        names[f"k{n}"] = key
        item = f"params[k{n}]" if at is None else f"params[k{n}][{int(at)}]"
        if process is not None:
            names[f"p{n}"] = process
            item = f"p{n}({item})"
        items.append(item)
    return _generated("values", "params", f"({''.join(i + ', ' for i in items)})", names)


def _rows_function(width: int, results: list[tuple[int, Callable[[Any], Any]]]) -> Callable[[list[Any]], list[Any]]:
    """`convert(rows)`: each row's columns that need it converted (UTCDateTime's, booleans'), in one
    pass that builds each row's tuple once; rows that need nothing come back as the driver gave them."""
    if not results:
        return _unchanged
    names = {f"p{i}": process for i, process in results}
    cols = [f"v{i}" for i in range(width)]
    items = list(cols)
    for i, process in results:
        # NULL stays NULL without a call where the processor says so itself (UTCDateTime's, JSON's, booleans':
        # a row's NULL avatar, cover, edited_at, an absent original's every column).
        items[i] = f"(None if v{i} is None else p{i}(v{i}))" if _keeps_null(process) else f"p{i}(v{i})"
    return _generated("convert", "rows",
                      f"[({''.join(i + ', ' for i in items)}) for ({''.join(c + ', ' for c in cols)}) in rows]", names)


def _keeps_null(process: Callable[[Any], Any]) -> bool:
    try:
        return process(None) is None
    except Exception:  # noqa: BLE001 (a processor that refuses NULL is called for it, as SQLAlchemy would)
        return False


def _unchanged(rows: list[Any]) -> list[Any]:
    return rows


def _generated(name: str, arg: str, expression: str, names: dict[str, Any]) -> Callable[..., Any]:
    code = compile(f"def {name}({arg}):\n    return {expression}\n", f"<storage.prepared {name}>", "exec")
    scope: dict[str, Any] = {}
    exec(code, dict(names), scope)  # noqa: S102 (the text is built from positions only, never from values)
    return scope[name]


class Prepared:
    """`statement` as a page runs it many times: compiled once per dialect (see the module's docstring).

    Calls must pass the same parameter keys every time (each call site does); an expanding
    parameter's length may vary (one plan per length).
    """

    __slots__ = ("statement", "reads", "_expanding", "_plans")

    def __init__(self, statement: Any, *, reads: bool = False) -> None:
        self.statement = statement
        # A plain read (checked on its SQL when planned): on PostgreSQL it may run before the unit's
        # transaction begins (`fetch`). Anything else (a write, a locking read) always runs inside it.
        self.reads = reads
        self._expanding: dict[Any, tuple[Any, tuple[str, ...]]] = {}  # dialect key → (compiled, expanding keys)
        self._plans: dict[Any, _Plan] = {}

    def plan(self, dialect: Dialect, params: Mapping[str, Any]) -> _Plan:
        kind = (type(dialect), dialect.paramstyle)
        found = self._expanding.get(kind)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            expanding = tuple(b.key for b in compiled.bind_names if b.expanding)
            found = self._expanding[kind] = (compiled, expanding)
        compiled, expanding = found
        key = (kind, *(len(params[k]) for k in expanding)) if expanding else kind
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = _planned(compiled, params, self.reads)
        return plan


# A read only in name: it writes (a data-modifying WITH) or takes locks that must last the transaction.
_NOT_PLAIN = re.compile(r"^\s*(?!SELECT\b)|\bFOR\s+(UPDATE|NO\s+KEY\s+UPDATE|SHARE|KEY\s+SHARE)\b", re.IGNORECASE)


def _planned(compiled: Any, params: Mapping[str, Any], reads: bool) -> _Plan:
    # A value rendered into the SQL text (literal_execute: aggregate_strings' separator) is part of the
    # plan: only a constant may be.
    if given := [b.key for b in compiled.literal_execute_params if b.key in params]:
        raise TypeError(f"parameters rendered into the SQL cannot vary per call: {given}")
    state = compiled.construct_expanded_state(dict(params), escape_names=False)
    locks = getattr(compiled.statement, "_for_update_arg", None) is not None  # SQLite renders no FOR UPDATE
    if reads and (locks or _NOT_PLAIN.search(state.statement)):
        raise TypeError(f"not a plain read, cannot be Prepared(reads=True): {state.statement[:80]}")
    # Python-side column defaults are filled in by SQLAlchemy's execution context, which a plan skips:
    # such a column would be written NULL (or fail), so the statement must give every column itself.
    if defaults := [c.name for c in (*compiled.insert_prefetch, *compiled.update_prefetch)]:
        raise TypeError(f"columns with Python-side defaults must be given explicitly: {defaults}")
    by_name = {name: bind for bind, name in compiled.bind_names.items()}
    element_of = {new: (by_name[name].key, i) for name, news in state.parameter_expansion.items()
                  for i, new in enumerate(news)}
    # As the execution context flattens them: the statement's processors, and its expanded lists' elements'.
    flattened = {**compiled._bind_processors, **state.processors}
    sources: list[_Source] = []
    processors: list[Callable[[Any], Any] | None] = []
    if state.positiontup is None:
        raise TypeError("Prepared statements need a positional paramstyle (SQLite's qmark, asyncpg's $n)")
    for name in state.positiontup:
        process = flattened.get(name)
        if name in element_of:
            sources.append(element_of[name])
        elif (bind := by_name[name]).key in params:
            sources.append((bind.key, None))
        else:  # a constant of the statement (a rule's value, a literal): processed once
            value = state.parameters[name]
            sources.append((None, value if process is None else process(value)))
            process = None
        processors.append(process)
    columns = [c[3] for c in compiled._result_columns]
    return _Plan(state.statement, sources, processors, columns)


@lru_cache(maxsize=512)
def prepared(statement: Any) -> Prepared:
    """The Prepared form of a statement built once per process (statements hash by identity)."""
    return Prepared(statement)


@lru_cache(maxsize=512)
def prepared_read(statement: Any) -> Prepared:
    """`prepared` for a plain read (Prepared.reads)."""
    return Prepared(statement, reads=True)


def _before_begin(dialect: Dialect, raw: Any) -> bool:
    """Whether this read may run before its unit's transaction begins (see `fetch`)."""
    return (dialect.driver == "asyncpg" and getattr(raw, "_transaction", 0) is None
            and getattr(raw, "isolation_level", "") in (None, "read_committed"))


def _fetch_sync(session: Session, statement: Prepared, params: Mapping[str, Any]) -> list[Any]:
    conn: Connection = session.connection()
    dialect = conn.dialect
    plan = statement.plan(dialect, params)
    raw = conn.connection.dbapi_connection
    early = statement.reads and _before_begin(dialect, raw)
    if early:
        raw.autocommit = True  # asyncpg's adapter then sends no BEGIN for this statement
    cursor = conn.connection.cursor()
    try:
        stamp = getattr(dialect, "_invalidate_schema_cache_asof", None)
        if stamp is not None:  # asyncpg: what its execution context's pre_exec tells the cursor
            cursor._invalidate_schema_cache_asof = stamp
        conn._cursor_execute(cursor, plan.sql, plan.values(params))
        found = cursor.fetchall()
        description = cursor.description
    finally:
        cursor.close()
        if early:
            raw.autocommit = False
    return plan.rows(dialect, found, description)


async def fetch(session: AsyncSession, statement: Prepared, params: Mapping[str, Any]) -> list[Any]:
    """Every row of `statement` (RETURNING's, for a write) run with `params` on the session's connection.

    In the unit of work's transaction — except on PostgreSQL for plain reads (Prepared.reads) that
    come before anything else of the unit has run: asyncpg's adapter begins its transaction with
    the first statement, so those run before it, each on its own. Under READ COMMITTED (PostgreSQL's default, ours) that
    changes nothing a read sees: each statement sees what was committed before it, inside a
    transaction or not, and nothing of the unit's own is written yet. What it saves is a page's
    BEGIN and the ROLLBACK that ends a unit that only read: two round trips of a zone page's four.
    The first write (or lock, or plain statement) begins the transaction as before, and every
    read after it runs inside it.
    """
    return await greenlet_spawn(_fetch_sync, session.sync_session, statement, params)


__all__ = ["Prepared", "fetch", "prepared", "prepared_read"]
