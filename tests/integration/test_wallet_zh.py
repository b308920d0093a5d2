"""The shop and the wallet read in Simplified Chinese: theme names from the catalog, coins and days counted."""

from __future__ import annotations

from chat.messages import Sender
from handlers import completions
from tests.builders import World
from tests.integration.test_wallet_earning import at
from tests.integration.test_wallet_ledger import grant

ZH = {"locale": "zh-hans"}


async def test_a_shop_page_shows_translated_theme_names_and_buttons(world: World) -> None:
    page = await world.says("alice", "/shop theme", **ZH)
    assert page.startswith("🎨 主题 · 第 1/2 页\n\nOpenZone 经典 (classic) — 免费\n樱花 (sakura) — 120 金币")
    assert "查看单件商品和图片：/shop ITEM" in page
    [reply] = await world.say("alice", "/shop theme", **ZH)
    labels = [b.label for row in reply.buttons for b in row]
    assert "🛒 樱花 · 120" in labels and labels[-1] == "⬇️ 更多"
    assert (await world.says("alice", "/shop sakur", **ZH)) == (
        "⚠️ 商城里没有叫 “sakur” 的商品。你是想找 sakura 吗？/shop 会列出所有商品。")


async def test_buying_a_theme_is_asked_and_confirmed_in_chinese(world: World) -> None:
    await grant(world, "alice", 200)
    assert await world.says("alice", "/buy sakura", **ZH) == "花 120 金币购买樱花？你有 200 金币。"
    assert await world.says("alice", "/theme sakura", **ZH) == "⚠️ 你还没有樱花。/buy sakura（120 金币）。"


async def test_check_in_counts_the_streak_in_days_in_chinese(world: World) -> None:
    at(world, "2026-03-01T08:00:00")
    assert await world.says("alice", "/checkin", **ZH) == (
        "✅ 2026年3月1日 签到成功：+10 金币。已连续签到 1 天，再签到 6 天可获得下一次奖励。余额：10。")
    at(world, "2026-03-02T08:00:00")
    assert "已连续签到 2 天，再签到 5 天" in await world.says("alice", "/checkin", **ZH)
    wallet = await world.says("alice", "/wallet", **ZH)
    assert wallet.startswith("💰 20 金币 · 连续签到 2 天\n") and "+10  签到 — 第 2 天" in wallet
    # English counts one day, then days.
    at(world, "2026-03-03T08:00:00")
    assert "Streak: 3 days. 4 more days to the next bonus." in await world.says("alice", "/checkin", locale="en")


async def test_wallet_errors_from_core_read_in_chinese(world: World) -> None:
    at(world, "2026-03-01T08:00:00")
    await world.say("alice", "/checkin", **ZH)
    at(world, "2026-03-01T23:00:00")
    assert await world.says("alice", "/checkin", **ZH) == "⚠️ 你今天已经签到过了（已连续 1 天）。大约 1 小时后再来吧。"
    await world.say("bob", "/start")
    assert await world.says("alice", "/gift forest bob", **ZH) == "⚠️ 只能送礼物给好友。请先 /friend bob。"
    assert await world.says("alice", "/timezone Mars/Olympus", **ZH) == (
        "⚠️ “Mars/Olympus” 不是时区。请用 Asia/Shanghai、Europe/Berlin 或 UTC 这样的名字。")


async def test_shop_items_are_suggested_as_one_types_in_the_senders_language(world: World) -> None:
    alice = Sender("console", "alice", "Alice", "alice")
    offered = await completions(world.services, alice, "shop", "", locale="zh-CN")
    assert offered[:3] == [("全部主题", "theme"), ("全部背景音乐", "music"), ("全部徽章", "badge")]
    assert ("樱花（sakura）· 120 金币", "sakura") in offered
    # An account that chose English reads English, whatever the messenger says.
    await world.say("alice", "/lang en")
    assert ("Sakura (sakura) · 120 coins", "sakura") in await completions(world.services, alice, "item", "sak", locale="zh-CN")
    assert await completions(world.services, alice, "music", "off", locale="zh-CN") == [("off · none", "off")]


async def test_a_gift_is_announced_in_the_recipients_language_not_the_givers(world: World) -> None:
    await grant(world, "alice", 300)
    await world.befriend("alice", "bob")
    await world.say("bob", "/lang zh")
    await world.deliver()
    [asked] = await world.say("alice", "/gift sakura bob happy birthday!")
    assert await world.press("alice", asked.buttons[0][0].action or "") == (
        "🎁 Sakura is on its way to @bob. Balance: 180 coins.")
    assert await world.notices("bob") == "🎁 Alice (@alice) 送给你 sakura！\n“happy birthday!”\n/inventory 可以看到它。"
    assert (await world.says("bob", "/theme sakura")).startswith("✨ 你的空间现在换上了樱花：")
    assert "🎨 樱花 (sakura) （使用中） — 礼物\n主题：sakura" in await world.says("bob", "/inventory")
