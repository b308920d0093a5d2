"""The ledger: balances never go negative, purchases are keyed, refunds are entries — on both databases."""

from __future__ import annotations

import asyncio

from core.shop.catalog import shipped_catalog
from tests.builders import World


async def balance(world: World, user: str) -> tuple[int, int]:
    """(balance, sum of the ledger) of `user`; the two must always agree."""
    async with world.db.uow() as uow:
        account = await uow.accounts.by_handle(user)
        assert account is not None
        return (await uow.wallet.state(account.id)).balance, await uow.wallet.ledger_total(account.id)


async def owned(world: World, user: str) -> set[str]:
    async with world.db.uow() as uow:
        account = await uow.accounts.by_handle(user)
        assert account is not None
        return {o.item_id for o in await uow.wallet.items(account.id)}


async def buy_button(world: World, user: str, item: str) -> str:
    """The confirm button's action that /buy ITEM hands out (a fresh purchase key each time)."""
    [answer] = await world.say(user, f"/buy {item}")
    actions = [b.action for row in answer.buttons for b in row if b.action and b.action.startswith("buy:")]
    assert actions, answer.plain_text
    return actions[0]


async def grant(world: World, user: str, amount: int) -> None:
    await world.say(user, "/start")
    assert "Granted" in await world.says("admin", f"/grant {user} {amount} test coins")


async def test_a_buy_button_pressed_with_too_few_coins_says_how_many_are_missing_and_changes_nothing(
    world: World,
) -> None:
    await grant(world, "alice", 200)
    action = await buy_button(world, "alice", "sakura")
    await world.press("alice", await buy_button(world, "alice", "midnight"))  # spent meanwhile: 0 left
    answer = await world.press("alice", action)
    assert answer == ("⚠️ Sakura costs 120 coins; you have 0, so 120 are missing. "
                      "/checkin daily and post to earn more.")
    assert await balance(world, "alice") == (0, 0)
    assert await owned(world, "alice") == {"midnight"}


async def test_a_repeated_press_of_the_same_buy_button_buys_once(world: World) -> None:
    await grant(world, "alice", 500)
    action = await buy_button(world, "alice", "sakura")
    first, second = await world.press("alice", action), await world.press("alice", action)
    assert first == second == "🎉 Sakura is yours. Balance: 380 coins. /theme sakura to use it."
    assert await balance(world, "alice") == (380, 380)


async def test_buying_something_owned_again_is_refused_with_the_balance_unchanged(world: World) -> None:
    await grant(world, "alice", 500)
    await world.press("alice", await buy_button(world, "alice", "forest"))
    assert await world.says("alice", "/buy forest") == "You already have Forest. /theme forest to use it."
    # A button fetched before the first purchase finished is refused too.
    stale = "buy:forest:0123456789ab"
    assert await world.press("alice", stale) == "⚠️ You already own Forest."
    assert await balance(world, "alice") == (350, 350)


async def test_many_simultaneous_buys_never_overspend(world: World) -> None:
    await grant(world, "alice", 300)
    catalog = shipped_catalog()
    # Every item that alone is affordable (the others get no Buy button); together far more than 300.
    paid = [i for i in catalog.items.values() if not i.free and i.price <= 300]
    actions = [await buy_button(world, "alice", item.id) for item in paid]
    # Each press is its own message and transaction, all racing for the same 300 coins.
    answers = await asyncio.gather(*(world.press("alice", a) for a in actions))
    assert not [a for a in answers if "went wrong" in a]
    bought = await owned(world, "alice")
    spent = sum(catalog.items[i].price for i in bought)
    assert bought and spent <= 300
    assert await balance(world, "alice") == (300 - spent, 300 - spent)
    assert sum("is yours" in a for a in answers) == len(bought)


async def test_simultaneous_presses_of_one_buy_button_charge_once(world: World) -> None:
    await grant(world, "alice", 1000)
    action = await buy_button(world, "alice", "midnight")
    answers = await asyncio.gather(*(world.press("alice", action) for _ in range(6)))
    assert not [a for a in answers if "went wrong" in a]
    assert await balance(world, "alice") == (800, 800)


async def test_a_refund_is_a_new_entry_that_takes_the_item_back(world: World) -> None:
    await grant(world, "alice", 200)
    await world.press("alice", await buy_button(world, "alice", "ocean"))
    await world.say("alice", "/theme ocean")
    wallet = await world.says("alice", "/wallet")
    purchase = [line.split()[0] for line in wallet.splitlines() if "bought ocean" in line][0]
    assert (await world.says("admin", f"/refund {purchase}")).startswith(f"Refunded {purchase}: +150 coins")
    assert await world.says("admin", f"/refund {purchase}") == f"⚠️ {purchase} was already refunded."
    assert await balance(world, "alice") == (200, 200)
    assert await owned(world, "alice") == set()
    lines = (await world.says("alice", "/wallet")).splitlines()
    # Newest first: the refund, the purchase it reverses, the grant — nothing edited away.
    assert [line.split("  ")[1] for line in lines[1:4]] == ["+150", "-150", "+200"]
    assert "Theme: default" in await world.says("alice", "/inventory")


async def test_limited_items_sell_out(world: World) -> None:
    catalog = shipped_catalog()
    crown = catalog.items["crown"]
    assert crown.stock == 10
    users = [f"user{n:02d}" for n in range(crown.stock + 1)]
    for user in users:
        await grant(world, user, crown.price)
    for user in users[:-1]:
        assert "is yours" in await world.press(user, await buy_button(world, user, "crown"))
    last = users[-1]
    assert await world.press(last, await buy_button(world, last, "crown")) == \
        "⚠️ Crown is sold out — all 10 copies are taken."
    assert await balance(world, last) == (crown.price, crown.price)


async def test_unknown_items_get_a_suggestion(world: World) -> None:
    assert await world.says("alice", "/buy sakur") == \
        "⚠️ There is no item called “sakur” in the shop. Did you mean sakura? /shop lists them."
