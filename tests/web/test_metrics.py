"""`/metrics`: what an operator's Prometheus scrapes after some traffic, and who may scrape it."""

from __future__ import annotations

from dataclasses import replace

from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from core.outbox import Unreachable
from core.ports import Delivery
from openzone.settings import MetricsSettings, Moderation
from storage import Database
from tests.builders import World, settings_for

TOKEN = "scrape-token-0123456789"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape, by name and sorted labels."""
    found = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            found[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return found


async def scrape(client: TestClient, **headers: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    resp = await client.get("/metrics", headers=headers)
    assert resp.status == 200, await resp.text()
    assert resp.content_type == "text/plain"
    return samples(await resp.text())


async def test_a_scrape_after_some_traffic_counts_pages_by_route_and_commands_by_messenger(world: World) -> None:
    await world.say("alice", "/start")
    await world.say("alice", "hello from alice", platform="telegram")
    await world.say("alice", "/post Hello world")
    await world.say("alice", "/nosuchcommand")
    async with TestClient(TestServer(world.runtime.web_app())) as client:
        for path in ("/z/alice", "/z/bob", "/z/alice", "/no/such/page"):
            await client.get(path, allow_redirects=False)
        got = await scrape(client)
    route = ("route", "/z/{handle}")
    assert got[("openzone_http_requests_total", (("method", "GET"), route, ("status", "200")))] == 2
    assert got[("openzone_http_requests_total", (("method", "GET"), route, ("status", "404")))] == 1
    assert got[("openzone_http_requests_total", (("method", "GET"), ("route", "(unmatched)"), ("status", "404")))] == 1
    assert not [k for k in got if ("route", "/z/alice") in k[1]], "raw paths are never labels"
    assert got[("openzone_http_request_duration_seconds_count", (("method", "GET"), route))] == 3
    assert got[("openzone_chat_commands_total", (("command", "/start"), ("messenger", "console")))] == 1
    assert got[("openzone_chat_commands_total", (("command", "/post"), ("messenger", "console")))] == 1
    assert got[("openzone_chat_commands_total", (("command", "unknown"), ("messenger", "console")))] == 1
    assert got[("openzone_chat_commands_total", (("command", "text"), ("messenger", "telegram")))] == 1
    assert got[("openzone_chat_command_duration_seconds_count",
                (("command", "/post"), ("messenger", "console")))] == 1


async def test_the_outbox_lag_is_the_age_of_the_oldest_undelivered_event_and_deliveries_count_by_outcome(
    world: World,
) -> None:
    await world.befriend("alice", "bob")
    post = await world.post_id("alice", "/post Something for my friends")
    await world.runtime.dispatch_all()
    await world.runtime.deliver("console", _ok)  # the friendship notices: nothing owed now
    async with TestClient(TestServer(world.runtime.web_app())) as client:
        assert (await scrape(client))[("openzone_outbox_lag_seconds", ())] == 0
        await world.say("bob", f"/comment {post} nice")  # alice is told
        world.clock.advance(seconds=90)
        assert (await scrape(client))[("openzone_outbox_lag_seconds", ())] >= 90
        await world.runtime.dispatch_all()
        assert (await scrape(client))[("openzone_outbox_lag_seconds", ())] >= 90, "dispatched is not delivered"
        await world.runtime.deliver("console", _ok)
        got = await scrape(client)
        assert got[("openzone_outbox_lag_seconds", ())] == 0
        await world.say("bob", f"/like {post}")
        await world.runtime.dispatch_all()
        await world.runtime.deliver("console", _gone)
        got = await scrape(client)
    assert got[("openzone_deliveries_total", (("messenger", "console"), ("outcome", "sent")))] >= 2
    assert got[("openzone_deliveries_total", (("messenger", "console"), ("outcome", "failed")))] == 1


async def _ok(delivery: Delivery) -> None:
    return None


async def _gone(delivery: Delivery) -> None:
    raise Unreachable(delivery.external_id)


async def test_a_delivery_that_fails_for_now_counts_as_retried(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.runtime.dispatch_all()

    async def flaky(delivery: Delivery) -> None:
        raise ConnectionError("messenger down")

    await world.runtime.deliver("console", flaky)
    async with TestClient(TestServer(world.runtime.web_app())) as client:
        got = await scrape(client)
    assert got[("openzone_deliveries_total", (("messenger", "console"), ("outcome", "retried")))] >= 1


async def test_rate_limit_refusals_are_counted_per_messenger(db: Database) -> None:
    world = await World.start(db, settings_for(db, moderation=Moderation(posts="1/1h")))
    try:
        await world.say("carol", "/post one", platform="telegram")
        assert "Slow down" in await world.says("carol", "/post two", platform="telegram")
        async with TestClient(TestServer(world.runtime.web_app())) as client:
            got = await scrape(client)
    finally:
        await world.close()
    assert got[("openzone_rate_limit_refusals_total", (("messenger", "telegram"),))] == 1


async def test_two_platforms_in_one_process_count_only_their_own_traffic(world: World, db: Database) -> None:
    other = await World.start(db)
    try:
        await world.say("alice", "/start")
        async with TestClient(TestServer(other.runtime.web_app())) as client:
            got = await scrape(client)
    finally:
        await other.close()
    assert not [k for k in got if k[0] == "openzone_chat_commands_total"]


async def test_metrics_refuse_an_address_not_allowed_unless_it_sends_the_token(db: Database) -> None:
    settings = settings_for(db, metrics=MetricsSettings(token=TOKEN, allow=("10.0.0.0/8",)))
    world = await World.start(db, settings)
    try:
        async with TestClient(TestServer(world.runtime.web_app())) as client:  # connects from 127.0.0.1
            refused = await client.get("/metrics")
            assert refused.status == 403
            assert "openzone_" not in await refused.text()
            wrong = await client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
            assert wrong.status == 403
            await scrape(client, Authorization=f"Bearer {TOKEN}")
    finally:
        await world.close()


async def test_metrics_switched_off_are_not_found(db: Database) -> None:
    world = await World.start(db, replace(settings_for(db), metrics=MetricsSettings(enabled=False)))
    try:
        async with TestClient(TestServer(world.runtime.web_app())) as client:
            assert (await client.get("/metrics")).status == 404
    finally:
        await world.close()
