"""Posts, comments, friends and limits read in Chinese by whoever reads Chinese (issue 14)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core import i18n
from core.i18n import shipped_languages
from core.ratelimit import Limit, RateLimits, in_words
from tests.builders import World

ZH = "zh-hans"  # what Telegram sends as a Simplified Chinese reader's language_code


async def test_a_post_is_answered_in_chinese_to_a_chinese_reader(world: World) -> None:
    answer = await world.says("lily", "/post 你好，世界", locale=ZH)
    assert answer.startswith("#1 · Lily (@lily) · 👥 仅好友 · 刚刚\n你好，世界\n")
    assert answer.endswith("\n已发表说说 #1（仅好友）。")
    assert (await world.says("lily", "/post public 大家好", locale=ZH)).endswith("\n已发表说说 #2（所有人可见）。")
    assert await world.says("lily", "/show 99", locale=ZH) == "⚠️ 没有你能看到的说说 #99。"
    assert (await world.says("lily", "/post @", locale=ZH)).startswith(
        "⚠️ 单独一个 @ 不指向任何分组：请在 @ 后写上分组名，比如 @family。/circle list 列出你的分组。\n用法：")


async def test_a_card_says_how_long_ago_in_minutes_in_the_readers_language(world: World) -> None:
    await world.say("lily", "/post public 早上好", locale=ZH)
    world.clock.advance(minutes=3)
    assert "· 🌍 所有人可见 · 3分钟前\n早上好\n" in await world.says("lily", "/show 1", locale=ZH)
    assert "· 🌍 public · 3 minutes ago\n" in await world.says("ann", "/show 1")


async def test_a_comment_notice_speaks_the_recipients_language_not_the_commenters(world: World) -> None:
    await world.befriend("ann", "lily")
    await world.deliver()  # the friend request and its acceptance
    assert "简体中文" in await world.says("lily", "/lang zh")
    pid = await world.post_id("lily", "/post 今天去爬山了")
    assert await world.says("ann", f"/comment {pid} Looks lovely!") == f"c1 Comment added to #{pid}."
    notice = await world.notices("lily")
    assert notice == f"c1 💬 Ann (@ann) 评论了你的说说 #{pid}：\nLooks lovely!"
    got = (await world.deliver()).get(("console", "lily"), [])
    assert got == []  # delivered once
    assert "👍 赞说说" in [b.label for row in world.inbox[("console", "lily")][-1].buttons for b in row]


async def test_a_friend_request_notice_and_answer_are_in_chinese(world: World) -> None:
    await world.say("lily", "/lang zh")
    assert await world.says("ann", "/friend lily") == "Friend request sent to @lily."
    assert await world.notices("lily") == "👋 Ann (@ann) 向你发送了好友申请。"
    assert await world.says("lily", "/accept ann") == "✓ 好友——你和 Ann (@ann) 现在是好友了。"
    assert await world.notices("ann") == "🤝 Lily (@lily) accepted your friend request."


async def test_a_rate_limit_says_the_wait_in_chinese(world: World) -> None:
    world.services.limits = RateLimits(limits={"posts": Limit(4, timedelta(minutes=30))})  # 2 on the first day
    for n in range(2):
        assert "已发表说说" in await world.says("lily", f"/post 第{n}条", locale=ZH)
    assert await world.says("lily", "/post 第三条", locale=ZH) == "⚠️ 慢一点——请约 30 分钟后再试。"
    for n in range(2):
        await world.say("ann", f"/post number {n}")
    assert await world.says("ann", "/post third") == "⚠️ Slow down — try again in about 30 minutes."


@pytest.mark.parametrize(("seconds", "english", "chinese"), [
    (1, "a few seconds", "几秒钟"), (16, "about 20 seconds", "约 20 秒"), (58, "about a minute", "约 1 分钟"),
    (1738, "about 29 minutes", "约 29 分钟"), (3 * 3600 + 100, "about 3 hours", "约 3 小时"),
    (86400 * 3, "about 3 days", "约 3 天"),
])
def test_waits_are_worded_in_the_readers_language(seconds: float, english: str, chinese: str) -> None:
    assert in_words(seconds) == english
    with i18n.using(shipped_languages().get("zh_Hans")):
        assert in_words(seconds) == chinese


async def test_replies_removed_with_a_comment_are_counted_in_the_right_plural(world: World) -> None:
    await world.befriend("ann", "lily")
    pid = await world.post_id("lily", "/post public 周末")
    await world.say("ann", f"/comment {pid} first")
    await world.say("lily", "/reply c1 one")
    await world.say("ann", "/reply c1 two")
    await world.say("ann", f"/comment {pid} second")
    await world.say("lily", "/reply c4 only")
    assert await world.says("lily", "/delete c4") == "🗑 Comment c4 deleted with 1 reply."
    assert await world.says("lily", "/delete c1", locale=ZH) == "🗑 评论 c1 已删除，连同 2 条回复。"


async def test_comment_deletion_with_several_replies_reads_in_the_english_plural(world: World) -> None:
    pid = await world.post_id("lily", "/post public hi")
    await world.say("lily", f"/comment {pid} first")
    await world.say("lily", "/reply c1 one")
    await world.say("lily", "/reply c1 two")
    assert await world.says("lily", "/delete c1") == "🗑 Comment c1 deleted with 2 replies."


async def test_friend_lists_and_circles_answer_in_chinese(world: World) -> None:
    await world.befriend("ann", "lily")
    assert await world.says("lily", "/circle new family", locale=ZH) == (
        "分组 family 已创建。添加好友：/circle add family 用户名…  发说说给它：/post @family 内容")
    assert await world.says("lily", "/circle add family ann", locale=ZH) == "已把 @ann 加入 family。"
    assert await world.says("lily", "/circle add family ann", locale=ZH) == "已在分组中：@ann。"
    assert await world.says("lily", "/circle show family", locale=ZH) == "family：@ann"
    assert await world.says("lily", "/friends", locale=ZH) == "你的好友（1）：\n• Ann (@ann)\n"
    assert await world.says("lily", "/friend lily", locale=ZH) == "⚠️ 你不能加自己为好友——试试别人的用户名。"
    assert await world.says("lily", "/feed", locale=ZH) == "你的好友动态是空的。用 /post 发条说说，或用 /friend 加个好友吧！"
