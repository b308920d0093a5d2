"""`/healthz` says the process is alive; `/readyz` says whether it can serve — database reachable
and schema at head — and answers 503 with the reason otherwise."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from adapters.web import create_app
from storage import Database
from storage.migrate import downgrade, not_ready
from tests.builders import World


async def _get(world: World, path: str, **kw: object) -> tuple[int, str]:
    app = world.runtime.web_app() if not kw else create_app(world.services, **kw)  # type: ignore[arg-type]
    async with TestClient(TestServer(app)) as client:
        resp = await client.get(path)
        return resp.status, await resp.text()


async def test_a_running_platform_on_a_migrated_database_is_alive_and_ready(world: World) -> None:
    assert await _get(world, "/healthz") == (200, "ok")
    assert await _get(world, "/readyz") == (200, "ready")


async def test_a_schema_below_head_is_alive_but_not_ready(sqlite_world: World) -> None:
    await downgrade(sqlite_world.db.engine, "-1")
    assert await _get(sqlite_world, "/healthz") == (200, "ok")
    status, said = await _get(sqlite_world, "/readyz")
    assert status == 503 and said.startswith("not ready: schema at ") and ", not at head " in said


async def test_an_unreachable_database_is_not_ready(world: World) -> None:
    gone = Database("postgresql+asyncpg://postgres@127.0.0.1:9/nowhere")
    try:
        assert await _get(world, "/readyz", ready=lambda: not_ready(gone.engine, timeout=5)) == (
            503, "not ready: database unreachable (ConnectionRefusedError)")
    finally:
        await gone.dispose()
