"""Discord in Chinese: synced commands carry zh-CN localizations (names stay as typed), and an
interaction from a Chinese client is answered in Chinese."""

from __future__ import annotations

from adapters.discord import DiscordAdapter
from tests.adapters.discord.conftest import ALICE, BOB, GUILD, Talk, data
from tests.adapters.discord.fake_discord import FakeDiscord


def _command(fake: FakeDiscord, name: str) -> dict:
    return next(c for c in fake.global_commands if c["name"] == name)


async def test_synced_commands_carry_chinese_descriptions_and_keep_their_names(
    bot: DiscordAdapter, fake: FakeDiscord
) -> None:
    lang = _command(fake, "lang")
    assert lang["description"] == "The language you read OpenZone in"
    assert lang["description_localizations"]["zh-CN"] == "你阅读 OpenZone 所用的语言"
    assert lang["description_localizations"]["zh-TW"] == "你阅读 OpenZone 所用的语言"
    assert "en-US" not in lang["description_localizations"]
    assert not lang.get("name_localizations")  # /lang is typed as /lang in every language
    [language] = lang["options"]
    assert language["name"] == "language"
    assert language["description_localizations"]["zh-CN"] == "en、zh —— 或 auto：跟随你的聊天软件"
    assert all(not c.get("name_localizations") for c in fake.global_commands)
    [topic] = _command(fake, "help")["options"]  # an option's name is localized where Discord allows it
    assert (topic["name"], topic["name_localizations"]) == ("topic_or_command", {"zh-CN": "话题或命令", "zh-TW": "话题或命令"})


async def test_a_slash_command_from_a_chinese_client_is_answered_in_chinese(talk: Talk, fake: FakeDiscord) -> None:
    payload = fake.slash_command("lang", user_id=BOB, guild_id=GUILD, locale="zh-CN")
    [answer] = await talk._run(payload, None)
    assert data(answer)["content"].startswith("你正在用**简体中文**阅读 OpenZone")
    [english] = await talk.slash("lang", ALICE)
    assert data(english)["content"].startswith("You read OpenZone in **English**")
