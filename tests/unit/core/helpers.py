"""Builders for the rule tests: people, friendships and one transaction per step, through core's services."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from core.accounts import service as accounts
from core.model import Account
from core.ports import UnitOfWork
from core.shop import wallet
from core.social import friends
from tests.builders import World

T = TypeVar("T")


async def tx(world: World, step: Callable[[UnitOfWork], Awaitable[T]]) -> T:
    """Run `step` as one command does: in its own unit of work, committed when it returns."""
    async with world.services.uow_factory() as uow:
        result = await step(uow)
        await uow.commit()
        return result


async def person(world: World, name: str, platform: str = "console") -> Account:
    """The account of `name`'s first message on `platform` (as core.accounts makes it)."""
    world.clock.advance(seconds=1)
    account, _ = await tx(world, lambda uow: accounts.ensure_account(uow, world.clock.now(), platform, name,
                                                                    name.capitalize(), name))
    return account


async def reload(world: World, account: Account) -> Account:
    found = await tx(world, lambda uow: uow.accounts.get(account.id))
    assert found is not None
    return found


async def befriend(world: World, a: Account, b: Account) -> None:
    now = world.clock.now()
    assert await tx(world, lambda uow: friends.request_friend(uow, now, a, b)) == "requested"
    assert await tx(world, lambda uow: friends.accept_friend(uow, now, b, a)) is True


async def balance(world: World, who: Account) -> tuple[int, int]:
    """(balance, the ledger's sum): the two must always agree."""
    async with world.services.uow_factory() as uow:
        return (await uow.wallet.state(who.id)).balance, await uow.wallet.ledger_total(who.id)


async def grant(world: World, to: Account, amount: int) -> None:
    admin = await person(world, "admin")
    await tx(world, lambda uow: wallet.grant(uow, world.clock.now(), admin, to, amount, "test coins"))
