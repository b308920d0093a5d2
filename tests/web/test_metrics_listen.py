"""`[metrics] listen`: a worker or bot process without the web part is scraped at a server of its own."""

from __future__ import annotations

import socket

from aiohttp import ClientSession

from core.ports import Delivery
from openzone.serve import build_parts
from openzone.settings import MetricsSettings
from storage import Database
from tests.builders import World, settings_for
from tests.web.test_metrics import samples


async def sent(delivery: Delivery) -> None:
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_a_worker_process_serves_metrics_health_and_readiness_on_its_listen_address(db: Database) -> None:
    port = free_port()
    world = await World.start(db, settings_for(db, metrics=MetricsSettings(listen=f"127.0.0.1:{port}")))
    wiring = build_parts(world.runtime, "worker")
    assert [p.name for p in wiring.parts] == ["metrics"]
    [part] = wiring.parts
    await part.start()
    try:
        await world.befriend("alice", "bob")
        await world.runtime.dispatch_all()
        # The acceptance goes out (the request itself was answered before it was told: no notice of it),
        # counted in this process.
        await world.runtime.deliver("console", sent)
        await world.say("bob", "/post something new")
        async with ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/metrics") as resp:
                assert resp.status == 200
                got = samples(await resp.text())
            async with http.get(f"http://127.0.0.1:{port}/readyz") as resp:
                assert (resp.status, await resp.text()) == (200, "ready")
            async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
                assert (resp.status, await resp.text()) == (200, "ok")
            async with http.get(f"http://127.0.0.1:{port}/z/alice") as resp:
                assert resp.status == 404, "only what a scraper asks for: no pages here"
    finally:
        await part.stop()
        await world.close()
    assert got[("openzone_deliveries_total", (("messenger", "console"), ("outcome", "sent")))] == 1
    assert got[("openzone_outbox_lag_seconds", ())] == 0
    assert got[("openzone_chat_commands_total", (("command", "/post"), ("messenger", "console")))] == 1


async def test_without_a_listen_address_a_worker_serves_nothing(db: Database) -> None:
    world = await World.start(db)
    try:
        assert build_parts(world.runtime, "worker").parts == []
    finally:
        await world.close()
