"""Spending coins and deleting ask first; a time zone typo can be corrected; no button that can only fail."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from tests.builders import World
from tests.integration.test_wallet_ledger import balance, grant, owned


def actions(replies: list, prefix: str) -> list[str]:  # type: ignore[type-arg]
    return [b.action for r in replies for row in r.buttons for b in row if b.action and b.action.startswith(prefix)]


async def test_a_gift_asks_to_confirm_and_a_repeated_press_gives_once(world: World) -> None:
    await grant(world, "alice", 300)
    await world.befriend("alice", "bob")
    await world.deliver()
    asked = await world.say("alice", "/gift sakura bob happy birthday!")
    assert [r.plain_text for r in asked] == [
        "Give Sakura to @bob with the note “happy birthday!” for 120 coins? You have 300."]
    assert await balance(world, "alice") == (300, 300)  # nothing spent by asking
    [give] = actions(asked, "gift:")
    first, second = await world.press("alice", give), await world.press("alice", give)
    assert first == second == "🎁 Sakura is on its way to @bob. Balance: 180 coins."
    assert await balance(world, "alice") == (180, 180)
    assert await owned(world, "bob") == {"sakura"}
    assert await world.notices("bob") == "🎁 Alice (@alice) gave you sakura!\n“happy birthday!”\n/inventory shows it."


async def test_a_cancelled_gift_spends_nothing(world: World) -> None:
    await grant(world, "alice", 300)
    await world.befriend("alice", "bob")
    [cancel] = actions(await world.say("alice", "/gift sakura bob"), "giftno:")
    assert await world.press("alice", cancel) == "Nothing given."
    assert await balance(world, "alice") == (300, 300)
    assert await owned(world, "bob") == set()


async def test_a_gift_that_cannot_happen_says_why_before_asking(world: World) -> None:
    await grant(world, "alice", 100)
    await world.befriend("alice", "bob")
    [answer] = await world.say("alice", "/gift sakura bob")
    assert answer.plain_text == ("Sakura costs 120 coins; you have 100, so 20 are missing. "
                                 "/checkin daily and post to earn more.")
    assert answer.buttons == ()
    await world.say("stranger", "/start")
    assert await world.says("alice", "/gift forest stranger") == \
        "⚠️ You can only give gifts to friends. /friend stranger first."


async def test_buying_with_too_few_coins_says_so_without_a_buy_button(world: World) -> None:
    await grant(world, "alice", 100)
    [answer] = await world.say("alice", "/buy sakura")
    assert answer.plain_text == ("Sakura costs 120 coins; you have 100, so 20 are missing. "
                                 "/checkin daily and post to earn more.")
    assert answer.buttons == ()
    [card] = await world.say("alice", "/shop sakura")
    [[buy, _preview]] = card.buttons
    [answer] = await world.say("alice", "", action=buy.action)  # the shop card's Buy button asks the same way
    assert answer.buttons == ()


async def test_deleting_a_post_asks_first_and_keep_leaves_it(world: World) -> None:
    post = await world.post_id("alice", "/post public a post I like")
    asked = await world.say("alice", f"/delete {post}")
    assert [r.plain_text for r in asked] == [f"Delete #{post} “a post I like”? This can't be undone."]
    assert await world.press("alice", actions(asked, "delno:")[0]) == "Kept — nothing deleted."
    assert f"#{post} ·" in await world.says("bob", f"/show {post}")
    assert await world.press("alice", actions(asked, "delpost:")[0]) == f"#{post} deleted."
    assert await world.says("bob", f"/show {post}") == f"⚠️ There is no post #{post} that you can see."


async def test_only_the_author_is_asked_and_only_the_author_can_press_delete(world: World) -> None:
    post = await world.post_id("alice", "/post public mine")
    assert "not yours" in await world.says("bob", f"/delete {post}")
    [delete] = actions(await world.say("alice", f"/delete {post}"), "delpost:")
    assert "not yours" in await world.press("bob", delete)
    assert f"#{post} ·" in await world.says("bob", f"/show {post}")


def at(world: World, iso: str) -> None:
    world.clock.current = datetime.fromisoformat(iso).replace(tzinfo=timezone.utc)


async def test_a_time_zone_typo_corrected_within_ten_minutes_does_not_lock_the_week(world: World) -> None:
    at(world, "2026-03-01T12:00:00")
    assert (await world.says("alice", "/timezone America/New_York")).startswith("Time zone set to America/New_York")
    world.clock.advance(minutes=5)
    assert (await world.says("alice", "/timezone Europe/Berlin")).startswith("Time zone set to Europe/Berlin")
    assert "midnight Europe/Berlin" in await world.says("alice", "/timezone")
    # The correction is the same change: the week still runs from the first one.
    world.clock.advance(minutes=10)
    assert "recently" in await world.says("alice", "/timezone Asia/Tokyo")
    world.clock.current += timedelta(days=7)
    assert (await world.says("alice", "/timezone Asia/Tokyo")).startswith("Time zone set to Asia/Tokyo")


async def test_a_time_zone_change_followed_by_a_check_in_is_not_a_typo(world: World) -> None:
    at(world, "2026-03-01T20:00:00")
    await world.say("alice", "/checkin")
    await world.say("alice", "/timezone Pacific/Kiritimati")
    assert "Checked in for 2 Mar 2026" in await world.says("alice", "/checkin")
    assert "recently" in await world.says("alice", "/timezone Pacific/Pago_Pago")
    at(world, "2026-03-01T20:20:00")
    assert "recently" in await world.says("alice", "/timezone UTC")
    assert await balance(world, "alice") == (20, 20)


async def test_racing_check_ins_and_time_zone_corrections_never_pay_a_third_day_at_once(world: World) -> None:
    # At 11:30 UTC three calendar days exist at once: the day before at UTC-12, today, tomorrow at UTC+14.
    at(world, "2026-03-01T11:30:00")
    await world.say("alice", "/timezone Etc/GMT+12")
    at(world, "2026-03-09T11:30:00")  # a week later: the zone may change again
    assert "Checked in for 8 Mar 2026" in await world.says("alice", "/checkin")
    assert (await world.says("alice", "/timezone UTC")).startswith("Time zone set to UTC")
    # A check-in in the new zone races a "correction" to the zone a day further on.
    messages = ["/checkin", "/timezone Pacific/Kiritimati"] * 4
    answers = await asyncio.gather(*(world.says("alice", m) for m in messages))
    assert not [a for a in answers if "went wrong" in a]
    await world.say("alice", "/checkin")
    entries = await world.says("alice", "/wallet")
    assert entries.count("check-in") <= 2, entries
