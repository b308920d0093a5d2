"""Moderation worded in each reader's language: refusals, reports, cards and notices in Chinese."""

from __future__ import annotations

import re

from tests.builders import World


async def test_a_ban_notice_is_worded_in_the_recipients_language_not_the_moderators(world: World) -> None:
    await world.say("admin", "/start")
    await world.say("bob", "/lang zh")
    assert await world.says("admin", "/mod ban bob 7d spam") == (
        "⛔ @bob is banned until 2026-01-08 12:00 UTC. Their zone is gone for everyone else.")
    assert await world.notices("bob") == "⛔ 你已被 OpenZone 封禁至 2026年01月08日 12:00（UTC）（spam）。"
    assert await world.says("bob", "/feed") == "⛔ 你已被 OpenZone 封禁至 2026年01月08日 12:00（UTC）。理由：spam。"
    await world.says("admin", "/mod unban bob")
    assert await world.notices("bob") == "✅ 你的封禁已解除。欢迎回来。"
    await world.says("admin", "/mod ban bob")
    assert await world.notices("bob") == "⛔ 你已被 OpenZone 无限期封禁。"


async def test_a_chinese_moderator_reads_refusals_cards_and_the_log_in_chinese(world: World) -> None:
    await world.say("admin", "/lang zh")
    await world.befriend("bob", "carol")
    await world.say("dan", "/lang zh")
    assert await world.says("dan", "/mod ban bob") == "⚠️ 这条命令仅限版主和管理员使用。本次尝试已记录。"
    pid = await world.post_id("bob", "/post public buy cheap pills")
    await world.deliver()
    filed = await world.says("carol", f"/report #{pid} spam")
    rid = int(re.search(r"\(r(\d+)\)", filed).group(1))  # type: ignore[union-attr]
    [card] = (await world.deliver())[("console", "admin")]
    assert card.plain_text.startswith(f"🚩 举报 r{rid} · @carol 举报了 @bob 的说说 #{pid}：spam\n")
    assert [b.label for row in card.buttons for b in row] == [f"🙈 隐藏 #{pid}", "✅ 关闭"]
    assert [b.action for row in card.buttons for b in row] == [f"rpt:hide:{rid}", f"rpt:dismiss:{rid}"]
    await world.say("bob", "/lang zh")
    assert (await world.press("admin", f"rpt:hide:{rid}")).endswith(f"🙈 说说 {pid} 号已隐藏 · 处理人 @admin。")
    assert await world.notices("bob") == f"🙈 版主隐藏了你的说说（{pid} 号）（被举报）。现在只有你自己能看到。"
    assert await world.says("admin", f"/mod restore {pid}") == f"#{pid} 已恢复显示。"
    assert await world.notices("bob") == f"↩️ 你的说说（{pid} 号）已恢复显示。"
    assert await world.says("admin", "/mod mute admin 1h") == "⚠️ 你不能禁言自己。"
    assert await world.says("admin", "/mod mute bob") == "⚠️ 缺少时长。\n用法：/mod mute 用户名 时长 [理由]"
    assert await world.says("admin", "/mod mute bob soon") == (
        "⚠️ “soon”不是一个时长。请写数字加单位：30m、12h、7d 或 2w。")
    log = await world.says("admin", "/mod log")
    assert log.startswith("管理日志（最新的在前）：\n")
    assert f"@admin · hide · @bob · 说说 {pid} — reported" in log  # the log's action names stay as written


async def test_reports_and_screening_answer_in_the_reporters_language(world: World) -> None:
    await world.say("admin", "/start")
    await world.befriend("bob", "carol")
    await world.say("carol", "/lang zh")
    pid = await world.post_id("bob", "/post public hello")
    assert await world.says("carol", "/report") == "⚠️ 缺少说说、评论、留言或 @用户名。\n用法：/report 说说、评论、留言或 @用户名 [理由]"
    assert (await world.says("carol", "/help report")).startswith(
        "向版主举报一条说说、一条评论、一条留言或一个人\n/report 说说、评论、留言或 @用户名 [理由]\n"
        "  说说、评论、留言或 @用户名：说说编号（#42）、评论编号（c17）、留言编号（g12）或 @用户名\n")
    assert await world.says("carol", "/report @Bob") == "@bob 有什么问题？请在下一条消息里发送举报理由。"
    assert (await world.says("carol", "sends spam")).startswith("🚩 谢谢 —— 已举报 @bob（r")
    filed = await world.says("carol", f"/report #{pid} spam")
    assert filed.startswith(f"🚩 谢谢 —— 已举报 #{pid}（r")
    assert await world.says("carol", f"/report #{pid} spam") == f"⚠️ 你已经举报过 #{pid} 了；版主会处理的。"
    await world.says("admin", "/mod mute carol 30m")
    assert await world.says("carol", "/post public hi") == (
        "⚠️ 你已被禁言至 2026年01月01日 12:30（UTC）：可以浏览，但不能发说说或评论。")


async def test_a_sanctions_end_is_told_on_the_recipients_clock(world: World) -> None:
    await world.say("admin", "/start")
    await world.say("bob", "/lang zh")
    await world.say("bob", "/timezone Asia/Shanghai")
    assert await world.says("admin", "/mod mute bob 1d") == "🔇 @bob is muted until 2026-01-02 12:00 UTC."
    assert await world.notices("bob") == (
        "🔇 你已被禁言至 2026年01月02日 20:00（Asia/Shanghai）。你可以浏览，但不能发说说或评论。")
