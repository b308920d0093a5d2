"""Telegram in Chinese: the app's language picks ours, the menu is set per language, long
emoji-heavy texts are cut under Telegram's limit as it counts (UTF-16 code units)."""

from __future__ import annotations

import json
from typing import Any

from adapters.telegram import TelegramAdapter
from adapters.telegram.render import TEXT_LIMIT, utf16_len
from chat import reply
from tests.adapters.telegram.conftest import ALICE, BOB, Conversation
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World


def _in(language_code: str, update: dict[str, Any]) -> dict[str, Any]:
    update["message"]["from"]["language_code"] = language_code
    return update


def _menu(fake: FakeBotApi, language_code: str = "") -> dict[str, str]:
    found = fake.commands[json.dumps([{"type": "default"}, language_code], sort_keys=True)]
    return {c["command"]: c["description"] for c in found}


async def test_a_person_whose_app_is_in_chinese_is_welcomed_in_chinese_without_asking(talk: Conversation) -> None:
    welcome = await talk.send(_in("zh-hans", talk.message(BOB, "/start")))
    assert welcome.params["text"].startswith("<b>欢迎来到 OpenZone，Bob！\n</b>")
    english = await talk.send(talk.message(ALICE, "/start"))  # language_code "en"
    assert english.params["text"].startswith("<b>Welcome to OpenZone, Alice!\n</b>")


async def test_a_person_whose_app_is_in_chinese_reads_chinese_until_they_choose(talk: Conversation, world: World) -> None:
    answer = await talk.send(_in("zh-hans", talk.message(BOB, "/lang")))
    assert answer.params["text"].startswith("你正在用<b>简体中文</b>阅读 OpenZone（跟随你的聊天软件，直到你自己选择）。")
    english = await talk.send(talk.message(ALICE, "/lang"))  # language_code "en"
    assert english.params["text"].startswith("You read OpenZone in <b>English</b>")
    async with world.db.uow() as uow:
        bob = await uow.accounts.by_handle("bob")
    assert bob is not None and bob.language is None and bob.language_hint == "zh_Hans"  # a hint, not a choice
    chosen = await talk.send(_in("zh-hans", talk.message(BOB, "/lang en")))
    assert chosen.params["text"].startswith("OK — you read OpenZone in <b>English</b>")
    assert (await talk.send(_in("zh-hans", talk.message(BOB, "/start")))).params["text"].startswith("<b>Welcome back")


async def test_the_command_menu_is_set_in_english_and_in_chinese(bot: TelegramAdapter, fake: FakeBotApi) -> None:
    english, chinese = _menu(fake), _menu(fake, "zh")
    assert set(english) == set(chinese)  # the same commands, typed the same way
    assert english["lang"] == "The language you read OpenZone in"
    assert chinese["lang"] == "你阅读 OpenZone 所用的语言"
    assert len(fake.commands) == 2


async def test_an_emoji_heavy_answer_is_cut_under_telegrams_limit_in_utf16_units(
    bot: TelegramAdapter, fake: FakeBotApi
) -> None:
    text = "\n".join("🎉👨\u200d👩\u200d👧 好耶！" * 20 for _ in range(30))  # 8,429 UTF-16 units, 6,029 code points
    await bot.out.send(ALICE, reply(text))
    sent = [m["text"] for m in fake.sent_messages(ALICE)]
    assert len(sent) > 1 and all(utf16_len(t) <= TEXT_LIMIT for t in sent)
    assert "\n".join(sent) == text  # cut between lines, every character whole
