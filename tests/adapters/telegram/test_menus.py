"""Telegram menus sized for people: everyday commands for everyone, staff commands in admins' chats only."""

from __future__ import annotations

import json

from storage import Database
from openzone.settings import Admins
from tests.adapters.telegram.conftest import ALICE, make_adapter
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World, settings_for

STAFF = {"grant", "refund", "mod"}


async def test_staff_commands_are_only_in_the_menu_of_an_admins_own_chat(sqlite_db: Database, fake: FakeBotApi) -> None:
    settings = settings_for(sqlite_db, admins=Admins(console=("admin",), telegram=(str(ALICE),)))
    world = await World.start(sqlite_db, settings)
    adapter = make_adapter(world, fake)
    await adapter.start()
    try:
        everyone = fake.commands[json.dumps([{"type": "default"}, ""], sort_keys=True)]
        admin = fake.commands[json.dumps([{"chat_id": ALICE, "type": "chat"}, ""], sort_keys=True)]
    finally:
        await adapter.stop()
        await world.close()
    names = {c["command"] for c in everyone}
    assert {"post", "feed", "friend", "help"} <= names and not names & STAFF
    assert STAFF <= {c["command"] for c in admin}
    assert len(fake.commands) == 2  # nobody else got a menu with staff commands
