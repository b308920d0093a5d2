"""Chinese replies are spaced as Chinese is written: nothing after a full-width mark (：。), and no
ASCII space between Chinese words and a Chinese word put into the sentence (a label, a value)."""

from __future__ import annotations

import re

from core import i18n
from handlers.binding import _missing
from tests.builders import World

ZH = "zh-hans"
# A space after a full-width mark (："。，）): the mark carries its own space. (Between Chinese words a
# space can be meant: `/help 话题 列出…` is a command as typed, so that rule is checked per reply.)
GAP = re.compile(r"[\u3000-\u303f\uff00-\uffef] ")


def gaps(text: str) -> list[str]:
    return [text[max(m.start() - 6, 0):m.end() + 6] for m in GAP.finditer(text)]


async def test_a_missing_or_bad_argument_is_named_without_spaces_around_it(world: World) -> None:
    assert await world.says("lily", "/post", locale=ZH) == (
        "⚠️ 缺少内容。\n用法：/post [public|friends|private|@circle] 内容")
    assert (await world.says("lily", "/gift", locale=ZH)).startswith("⚠️ 缺少物品和用户名。\n")
    assert (await world.says("lily", "/show abc", locale=ZH)).startswith("⚠️ 编号应为说说编号，")
    assert (await world.says("lily", "/circle add", locale=ZH)).splitlines()[0] == "⚠️ 缺少名字和用户名。"


def test_three_missing_names_are_listed_with_the_chinese_list_mark() -> None:
    with i18n.using(i18n.shipped_languages().get("zh_Hans")):
        assert _missing(["标题", "可见范围", "内容"]) == "缺少标题、可见范围和内容。"
    assert _missing(["title", "audience", "text"]) == "Missing title, audience and text."


async def test_a_label_and_its_value_are_joined_by_the_languages_own_colon(world: World) -> None:
    zone = await world.says("lily", "/zone", locale=ZH)
    assert "\nAtom 订阅：http://zone.test/z/lily/feed.atom?t=" in zone
    assert "Atom feed: http://zone.test/z/bob/feed.atom?t=" in await world.says("bob", "/zone")


async def test_a_notification_quoted_on_one_line_has_no_space_after_its_colon(world: World) -> None:
    await world.say("lily", "/post public 你好", locale=ZH)
    await world.say("bob", "/comment 1 好")
    await world.deliver()
    listed = await world.says("lily", "/notifications", locale=ZH)
    assert "评论了你的说说 #1：好" in listed
    assert gaps(listed) == []


async def test_chinese_replies_to_a_newcomer_have_no_space_after_full_width_marks(world: World) -> None:
    for said in ("/start", "/help", "/post", "/zone", "/me", "/privacy", "/show abc", "/gift", "/handle"):
        assert gaps(await world.says("lily", said, locale=ZH)) == [], said
