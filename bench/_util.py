"""Shared bits for the benchmarks: percentiles, peak RSS, the database to run on (`--database-url`).

Every benchmark that touches a database runs on a temp SQLite file by default, or with
`--database-url postgresql+asyncpg://USER@HOST/DB` on a scratch database created on that
PostgreSQL server (named oz_bench_…, dropped at the end), so the same figures print for both.
Either is gone at the end (`close_database`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pct(samples: list[float], p: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_settings(url: str, **sections: object):  # type: ignore[no-untyped-def]
    """The built-in configuration on `url`, data under a temp dir; `sections` replace whole sections."""
    from dataclasses import replace

    from openzone.settings import DatabaseSettings, Settings

    base = Settings(database=DatabaseSettings(url=url), data_dir=Path(tempfile.mkdtemp(prefix="oz-bench-data-")))
    return replace(base, **sections)


def posters_for(n: int) -> int:
    """How many people take turns in a round-trip benchmark of `n` posts: at least 20, and enough that
    each posts at most 25 times (`n` / P measured, plus the warm-up's one), so none passes the built-in
    limit of 30 posts an hour for a new account: the platform runs as configured out of the box."""
    return max(20, -(-n // 24))


async def platform(settings, **kw):  # type: ignore[no-untyped-def]
    """The platform exactly as `openzone run` builds it (openzone.bootstrap)."""
    from openzone.bootstrap import bootstrap

    return await bootstrap(settings, **kw)


def temp_sqlite_url() -> tuple[str, Path]:
    path = Path(tempfile.mkdtemp(prefix="oz-bench-")) / "bench.db"
    return f"sqlite+aiosqlite:///{path}", path


def database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", default="", metavar="URL",
                        help="postgresql+asyncpg://USER@HOST/DB: run on a scratch database created on that server "
                             "(dropped afterwards); default: a temp SQLite file")


def json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", default="", metavar="FILE",
                        help="also write the figures to FILE as JSON (bench/summary.py reads them)")


def write_json(path: str, figures: dict[str, Any]) -> None:
    """The figures a run printed, for bench/summary.py's table (nothing when `path` is empty)."""
    if path:
        import json

        Path(path).write_text(json.dumps(figures, indent=1))


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def kind(url: str) -> str:
    """How the figures are labelled: SQLite or PostgreSQL."""
    return "PostgreSQL" if is_postgres(url) else "SQLite"


def _admin(server_url: str) -> str:
    return server_url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def open_database(server_url: str) -> str:
    """The URL to run on: a new temp SQLite file, or a new scratch database on `server_url`'s server."""
    if not server_url:
        return temp_sqlite_url()[0]
    if not is_postgres(server_url):
        raise SystemExit("--database-url: a postgresql+asyncpg:// URL (SQLite is the default)")
    import asyncpg

    name = f"oz_bench_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(_admin(server_url))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return f"{server_url.rsplit('/', 1)[0]}/{name}"


async def close_database(url: str) -> None:
    """Drop a scratch PostgreSQL database made by `open_database`, or delete its temp SQLite directory
    (a million posts are 150 MB)."""
    if not is_postgres(url):
        folder = Path(sqlite_path(url)).parent
        if folder.name.startswith("oz-bench-") and folder.parent == Path(tempfile.gettempdir()):
            shutil.rmtree(folder, ignore_errors=True)
        return
    import asyncpg

    server, name = url.rsplit("/", 1)
    conn = await asyncpg.connect(_admin(f"{server}/postgres"))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def scratch_database(server_url: str) -> AsyncIterator[str]:
    """`open_database(server_url)` for the block, closed (dropped or deleted) after it."""
    url = await open_database(server_url)
    try:
        yield url
    finally:
        await close_database(url)


@contextlib.contextmanager
def scratch_database_sync(server_url: str) -> Iterator[str]:
    """`scratch_database` for a script whose phases each run their own event loop (`asyncio.run`)."""
    url = asyncio.run(open_database(server_url))
    try:
        yield url
    finally:
        asyncio.run(close_database(url))


def sqlite_path(url: str) -> str:
    return url.split("///", 1)[1]


class Bulk:
    """Rows straight into the benchmark's database, bypassing the platform (setup is not measured).

    SQLite: sqlite3 `executemany`; PostgreSQL: asyncpg `COPY`. Datetimes are aware UTC values, as
    OpenZone stores them. At the end, id sequences follow the ids written and statistics are fresh.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._touched: set[str] = set()
        self._sqlite: sqlite3.Connection | None = None
        self._pg: Any = None

    async def __aenter__(self) -> Bulk:
        if is_postgres(self.url):
            import asyncpg

            self._pg = await asyncpg.connect(_admin(self.url))
        else:
            self._sqlite = sqlite3.connect(sqlite_path(self.url))
            self._sqlite.execute("PRAGMA journal_mode=WAL")
            self._sqlite.execute("PRAGMA synchronous=OFF")
        return self

    async def columns(self, table: str) -> list[str]:
        if self._sqlite is not None:
            return [row[1] for row in self._sqlite.execute(f"PRAGMA table_info({table})")]
        rows = await self._pg.fetch("SELECT column_name FROM information_schema.columns WHERE table_name = $1 "
                                    "ORDER BY ordinal_position", table)
        return [r["column_name"] for r in rows]

    async def insert(self, table: str, rows: Iterable[Sequence[Any]], columns: Sequence[str] | None = None) -> None:
        """`rows` into `table`, in `columns` (default: all of them, in the table's order)."""
        names = list(columns) if columns is not None else await self.columns(table)
        self._touched.add(table)
        if self._sqlite is not None:
            marks = ", ".join("?" for _ in names)
            self._sqlite.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",
                                     [tuple(_sqlite_value(v) for v in row) for row in rows])
            return
        await self._pg.copy_records_to_table(table, records=[tuple(r) for r in rows], columns=names)

    async def __aexit__(self, *exc: object) -> None:
        if self._sqlite is not None:
            self._sqlite.commit()
            self._sqlite.execute("ANALYZE")
            self._sqlite.close()
            return
        try:
            for table in sorted(self._touched):
                if "id" in await self.columns(table):
                    await self._pg.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                           f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)")
            await self._pg.execute("ANALYZE")
        finally:
            await self._pg.close()


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):  # as OpenZone's UTCDateTime writes it on SQLite
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


__all__ = [
    "Bulk", "bench_settings", "close_database", "database_option", "is_postgres", "json_option", "kind", "ms",
    "open_database", "pct", "peak_rss_mb", "platform", "posters_for", "scratch_database", "scratch_database_sync", "sqlite_path", "statistics",
    "temp_sqlite_url", "write_json",
]
