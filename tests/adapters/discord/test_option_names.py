"""Slash command options carry the registry's display names, and answer the same as typed text."""

from __future__ import annotations

from tests.adapters.discord.conftest import ALICE, Talk, data, make_adapter
from tests.adapters.discord.fake_discord import FakeDiscord, option
from tests.builders import World


async def test_options_are_named_as_help_names_them(fake: FakeDiscord, world: World) -> None:
    adapter = make_adapter(world.router, fake)
    await adapter.start()
    await adapter.stop()
    [put] = fake.find_calls("PUT", rf"/applications/{fake.application_id}/commands")
    by_name = {c["name"]: c for c in put.json}
    album = {o["name"]: o for o in by_name["album"]["options"]}
    assert [o["name"] for o in album["visibility"]["options"]] == ["title", "audience"]
    assert [o["name"] for o in by_name["handle"]["options"]] == ["new_handle"]
    assert "mod" in by_name  # staff still use /mod from Discord; the command checks the role


async def test_a_renamed_option_reaches_the_command(talk: Talk) -> None:
    [answer] = await talk.slash("handle", ALICE, option("new_handle", "alice2"))
    assert data(answer)["content"] == "You are now @alice2."
