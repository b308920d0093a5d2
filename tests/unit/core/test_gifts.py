"""Gifts on memory: friends only (a block reads as a stranger), paid by the giver, once per key, told to the recipient."""

from __future__ import annotations

import pytest

from core.errors import Conflict, Forbidden, Invalid
from core.model import Account
from core.shop import wallet
from core.shop.model import LedgerEntry
from core.social import friends
from tests.builders import World
from tests.unit.core.helpers import balance, befriend, grant, person, tx


async def give(world: World, giver: Account, to: Account, key: str | None = None, message: str = "for you",
               item: str = "sakura") -> LedgerEntry | None:
    catalog = world.services.catalog
    _, entry = await tx(world, lambda uow: wallet.gift(uow, world.clock.now(), catalog, giver, item, to, message, key))
    return entry


async def test_gifts_go_to_friends_only_are_paid_by_the_giver_and_tell_the_recipient(world: World) -> None:
    alice, bob, carol = await person(world, "alice"), await person(world, "bob"), await person(world, "carol")
    await grant(world, alice, 200)
    with pytest.raises(Forbidden, match="only give gifts to friends"):
        await give(world, alice, carol)
    with pytest.raises(Invalid, match="gift to yourself"):
        await give(world, alice, alice)
    await befriend(world, alice, bob)
    entry = await give(world, alice, bob, "g1")
    assert entry is not None and (entry.amount, entry.counterpart_id, entry.note) == (-120, bob.id, "for you")
    assert await give(world, alice, bob, "g1") == entry  # the confirm button pressed again
    assert await balance(world, alice) == (80, 80)
    assert await balance(world, bob) == (0, 0)
    assert await tx(world, lambda uow: uow.wallet.owns(bob.id, "sakura")) is True
    with pytest.raises(Conflict, match="@bob already owns"):
        await give(world, alice, bob, "g2")
    assert "🎁 Alice (@alice) gave you sakura!\n“for you”" in await world.notices("bob")


async def test_a_giver_someone_blocked_hears_what_a_stranger_hears(world: World) -> None:
    alice, bob, carol = await person(world, "alice"), await person(world, "bob"), await person(world, "carol")
    await grant(world, alice, 200)
    await befriend(world, alice, bob)
    await tx(world, lambda uow: friends.block(uow, world.clock.now(), bob, alice))
    messages = []
    for to in (bob, carol):
        with pytest.raises(Forbidden) as refused:
            await give(world, alice, to)
        messages.append(refused.value.message.replace(to.handle, "HANDLE"))
    assert messages[0] == messages[1] == "You can only give gifts to friends. /friend HANDLE first."
    assert await balance(world, alice) == (200, 200)


async def test_a_gift_message_is_cleaned_and_kept_short(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    await grant(world, alice, 200)
    await befriend(world, alice, bob)
    with pytest.raises(Invalid, match="The gift message is 201 characters; the limit is 200"):
        await give(world, alice, bob, message="x" * 201)
    with pytest.raises(Conflict, match="is free"):
        await give(world, alice, bob, item="classic")
    entry = await give(world, alice, bob, message="  happy\n birthday  ")
    assert entry is not None and entry.note == "happy birthday"
