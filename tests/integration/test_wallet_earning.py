"""Earning coins: daily check-ins in the user's time zone, streaks, rewards with caps, grants and gifts."""

from __future__ import annotations

from datetime import datetime, timezone

from core.shop.rewards import ShopRules, like_subscriber, post_subscriber
from tests.builders import World
from tests.integration.test_wallet_ledger import balance, buy_button, grant, owned


def at(world: World, iso: str) -> None:
    world.clock.current = datetime.fromisoformat(iso).replace(tzinfo=timezone.utc)


async def test_check_in_pays_once_per_calendar_day(world: World) -> None:
    at(world, "2026-03-01T08:00:00")
    assert (await world.says("alice", "/checkin")).startswith("✅ Checked in for 1 Mar 2026: +10 coins. Streak: 1 day.")
    at(world, "2026-03-01T23:00:00")
    assert await world.says("alice", "/checkin") == \
        "⚠️ You already checked in today (streak 1). Come back in about 1 h."
    assert await balance(world, "alice") == (10, 10)
    at(world, "2026-03-02T00:00:30")
    assert "Streak: 2 days" in await world.says("alice", "/checkin")


async def test_the_seventh_day_in_a_row_pays_the_streak_bonus_and_a_missed_day_starts_over(world: World) -> None:
    paid = []
    for day in range(1, 8):
        at(world, f"2026-03-{day:02d}T12:00:00")
        paid.append(await world.says("alice", "/checkin"))
    assert "+60 coins (incl. a 50-coin streak bonus!). Streak: 7 days." in paid[-1]
    assert await balance(world, "alice") == (6 * 10 + 60, 6 * 10 + 60)
    at(world, "2026-03-09T12:00:00")  # the 8th was missed
    assert "Streak: 1 day. 6 more days to the next bonus." in await world.says("alice", "/checkin")


async def test_the_check_in_day_follows_the_users_time_zone(world: World) -> None:
    await world.say("tokyo", "/timezone Asia/Tokyo")
    await world.say("london", "/start")
    # 23:30 UTC on 1 March is already 08:30 on 2 March in Tokyo.
    at(world, "2026-03-01T23:30:00")
    assert "Checked in for 2 Mar 2026" in await world.says("tokyo", "/checkin")
    assert "Checked in for 1 Mar 2026" in await world.says("london", "/checkin")
    # An hour later it is a new day in London, but still the same day in Tokyo.
    at(world, "2026-03-02T00:30:00")
    assert "already checked in today" in await world.says("tokyo", "/checkin")
    assert "Streak: 2 days" in await world.says("london", "/checkin")
    at(world, "2026-03-02T15:00:00")  # 00:00 on 3 March in Tokyo
    assert "Checked in for 3 Mar 2026" in await world.says("tokyo", "/checkin")


async def test_hopping_time_zones_cannot_pay_two_check_ins_in_one_day(world: World) -> None:
    at(world, "2026-03-01T20:00:00")
    await world.say("alice", "/checkin")
    assert (await world.says("alice", "/timezone Pacific/Kiritimati")).startswith(
        "Time zone set to Pacific/Kiritimati: your check-in day starts at midnight there.")
    assert "Checked in for 2 Mar 2026" in await world.says("alice", "/checkin")
    assert "recently" in await world.says("alice", "/timezone UTC")
    assert "already checked in" in await world.says("alice", "/checkin")
    assert (await world.says("bob", "/timezone asia/tokyo")).startswith(  # typed in lowercase, as on a phone
        "Time zone set to Asia/Tokyo: your check-in day starts at midnight there.")
    assert await world.says("alice", "/timezone Mars/Olympus") == \
        "⚠️ “Mars/Olympus” is not a time zone. Use a name like Europe/Berlin, America/New_York or UTC."


async def test_the_first_post_of_the_day_pays_once(world: World) -> None:
    at(world, "2026-03-01T09:00:00")
    await world.say("alice", "/post public hello")
    await world.say("alice", "/post public again")
    assert await balance(world, "alice") == (5, 5)
    at(world, "2026-03-02T09:00:00")
    await world.say("alice", "/post public a new day")
    assert await balance(world, "alice") == (10, 10)
    assert "+5  first post — first post of the day" in await world.says("alice", "/wallet")


async def test_a_blog_post_earns_the_first_post_reward_like_a_post_and_a_held_post_earns_nothing(
    world: World,
) -> None:
    at(world, "2026-03-01T09:00:00")
    assert "published" in await world.says("alice", "/blog public Day one | It began.")
    await world.say("alice", "/post public and a post")
    assert await balance(world, "alice") == (5, 5)
    at(world, "2026-03-02T09:00:00")
    await world.say("bob", "/blog public A title")  # the body comes as the next message
    await world.say("bob", "It was a good day.")
    assert "published" in await world.says("bob", ".")
    assert await balance(world, "bob") == (5, 5)
    await world.say("admin", "/mod filter add casino hold")
    at(world, "2026-03-03T09:00:00")
    assert "held for review" in await world.says("bob", "/post public casino night")
    assert await balance(world, "bob") == (5, 5)


async def test_likes_pay_the_author_once_per_liker_up_to_a_daily_cap(world: World) -> None:
    world.services.shop_rules = ShopRules(like_daily_cap=2, post_reward=0)
    world.services.subscribers[:] = [post_subscriber(world.services.shop_rules)]
    world.dispatcher.subscribers.clear()
    world.dispatcher.subscribers.append(like_subscriber(world.services.shop_rules))
    post = await world.post_id("alice", "/post public like me")
    for liker in ("bob", "carol", "dave"):
        await world.say(liker, f"/like {post}")
    await world.say("bob", f"/unlike {post}")
    await world.say("bob", f"/like {post}")  # liking again pays nothing more
    await world.deliver()
    assert await balance(world, "alice") == (2, 2)
    await world.say("alice", f"/like {post}")  # your own likes never pay
    await world.deliver()
    assert await balance(world, "alice") == (2, 2)


async def test_only_admins_grant_and_only_sensible_amounts(world: World) -> None:
    await world.say("alice", "/start")
    assert await world.says("alice", "/grant alice 100 because") == "⚠️ /grant is for admins only."
    assert (await world.says("admin", "/grant alice -5 oops")).startswith("⚠️ Grant between 1 and 1,000,000 coins")
    assert (await world.says("admin", "/grant alice 99999999 oops")).startswith("⚠️ Grant between 1 and")
    assert (await world.says("admin", "/grant alice 5")).startswith("⚠️ Missing reason.")
    assert await balance(world, "alice") == (0, 0)
    assert "Their balance: 25." in await world.says("admin", "/grant alice 25 contest winner")
    assert "grant — contest winner" in await world.says("alice", "/wallet")


async def test_gifts_go_to_friends_only_and_the_recipient_is_notified(world: World) -> None:
    await grant(world, "alice", 300)
    await world.say("stranger", "/start")
    assert await world.says("alice", "/gift sakura stranger") == \
        "⚠️ You can only give gifts to friends. /friend stranger first."
    await world.befriend("alice", "bob")
    await world.deliver()
    [asked] = await world.say("alice", "/gift sakura bob happy birthday!")
    assert await world.press("alice", asked.buttons[0][0].action or "") == \
        "🎁 Sakura is on its way to @bob. Balance: 180 coins."
    assert await world.notices("bob") == "🎁 Alice (@alice) gave you sakura!\n“happy birthday!”\n/inventory shows it."
    assert await owned(world, "bob") == {"sakura"}
    assert (await world.says("bob", "/theme sakura")).startswith("✨ Your zone now wears Sakura")
    assert await world.says("alice", "/gift sakura bob") == "⚠️ @bob already owns Sakura."
    await world.say("bob", "/block alice")
    assert await world.says("alice", "/gift forest bob") == "⚠️ You can only give gifts to friends. /friend bob first."
    assert await balance(world, "alice") == (180, 180)


async def test_a_theme_must_be_owned_before_it_is_worn(world: World) -> None:
    await grant(world, "alice", 200)
    assert await world.says("alice", "/theme midnight") == "⚠️ You don't own Midnight yet. /buy midnight (200 coins)."
    assert "Classic" in await world.says("alice", "/theme classic")  # free items need no purchase
    await world.press("alice", await buy_button(world, "alice", "midnight"))
    assert (await world.says("alice", "/theme midnight")).startswith("✨ Your zone now wears Midnight")
    assert await world.says("alice", "/music sakura") == \
        "⚠️ Sakura is a theme, not a music track. /shop music lists them."
    assert (await world.says("alice", "/theme off")).startswith("Theme off.")


async def test_an_admin_is_an_admin_on_every_linked_messenger(world: World) -> None:
    import re

    await world.say("alice", "/start")
    code = re.search(r"/link ([A-Z0-9-]+)", await world.says("admin", "/link")).group(1)  # type: ignore[union-attr]
    assert "Linked!" in await world.says("777", f"/link {code}", platform="telegram")
    assert "⚠️" not in await world.says("777", "/grant alice 25 welcome", platform="telegram")
    assert await balance(world, "alice") == (25, 25)
