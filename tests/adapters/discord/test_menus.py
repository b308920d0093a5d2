"""Discord menus sized for people: staff commands hidden by default_member_permissions; help pages fit."""

from __future__ import annotations

import re

from adapters.discord import DiscordAdapter
from adapters.discord.render import render
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.builders import World

ADMINISTRATOR, MANAGE_MESSAGES = 1 << 3, 1 << 13


async def test_staff_commands_are_shown_only_to_members_who_may_moderate(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    # Discord stores the bit set as a string; discord.py uploads it as a number.
    perms = {c["name"]: c["default_member_permissions"] for c in fake.global_commands}
    assert perms["post"] is None and perms["feed"] is None and perms["report"] is None
    assert int(perms["mod"]) == MANAGE_MESSAGES
    assert int(perms["grant"]) == int(perms["refund"]) == ADMINISTRATOR


async def test_every_help_page_fits_one_message_for_people_and_for_staff(world: World) -> None:
    for who in ("alice", "admin"):
        [overview] = await world.say(who, "/help", platform="console")
        topics = re.findall(r"^(\w+) — ", overview.plain_text, re.M)
        assert len(topics) >= 6
        for page in [overview, *[r for t in topics for r in await world.say(who, f"/help {t}")]]:
            assert len(render(page)) == 1, page.plain_text[:80]
