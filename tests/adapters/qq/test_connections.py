"""Both connection modes over real WebSockets, and the access token checked both ways."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest
import pytest_asyncio

from adapters.qq import QQAdapter, Refused
from tests.adapters.qq.conftest import ALICE, Conversation, WebServer, make_adapter, until
from tests.adapters.qq.fake_onebot import FakeOneBot
from tests.builders import World


@pytest_asyncio.fixture
async def listening(world: World, fake: FakeOneBot, server: WebServer) -> AsyncIterator[QQAdapter]:
    """A reverse-mode adapter on the web server, nobody connected yet."""
    adapter = make_adapter(world, fake)
    await adapter.start()
    await server.start(adapter)
    yield adapter
    await fake.disconnect()
    await adapter.stop()


async def _refusal(fake: FakeOneBot, url: str, **kw: object) -> int:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await fake.connect(url, **kw)  # type: ignore[arg-type]
    return refused.value.status


async def test_a_reverse_connection_with_a_wrong_token_is_refused_and_logged(
    listening: QQAdapter, fake: FakeOneBot, server: WebServer, caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="adapters.qq"):
        assert await _refusal(fake, server.url, token="not-the-token-at-all") == 403
        assert await _refusal(fake, server.url, token="not-the-token-at-all", in_query=True) == 403
    assert "refused a OneBot connection from 127.0.0.1: a wrong access token" in caplog.text
    assert "not-the-token-at-all" not in caplog.text
    assert listening.links.api is None


async def test_a_reverse_connection_without_a_token_is_refused_with_401(
    listening: QQAdapter, fake: FakeOneBot, server: WebServer, caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="adapters.qq"):
        assert await _refusal(fake, server.url, token="") == 401
    assert "refused a OneBot connection from 127.0.0.1: no access token" in caplog.text


async def test_a_reverse_connection_may_carry_the_token_in_the_query(
    listening: QQAdapter, fake: FakeOneBot, server: WebServer, world: World,
) -> None:
    await fake.connect(server.url, in_query=True)
    await until(lambda: listening.links.up.is_set())
    assert "Welcome" in await Conversation(fake, world, listening).says(ALICE, "/start")


async def test_a_reverse_connection_for_another_qq_account_is_refused(
    listening: QQAdapter, fake: FakeOneBot, server: WebServer,
) -> None:
    fake.self_id = 99999
    assert await _refusal(fake, server.url) == 403


async def test_forward_mode_dials_the_implementation_with_the_token_and_answers(
    world: World, fake: FakeOneBot,
) -> None:
    adapter = make_adapter(world, fake, mode="forward", ws_url=fake.ws_url)
    await adapter.start()
    try:
        assert fake.calls_to("get_login_info")  # asked who we are as soon as the connection was up
        assert adapter.nickname == "OpenZone Bot"
        assert "Welcome" in await Conversation(fake, world, adapter).says(ALICE, "/start")
    finally:
        await adapter.stop()


async def test_forward_mode_reconnects_when_the_connection_drops(world: World, fake: FakeOneBot) -> None:
    adapter = make_adapter(world, fake, mode="forward", ws_url=fake.ws_url)
    await adapter.start()
    try:
        await fake.disconnect()
        await until(lambda: len(fake.calls_to("get_login_info")) == 2, timeout=15)
        await until(lambda: adapter.links.up.is_set())
        assert "Welcome" in await Conversation(fake, world, adapter).says(ALICE, "/start")
    finally:
        await adapter.stop()


async def test_forward_mode_with_a_wrong_token_stops_start_up_and_says_why(
    world: World, fake: FakeOneBot, caplog: pytest.LogCaptureFixture,
) -> None:
    adapter = make_adapter(world, fake, mode="forward", ws_url=fake.ws_url, access_token="a-wrong-token-0000000")
    with caplog.at_level(logging.ERROR, logger="adapters.qq"), pytest.raises(Refused):
        await adapter.start()
    assert fake.refused == [403]
    assert "refused our access token (HTTP 403): check [qq] access_token" in caplog.text
    await adapter.stop()


async def test_forward_mode_logged_in_as_another_account_stops_start_up(world: World, fake: FakeOneBot) -> None:
    adapter = make_adapter(world, fake, mode="forward", ws_url=fake.ws_url, self_id="12345")
    with pytest.raises(Refused, match="logged in as QQ 10001, not \\[qq\\] self_id 12345"):
        await adapter.start()
    await adapter.stop()
