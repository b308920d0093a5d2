"""Albums read in Simplified Chinese: a messenger that says zh-hans, or an account that chose /lang zh."""

from __future__ import annotations

from tests.builders import World
from tests.images import attachment, photo

ZH = {"locale": "zh-hans"}


async def test_an_album_list_counts_photos_in_chinese_and_in_english_plurals(world: World) -> None:
    await world.say("alice", "/album new Trip", **ZH)
    await world.say("alice", "/album new Home", **ZH)
    added = await world.says("alice", "#trip", attachments=(attachment(photo()), attachment(photo(colour=(1, 1, 1)))), **ZH)
    assert added.startswith("已将 2 张照片添加到 Trip。")
    await world.say("alice", "#home", attachments=(attachment(photo()),), **ZH)
    listed = await world.says("alice", "/album list", **ZH)
    assert listed.startswith("@alice 的相册\n")
    assert "• Trip · 2 张照片 ·" in listed and "• Home · 1 张照片 ·" in listed
    shown = await world.says("alice", "/album show Trip", **ZH)
    assert shown.startswith("🖼 Trip · @alice ·") and "· 2 张照片\n" in shown
    # The same albums when her messenger says English: one photo, two photos.
    english = await world.says("alice", "/album list", locale="en")
    assert "• Trip · 2 photos ·" in english and "• Home · 1 photo ·" in english


async def test_a_wrong_answer_to_a_gated_album_is_refused_in_chinese(world: World) -> None:
    await world.say("alice", "/album new Trip")
    await world.say("alice", "/album question Trip Where did we meet? | Rome")
    await world.say("bob", "/start")
    assert "OpenZone" in await world.says("bob", "/lang zh")  # bob chose Chinese: no hint needed from here on
    locked = await world.says("bob", "/album show @alice Trip")
    assert locked.startswith("🔒 @alice 的“Trip”需要回答问题才能打开。\n❓ Where did we meet?\n请私聊回答：")
    assert await world.says("bob", "/album answer alice Trip Rome", chat="group") == (
        "请在和我的私聊里回答，这样别人看不到你的答案。")
    for left in (4, 3, 2, 1, 0):
        assert await world.says("bob", "/album answer alice Trip Paris") == f"⚠️ 答案不对。这一小时内还能再试 {left} 次。"
    assert (await world.says("bob", "/album answer alice Trip Rome")).startswith(
        "⚠️ 这一小时内你已经为“Trip”回答了 5 次。请 ")
    assert await world.says("bob", "/album answer alice Nowhere Rome") == (
        "⚠️ @alice 没有你能查看的叫“Nowhere Rome”的相册。/album list alice 会列出 TA 的相册。")
    world.clock.advance(hours=1)
    assert (await world.says("bob", "/album answer alice Trip rome")).startswith("✅ 答对了！@alice 的“Trip”已向你开放。")


async def test_album_errors_and_confirmations_read_in_chinese(world: World) -> None:
    await world.say("alice", "/album new Trip", **ZH)
    assert await world.says("alice", "/album new Trip", **ZH) == (
        "⚠️ 你已经有一个叫“Trip”的相册了。/album list 会列出你的相册。")
    assert await world.says("alice", "/album delete Trip", **ZH) == "删除“Trip”和里面的 0 张照片？删除后无法恢复。"
    [asked] = await world.say("alice", "/album delete Trip", **ZH)
    assert [b.label for row in asked.buttons for b in row] == ["🗑 删除", "保留"]
    assert (await world.says("alice", "/album upload Trip", **ZH)) == (
        "现在发送照片吧：接下来 10 分钟内，你发送的每张照片都会放进“Trip”。")


async def test_a_caption_left_out_is_asked_for_in_chinese(world: World) -> None:
    await world.say("alice", "/album new Trip", **ZH)
    await world.say("alice", "#trip", attachments=(attachment(photo()),), **ZH)
    [asked] = await world.say("alice", "/photo caption p1", **ZH)
    assert asked.plain_text == "请把 p1 的说明作为下一条消息发给我（/photo caption p1 - 可以清除说明）。"
    assert asked.asks == "p1 的说明"
    assert await world.says("alice", "日落", **ZH) == "p1 的说明已设置。"
    assert (await world.says("alice", "/photo alt p1", **ZH)) == (
        "为看不到照片的人描述 p1：把描述作为下一条消息发给我（/photo alt p1 - 可以清除替代文字）。")
