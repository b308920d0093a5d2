"""A shop category's pages, turned with buttons or typed: `/shop theme 2` is what **More** shows."""

from __future__ import annotations

from tests.builders import World


def _labels(reply: object) -> list[str]:
    return [b.label for row in reply.buttons for b in row]  # type: ignore[attr-defined]


async def test_a_typed_page_number_shows_the_page_the_more_button_turns_to(world: World) -> None:
    [first] = await world.say("alice", "/shop theme")
    [more] = [b.action for row in first.buttons for b in row if b.label == "⬇️ More"]
    pressed = await world.press("alice", more)
    [typed] = await world.say("alice", "/shop theme 2")
    assert typed.plain_text == pressed
    assert typed.plain_text.startswith("🎨 Theme · page 2 of 2\n\n")
    assert _labels(typed)[-1] == "⬅️ Back"
    assert await world.says("alice", "/shop themes 1") == first.plain_text
    assert (await world.says("alice", "/shop music 1")).startswith("🎵 Music · page 1 of 1\n\n")


async def test_a_page_that_isnt_there_or_a_page_of_an_item_says_what_to_type(world: World) -> None:
    assert await world.says("alice", "/shop theme 3") == "⚠️ There is no page 3: /shop theme has 2 pages."
    assert await world.says("alice", "/shop badge 0") == "⚠️ There is no page 0: /shop badge has 1 page."
    assert await world.says("alice", "/shop sakura 2") == "⚠️ A page number goes after a category: /shop theme 2"
    assert (await world.says("alice", "/shop theme two")).startswith("⚠️ Too much after the command: “two”.")


async def test_a_typed_page_reads_in_chinese(world: World) -> None:
    page = await world.says("alice", "/shop theme 2", locale="zh-hans")
    assert page.startswith("🎨 主题 · 第 2/2 页\n\n")
    assert await world.says("alice", "/shop theme 3", locale="zh-hans") == "⚠️ 没有第 3 页：/shop theme 共 2 页。"
