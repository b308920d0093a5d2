"""`[log]`: JSON or text lines, each carrying the id of the web request or chat update behind it."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from openzone.logs import format_handler
from openzone.settings import Log
from storage import Database
from tests.builders import World, settings_for


@pytest.fixture
def lines() -> Iterator[tuple[io.StringIO, logging.Handler]]:
    """A root handler like `openzone`'s, writing into a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield buffer, handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old)


async def test_json_lines_carry_the_request_id_and_the_access_log_names_route_status_and_time(
    db: Database, lines: tuple[io.StringIO, logging.Handler],
) -> None:
    buffer, handler = lines
    settings = settings_for(db, log=Log(format="json", access=True))
    format_handler(handler, settings)
    world = await World.start(db, settings)
    try:
        async with TestClient(TestServer(world.runtime.web_app())) as client:
            await client.get("/z/nobody", headers={"X-Request-Id": "req-abc-123"})
            await client.get("/z/nobody")
    finally:
        await world.close()
    records = [json.loads(line) for line in buffer.getvalue().splitlines()]
    access = [r for r in records if r["logger"] == "openzone.access"]
    assert [r["request_id"] for r in access][0] == "req-abc-123"
    assert access[1]["request_id"] not in ("-", "req-abc-123"), "each request gets an id of its own"
    assert "GET /z/nobody 404" in access[0]["message"]


async def test_a_chat_update_logs_with_its_update_id(
    db: Database, lines: tuple[io.StringIO, logging.Handler], monkeypatch: pytest.MonkeyPatch,
) -> None:
    buffer, handler = lines
    settings = settings_for(db)
    format_handler(handler, settings)
    world = await World.start(db, settings)

    async def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(world.router, "_route", broken)
    try:
        assert "Something went wrong" in await world.says("alice", "/start", dedup_key="telegram:update:4242")
        logging.getLogger("test").info("outside any update")
    finally:
        await world.close()
    text = buffer.getvalue()
    assert "[telegram:update:4242]: handler failed" in text
    assert "[-]: outside any update" in text


async def test_the_access_log_is_off_by_default(db: Database, lines: tuple[io.StringIO, logging.Handler]) -> None:
    buffer, handler = lines
    world = await World.start(db)
    format_handler(handler, world.runtime.settings)
    try:
        async with TestClient(TestServer(world.runtime.web_app())) as client:
            await client.get("/z/nobody")
    finally:
        await world.close()
    assert "openzone.access" not in buffer.getvalue()
