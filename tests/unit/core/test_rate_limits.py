"""Rate limits on memory: the configured buckets, a newcomer's first day, parallel claims, staff."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from core import ratelimit
from core.errors import LimitExceeded
from core.model import Account
from core.ports import UnitOfWork
from tests.builders import World
from tests.unit.core.helpers import person, reload, tx


async def hit(world: World, who: Account, bucket: str = ratelimit.POSTS) -> bool:
    """One message counting against `bucket`: admitted and recorded, or refused."""
    limits, admins, now = world.services.limits, world.services.admins, world.clock.now()
    assert limits is not None  # the built-in configuration limits everyone

    async def step(uow: UnitOfWork) -> None:
        passed = await ratelimit.admit(uow, limits, admins, who, [bucket], now)
        await ratelimit.record(uow, admins, who, passed, now)

    try:
        await tx(world, step)
    except LimitExceeded:
        return False
    return True


async def test_a_newcomer_posts_half_as_much_on_their_first_day_then_the_full_rate(world: World) -> None:
    alice = await reload(world, await person(world, "alice"))
    assert [await hit(world, alice) for _ in range(31)].count(True) == 30  # 60/1h halved
    limits = world.services.limits
    assert limits is not None
    with pytest.raises(LimitExceeded, match="Slow down"):  # refused before the command does any work
        await tx(world, lambda uow: ratelimit.admit(uow, limits, world.services.admins, alice, [ratelimit.POSTS],
                                                    world.clock.now()))
    world.clock.advance(hours=25)
    assert [await hit(world, alice) for _ in range(61)].count(True) == 60


async def test_parallel_posts_never_pass_the_limit(world: World) -> None:
    alice = await reload(world, await person(world, "alice"))
    passed = await asyncio.gather(*(hit(world, alice) for _ in range(40)))
    assert passed.count(True) == 30
    since = world.clock.now() - timedelta(hours=1)
    assert len(await tx(world, lambda uow: uow.moderation.hits(alice.id, ratelimit.POSTS, since))) == 30


async def test_the_window_slides_and_buckets_are_apart(world: World) -> None:
    alice = await reload(world, await person(world, "alice"))
    world.clock.advance(hours=25)
    for _ in range(10):
        assert await hit(world, alice, ratelimit.REPORTS)
    assert not await hit(world, alice, ratelimit.REPORTS)
    assert await hit(world, alice, ratelimit.COMMENTS)
    world.clock.advance(hours=1, seconds=1)
    assert await hit(world, alice, ratelimit.REPORTS)


async def test_staff_are_never_slowed_down(world: World) -> None:
    boss = await reload(world, await person(world, "admin"))
    assert all([await hit(world, boss, ratelimit.REPORTS) for _ in range(12)])
