"""No secret in any log: a Discord journey logged at DEBUG holds no bot token and no interaction token."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace

import pytest

from openzone.logs import redact_logs
from openzone.settings import Discord
from tests.adapters.discord.conftest import ALICE, BOB, CHANNEL, GUILD, Talk, make_adapter, message_of, post_text
from tests.adapters.discord.fake_discord import FakeDiscord, option
from tests.builders import World, settings_for

TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"


@pytest.fixture
def redacted(world: World) -> Iterator[None]:
    """The logging `openzone` sets up from its settings (the token this run is configured with)."""
    redactor = redact_logs(replace(settings_for(world.db), discord=Discord(token=TOKEN)))
    yield
    redactor.uninstall()


async def test_a_discord_journey_at_debug_logs_no_token(
    redacted: None, world: World, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    caplog.set_level(logging.DEBUG)
    fake = FakeDiscord(token=TOKEN)
    for uid, name in ((ALICE, "alice"), (BOB, "bob")):
        fake.make_user(uid, name)
    fake.add_guild(GUILD, "Zone Guild", channels=[{"id": CHANNEL, "name": "general"}], member_ids=[ALICE, BOB])
    await fake.start()
    adapter = make_adapter(world.router, fake)
    try:
        await adapter.start()
        talk = Talk(fake, world, adapter)
        card = (await talk.slash("post", ALICE, *post_text("public", "hi"), until="embeds"))[-1]
        await talk.press("oz:like:1", BOB, message_of(fake, card))
        await talk.slash("comment", BOB, option("id", "#1"), option("text", "nice one"))
        assert await talk.notify() == 2  # the like and the comment
        tokens = [i.token for i in fake.interactions.values()]
    finally:
        await adapter.stop()
        await fake.stop()

    logged = caplog.text
    assert "has returned 200" in logged  # discord.py did log its requests
    assert TOKEN not in logged
    assert tokens and not any(t in logged for t in tokens)
