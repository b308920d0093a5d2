"""Wallet rules on memory: check-ins and streaks, time zones, capped rewards, purchases, gifts, grants, refunds."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest

from core.errors import Conflict, Invalid, LimitExceeded, NotFound
from core.model import Account
from core.ports import UnitOfWork
from core.posts.events import PostLiked
from core.shop import rewards, wallet
from core.shop.rewards import ShopRules
from tests.builders import World
from tests.unit.core.helpers import balance, grant, person, tx

RULES = ShopRules()


def at(world: World, iso: str) -> datetime:
    world.clock.current = datetime.fromisoformat(iso).replace(tzinfo=timezone.utc)
    return world.clock.current


async def check_in(world: World, who: Account, rules: ShopRules = RULES) -> wallet.CheckIn:
    return await tx(world, lambda uow: rewards.check_in(uow, world.clock.now(), who, rules))


async def buy(world: World, who: Account, item_id: str, key: str) -> wallet.LedgerEntry | None:
    _, entry = await tx(world, lambda uow: wallet.buy(uow, world.clock.now(), world.services.catalog, who, item_id, key))
    return entry


async def test_a_check_in_pays_once_per_calendar_day_and_the_next_day_continues_the_streak(world: World) -> None:
    alice = await person(world, "alice")
    at(world, "2026-03-01T08:00:00")
    first = await check_in(world, alice)
    assert (first.streak, first.paid, first.balance, first.day.isoformat()) == (1, 10, 10, "2026-03-01")
    at(world, "2026-03-01T23:00:00")
    with pytest.raises(Conflict, match=r"already checked in today \(streak 1\)\. Come back in about 1 h"):
        await check_in(world, alice)
    assert await balance(world, alice) == (10, 10)
    at(world, "2026-03-02T00:00:30")
    assert (await check_in(world, alice)).streak == 2


async def test_every_seventh_day_in_a_row_pays_the_bonus_and_a_missed_day_starts_over(world: World) -> None:
    alice = await person(world, "alice")
    paid = []
    for day in range(1, 15):
        at(world, f"2026-03-{day:02d}T12:00:00")
        paid.append((await check_in(world, alice)).paid)
    assert paid == [10] * 6 + [60] + [10] * 6 + [60]
    at(world, "2026-03-16T12:00:00")  # the 15th was missed
    again = await check_in(world, alice)
    assert (again.streak, again.bonus) == (1, 0)
    assert await balance(world, alice) == (12 * 10 + 2 * 60 + 10,) * 2


async def test_the_streak_bonus_follows_the_configured_rules(world: World) -> None:
    alice = await person(world, "alice")
    rules = ShopRules(checkin_reward=3, streak_days=2, streak_bonus=7)
    got = []
    for day in (1, 2, 3, 4):
        at(world, f"2026-03-{day:02d}T12:00:00")
        got.append((await check_in(world, alice, rules)).paid)
    assert got == [3, 10, 3, 10]


async def test_the_check_in_day_is_the_day_in_the_persons_time_zone(world: World) -> None:
    tokyo, london = await person(world, "tokyo"), await person(world, "london")
    await tx(world, lambda uow: rewards.set_timezone(uow, world.clock.now(), tokyo, "Asia/Tokyo"))
    at(world, "2026-03-01T23:30:00")  # already 08:30 on 2 March in Tokyo
    assert (await check_in(world, tokyo)).day.isoformat() == "2026-03-02"
    assert (await check_in(world, london)).day.isoformat() == "2026-03-01"
    at(world, "2026-03-02T00:30:00")
    with pytest.raises(Conflict):
        await check_in(world, tokyo)
    assert (await check_in(world, london)).streak == 2


async def test_a_time_zone_changes_once_a_week_but_a_typo_may_be_corrected_at_once(world: World) -> None:
    alice = await person(world, "alice")

    async def set_tz(name: str) -> str:
        return await tx(world, lambda uow: rewards.set_timezone(uow, world.clock.now(), alice, name))

    at(world, "2026-03-01T10:00:00")
    assert await set_tz("Europe/Berlin") == "Europe/Berlin"
    world.clock.advance(minutes=5)
    assert await set_tz("Europe/Paris") == "Europe/Paris"  # within the grace, nothing in between
    world.clock.advance(minutes=10)
    with pytest.raises(LimitExceeded, match=r"again in 7 days\."):
        await set_tz("UTC")
    world.clock.advance(days=7)
    assert await set_tz("UTC") == "UTC"
    with pytest.raises(Invalid, match="not a time zone"):
        await set_tz("Mars/Olympus")


async def test_a_check_in_after_a_time_zone_change_closes_the_grace_for_corrections(world: World) -> None:
    alice = await person(world, "alice")
    at(world, "2026-03-01T20:00:00")
    await check_in(world, alice)
    await tx(world, lambda uow: rewards.set_timezone(uow, world.clock.now(), alice, "Pacific/Kiritimati"))
    assert (await check_in(world, alice)).day.isoformat() == "2026-03-02"  # a new day there: one hop pays
    world.clock.advance(minutes=1)
    with pytest.raises(LimitExceeded):
        await tx(world, lambda uow: rewards.set_timezone(uow, world.clock.now(), alice, "UTC"))


async def test_the_first_post_of_the_day_pays_once_and_a_new_day_pays_again(world: World) -> None:
    alice = await person(world, "alice")
    at(world, "2026-03-01T09:00:00")
    assert [await tx(world, lambda uow: rewards.reward_post(uow, world.clock.now(), alice.id, RULES)) for _ in range(3)] \
        == [5, 0, 0]
    at(world, "2026-03-02T09:00:00")
    assert await tx(world, lambda uow: rewards.reward_post(uow, world.clock.now(), alice.id, RULES)) == 5
    assert await tx(world, lambda uow: rewards.reward_post(uow, world.clock.now(), alice.id, ShopRules(post_reward=0))) == 0
    assert await balance(world, alice) == (10, 10)


async def test_likes_pay_the_author_once_per_liker_and_post_up_to_the_daily_cap_and_never_for_self_likes(
    world: World,
) -> None:
    author = await person(world, "author")
    rules = ShopRules(like_reward=2, like_daily_cap=3)

    async def liked(post_id: int, by_id: int) -> None:
        event = PostLiked(post_id, by_id, author.id)
        await tx(world, lambda uow: rewards.reward_like(uow, world.clock.now(), event, rules))

    at(world, "2026-03-01T09:00:00")
    await liked(1, author.id)  # one's own like earns nothing
    await liked(1, 100)
    await liked(1, 100)  # the same liker again
    await liked(2, 100)
    await liked(3, 100)
    await liked(4, 100)  # over the cap of three a day
    assert await balance(world, author) == (6, 6)
    at(world, "2026-03-02T09:00:00")
    await liked(4, 100)
    assert await balance(world, author) == (8, 8)


async def test_a_purchase_takes_the_price_once_per_key_and_puts_the_item_in_the_inventory(world: World) -> None:
    alice = await person(world, "alice")
    await grant(world, alice, 200)
    first = await buy(world, alice, "sakura", "k1")
    assert first is not None and (first.amount, first.balance_after, first.item_id) == (-120, 80, "sakura")
    again = await buy(world, alice, "sakura", "k1")  # the same button pressed again
    assert again == first
    with pytest.raises(Conflict, match="You already own"):
        await buy(world, alice, "sakura", "k2")
    assert await balance(world, alice) == (80, 80)
    assert [o.item_id for o in await tx(world, lambda uow: uow.wallet.items(alice.id))] == ["sakura"]


async def test_too_few_coins_says_how_many_are_missing_and_changes_nothing(world: World) -> None:
    alice = await person(world, "alice")
    await grant(world, alice, 100)
    with pytest.raises(Invalid, match="costs 120 coins; you have 100, so 20 are missing"):
        await buy(world, alice, "sakura", "k1")
    assert await balance(world, alice) == (100, 100)
    assert await tx(world, lambda uow: uow.wallet.owns(alice.id, "sakura")) is False


async def test_free_items_are_not_sold(world: World) -> None:
    alice = await person(world, "alice")
    with pytest.raises(Conflict, match="is free"):
        await buy(world, alice, "classic", "k1")


async def test_parallel_buys_never_overspend_and_the_ledger_matches_the_balance(world: World) -> None:
    alice = await person(world, "alice")
    await grant(world, alice, 300)
    items = ["sakura", "midnight", "forest", "ocean", "sunset", "paper", "candy"]

    async def attempt(item: str) -> bool:
        try:
            return await buy(world, alice, item, f"key-{item}") is not None
        except Invalid:
            return False

    bought = await asyncio.gather(*(attempt(i) for i in items))
    spent = sum(world.services.catalog.get(i).price for i, ok in zip(items, bought) if ok)
    assert 0 < spent <= 300
    assert await balance(world, alice) == (300 - spent, 300 - spent)


async def test_ten_parallel_presses_of_one_buy_button_charge_once(world: World) -> None:
    alice = await person(world, "alice")
    await grant(world, alice, 500)
    entries = await asyncio.gather(*(buy(world, alice, "midnight", "one-button") for _ in range(10)))
    assert len({e.id for e in entries if e is not None}) == 1
    assert await balance(world, alice) == (300, 300)


async def test_a_limited_item_sells_out_and_a_refund_puts_a_copy_back(world: World) -> None:
    buyers = [await person(world, f"buyer{n}") for n in range(3)]
    item = world.services.catalog.get("terminal")
    assert item.stock == 100
    for b in buyers:
        await grant(world, b, 300)

    async def sell_99(uow: UnitOfWork) -> None:
        for _ in range(99):
            assert await uow.wallet.bump("stock:terminal", 100)

    await tx(world, sell_99)
    assert await tx(world, lambda uow: uow.wallet.counter("stock:terminal")) == 99
    entry = await buy(world, buyers[0], "terminal", "b0")
    with pytest.raises(Conflict, match="sold out — all 100 copies"):
        await buy(world, buyers[1], "terminal", "b1")
    assert await balance(world, buyers[1]) == (300, 300)
    admin = await person(world, "admin")
    assert entry is not None
    await tx(world, lambda uow: wallet.refund(uow, world.clock.now(), admin, entry.id))
    assert await buy(world, buyers[2], "terminal", "b2") is not None


async def test_a_refund_is_a_new_entry_that_takes_the_item_back_off_the_zone_and_happens_once(world: World) -> None:
    alice, admin = await person(world, "alice"), await person(world, "admin")
    await grant(world, alice, 200)
    entry = await buy(world, alice, "sakura", "k1")
    assert entry is not None
    await tx(world, lambda uow: uow.wallet.set_look(alice.id, theme_id="sakura", music_id=None))
    refund = await tx(world, lambda uow: wallet.refund(uow, world.clock.now(), admin, entry.id))
    assert (refund.amount, refund.reason, refund.ref_entry_id, refund.actor_id) == (120, "refund", entry.id, admin.id)
    assert await balance(world, alice) == (200, 200)
    state = await tx(world, lambda uow: uow.wallet.state(alice.id))
    assert (state.theme_id, await tx(world, lambda uow: uow.wallet.owns(alice.id, "sakura"))) == (None, False)
    with pytest.raises(Conflict, match="already refunded"):
        await tx(world, lambda uow: wallet.refund(uow, world.clock.now(), admin, entry.id))
    with pytest.raises(Invalid, match="is a grant, not a purchase or gift"):
        await tx(world, lambda uow: wallet.refund(uow, world.clock.now(), admin, 1))
    with pytest.raises(NotFound):
        await tx(world, lambda uow: wallet.refund(uow, world.clock.now(), admin, 999))


async def test_grants_take_sensible_amounts_and_a_reason(world: World) -> None:
    alice, admin = await person(world, "alice"), await person(world, "admin")
    for amount, reason in ((0, "x"), (-5, "x"), (wallet.GRANT_MAX + 1, "x"), (10, "   ")):
        with pytest.raises(Invalid):
            await tx(world, lambda uow: wallet.grant(uow, world.clock.now(), admin, alice, amount, reason))
    entry = await tx(world, lambda uow: wallet.grant(uow, world.clock.now(), admin, alice, 25, "  welcome  "))
    assert (entry.amount, entry.note, entry.actor_id, entry.reason) == (25, "welcome", admin.id, "grant")
