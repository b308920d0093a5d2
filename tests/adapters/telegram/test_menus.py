"""Telegram menus sized for people: everyday commands for everyone, staff commands in admins' chats only."""

from __future__ import annotations

import json

from storage import Database
from openzone.settings import Admins
from tests.adapters.telegram.conftest import ALICE, BOB, Conversation, make_adapter
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
    assert len(fake.commands) == 4  # in English and Chinese; nobody else got a menu with staff commands


def _chat_menu(fake: FakeBotApi, chat_id: int) -> set[str] | None:
    found = fake.commands.get(json.dumps([{"chat_id": chat_id, "type": "chat"}, ""], sort_keys=True))
    return None if found is None else {c["command"] for c in found}


async def test_an_appointed_moderator_gets_the_staff_menu_and_loses_it_when_demoted(
    sqlite_db: Database, fake: FakeBotApi
) -> None:
    world = await World.start(sqlite_db, settings_for(sqlite_db, admins=Admins(console=("admin",))))
    adapter = make_adapter(world, fake)
    await adapter.start()
    talk = Conversation(fake, world, adapter)
    try:
        await talk.says(BOB, "/start")
        assert _chat_menu(fake, BOB) is None
        assert "now a moderator" in await world.says("admin", "/mod promote bob")
        await talk.notify()
        assert fake.sent_messages(BOB)[-1]["text"].startswith("🛡 You are now a moderator.")
        staff_menu = _chat_menu(fake, BOB)
        assert staff_menu is not None and "mod" in staff_menu and not staff_menu & {"grant", "refund"}  # admins' only
        await adapter.stop()

        fake.commands.clear()  # a restart sets every menu again, from who is staff now
        adapter = make_adapter(world, fake)
        await adapter.start()
        talk = Conversation(fake, world, adapter)
        assert _chat_menu(fake, BOB) == staff_menu

        assert "no longer a moderator" in await world.says("admin", "/mod demote bob")
        await talk.notify()
        assert _chat_menu(fake, BOB) is None  # back to everyone's menu
    finally:
        await adapter.stop()
        await world.close()
