"""`openzone run` processes started at once on an empty database all come up."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp

from storage import Database
from storage.migrate import not_ready
from tests.processes import free_port, start, write_config


async def test_four_run_processes_started_at_once_on_an_empty_database_all_come_up(
    empty_url: str, tmp_path: Path,
) -> None:
    """Two web and two worker processes, none migrated beforehand: each migrates on start. Held by
    the migration lock (PostgreSQL `pg_advisory_lock`, SQLite `flock`) around `alembic upgrade`:
    without it the racers' `CREATE TABLE` / `INSERT INTO alembic_version` collide and they crash."""
    ports = [free_port(), free_port()]
    configs = [write_config(tmp_path / f"web{n}", empty_url, f"[web]\nport = {port}\n") for n, port in enumerate(ports)]
    configs += [write_config(tmp_path / f"worker{n}", empty_url) for n in range(2)]
    roles = ["web", "web", "worker", "worker"]
    servers = await asyncio.gather(*(
        start("run", "--role", role, config=config, log=config.parent / "out.log")
        for role, config in zip(roles, configs, strict=True)
    ))
    try:
        await asyncio.gather(*(s.wait_for("OpenZone running: ") for s in servers))
        assert [s.output().count("OpenZone running: ") for s in servers] == [1, 1, 1, 1]
        assert "OpenZone running: web\n" in servers[0].output() and "OpenZone running: web\n" in servers[1].output()
        assert all("OpenZone running: outbox worker\n" in s.output() for s in servers[2:])
        async with aiohttp.ClientSession() as http:
            for port in ports:
                async with http.get(f"http://127.0.0.1:{port}/readyz") as resp:
                    assert (resp.status, await resp.text()) == (200, "ready")
    finally:
        codes = await asyncio.gather(*(s.stop() for s in servers))
    assert codes == [0, 0, 0, 0], [s.output() for s in servers]
    assert all("Traceback" not in s.output() for s in servers), [s.output() for s in servers]
    db = Database(empty_url)
    try:
        assert await not_ready(db.engine) is None
    finally:
        await db.dispose()
