"""`openzone run` wiring and `[qq]` settings: the part, its sender, its socket route, checks and secrets."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import aiohttp
import pytest

from openzone.config import ConfigError, load
from openzone.logs import MASK, redact_logs
from openzone.parts import ROLE_PARTS, Wiring
from openzone.settings import QQ, Admins, Settings
from openzone.wiring_qq import build
from openzone.wiring_web import WebPart
from tests.adapters.qq.conftest import ALICE, TOKEN, Conversation, make_adapter, until
from tests.adapters.qq.fake_onebot import FakeOneBot
from tests.builders import World, settings_for


def _wiring(world: World, qq: QQ) -> Wiring:
    return Wiring(SimpleNamespace(settings=replace(Settings(), qq=qq), router=world.router))  # type: ignore[arg-type]


def test_with_mode_off_there_is_no_qq_part(world: World) -> None:
    wiring = _wiring(world, QQ())
    assert build(wiring) is None
    assert (wiring.senders, wiring.sockets) == ({}, [])
    assert "qq" in ROLE_PARTS["all"] and ROLE_PARTS["qq"] == ("qq",)


def test_forward_mode_registers_the_sender_and_no_route(world: World, fake: FakeOneBot) -> None:
    wiring = _wiring(world, QQ(mode="forward", ws_url=fake.ws_url, access_token=TOKEN))
    part = build(wiring)
    assert part is not None and part.name == "qq"
    assert wiring.senders == {"qq": part.send_delivery}  # type: ignore[attr-defined]
    assert wiring.sockets == []


async def test_reverse_mode_is_served_by_the_web_part_at_ws_path(world: World, fake: FakeOneBot) -> None:
    """The parts as `openzone run` builds them: the QQ part, then the web part serving its socket."""
    port = _free_port()
    settings = replace(settings_for(world.db), qq=QQ(mode="reverse", ws_path="/qq/ws", access_token=TOKEN),
                       web=replace(Settings().web, port=port))
    world.runtime.settings = settings
    wiring = Wiring(world.runtime)
    part = build(wiring)
    assert part is not None and wiring.sockets == [("/qq/ws", part.accept)]  # type: ignore[attr-defined]
    web_part = WebPart(wiring)
    await part.start()
    await web_part.start()
    try:
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await fake.connect(f"ws://127.0.0.1:{port}/qq/ws", token="wrong-token-wrong-token")
        await fake.connect(f"ws://127.0.0.1:{port}/qq/ws")
        await until(lambda: part.links.up.is_set())  # type: ignore[attr-defined]
        assert "Welcome" in await Conversation(fake, world, part).says(ALICE, "/start")  # type: ignore[arg-type]
    finally:
        await fake.disconnect()
        await part.stop()
        await web_part.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(("text", "key"), [
    ('[qq]\nmode = "http"', "qq.mode"),
    ('[qq]\nmode = "forward"\nws_url = "http://127.0.0.1:3001"', "qq.ws_url"),
    ('[qq]\nmode = "reverse"\naccess_token = "short"', "qq.access_token"),
    ('[qq]\nmode = "reverse"\nws_path = "/z/qq"\naccess_token = "0123456789abcdef"', "qq.ws_path"),
    ('[qq]\nself_id = "bot"', "qq.self_id"),
])
def test_a_bad_qq_setting_stops_start_up_naming_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load(path)
    assert err.value.key == key


def test_qq_settings_load_with_the_token_from_the_environment_and_admins_by_qq_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENZONE_QQ_ACCESS_TOKEN", "from-the-environment-0123")
    path = tmp_path / "config.toml"
    path.write_text('[qq]\nmode = "reverse"\nself_id = "10001"\n[admins]\nqq = [20001]\n')
    settings = load(path)
    assert settings.qq == QQ(mode="reverse", access_token="from-the-environment-0123", self_id="10001")
    assert settings.admins == Admins(qq=("20001",))
    assert settings.admin_map()["qq"] == frozenset({"20001"})
    assert "from-the-environment" not in repr(settings)


async def test_an_admin_by_qq_number_may_run_staff_commands_from_qq(sqlite_db: object, fake: FakeOneBot) -> None:
    world = await World.start(sqlite_db, replace(settings_for(sqlite_db), admins=Admins(qq=(str(ALICE),))))  # type: ignore[arg-type]
    adapter = make_adapter(world, fake, mode="forward", ws_url=fake.ws_url)
    await adapter.start()
    try:
        talk = Conversation(fake, world, adapter)
        refused = "⚠️ That command is for moderators and admins. The attempt was logged."
        assert await talk.says(ALICE, "/mod log") == "Nothing in the log yet."
        assert await talk.says(20002, "/mod log") == refused
    finally:
        await adapter.stop()
        await world.close()


async def test_the_access_token_never_reaches_a_log_line(
    world: World, fake: FakeOneBot, caplog: pytest.LogCaptureFixture,
) -> None:
    redactor = redact_logs(replace(settings_for(world.db), qq=QQ(mode="forward", access_token=TOKEN)))
    caplog.set_level(logging.DEBUG)
    # An operator who put the token into the URL: every line naming the URL must still hide it.
    adapter = make_adapter(world, fake, mode="forward", ws_url=f"ws://127.0.0.1:1/?access_token={TOKEN}",
                           connect_wait=0.5)
    try:
        await adapter.start()
        await until(lambda: "unreachable" in caplog.text)
    finally:
        await adapter.stop()
        redactor.uninstall()
    assert f"access_token={MASK}" in caplog.text
    assert TOKEN not in caplog.text


async def test_a_refused_token_at_start_is_a_configuration_error_naming_the_key(
    world: World, fake: FakeOneBot,
) -> None:
    wiring = _wiring(world, QQ(mode="forward", ws_url=fake.ws_url, access_token="not-what-the-fake-wants"))
    part = build(wiring)
    assert part is not None
    with pytest.raises(ConfigError) as err:
        await part.start()
    await part.stop()
    assert err.value.key == "qq.access_token"
    assert "not-what-the-fake-wants" not in str(err.value)
    assert "refused the access token (HTTP 403)" in str(err.value)
