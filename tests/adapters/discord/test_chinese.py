"""Discord in Chinese: synced commands carry zh-CN localizations (names stay as typed), and an
interaction from a Chinese client is answered in Chinese."""

from __future__ import annotations

import gettext

from adapters.discord import CatalogTranslator, DiscordAdapter
from adapters.discord._lib import app_commands, discord
from core.i18n import Language, Languages
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


class _Words(gettext.NullTranslations):
    def __init__(self, words: dict[str, str]) -> None:
        super().__init__()
        self.words = words

    def gettext(self, message: str) -> str:
        return self.words.get(message, message)


async def test_an_option_keeps_its_english_name_where_its_translation_is_invalid_or_taken() -> None:
    words = {"title": "相册", "album": "相册", "tag": "标签", "reason": "一个 理由", "note": "原因?"}
    translator = CatalogTranslator(Languages([Language("zh_Hans", _Words(words))]))
    where = app_commands.TranslationContext(location=app_commands.TranslationContextLocation.parameter_name, data=None)

    async def named(label: str, *others: str) -> str | None:
        string = app_commands.locale_str(label, label=label, others=tuple((o, o) for o in others))
        return await translator.translate(string, discord.Locale.chinese, where)

    assert await named("tag", "title") == "标签"
    assert await named("title", "album") is None  # both would be 相册: Discord refuses duplicates
    assert await named("reason") == "一个_理由"  # spaces become underscores, as in English names
    assert await named("note") is None  # "?" is not allowed in a name
    assert await translator.translate(app_commands.locale_str("tag", label="tag"), discord.Locale.american_english,
                                      where) is None  # English is what the commands are declared in
