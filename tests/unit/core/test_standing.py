"""core.standing: the one answer chat's guard and the web's forms both ask before an account acts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core import ratelimit
from core.errors import LimitExceeded
from core.model import Account
from core.moderation.model import Sanction, SanctionKind
from core.ports import UnitOfWork
from core.standing import Standing, standing
from tests.builders import World
from tests.unit.core.helpers import person, reload, tx


async def ask(world: World, who: Account, bucket: str | None = ratelimit.COMMENTS, *, lifted: bool = False) -> Standing:
    limits = None if lifted else world.services.limits
    return await tx(world, lambda uow: standing(uow, world.clock.now(), who, limits, world.services.admins,
                                                ratelimit.buckets_for(bucket)))


async def ban(world: World, who: Account, hours: float | None) -> None:
    now = world.clock.now()
    until = now + timedelta(hours=hours) if hours is not None else None

    async def put(uow: UnitOfWork) -> None:
        await uow.moderation.put_sanction(Sanction(who.id, SanctionKind.BAN, until, "spam", None, now))
    await tx(world, put)


async def test_an_account_in_good_standing_is_admitted_to_every_bucket_it_counts_against(world: World) -> None:
    alice = await reload(world, await person(world, "alice"))
    answer = await ask(world, alice)
    assert answer.may_act and [bucket for bucket, _limit in answer.passed] == [ratelimit.MESSAGES, ratelimit.COMMENTS]


async def test_a_banned_account_stands_refused_and_nothing_is_admitted_even_with_limits_lifted(world: World) -> None:
    alice = await reload(world, await person(world, "alice"))
    await ban(world, alice, None)
    for lifted in (False, True):
        answer = await ask(world, alice, lifted=lifted)
        assert not answer.may_act and answer.ban is not None and answer.ban.reason == "spam"
        assert answer.passed == ()


async def test_a_ban_whose_time_is_up_is_lifted_first_and_the_account_acts(world: World) -> None:
    alice = await reload(world, await person(world, "alice"))
    await ban(world, alice, 2)
    assert not (await ask(world, alice)).may_act
    world.clock.advance(hours=3)
    assert (await ask(world, alice)).may_act
    assert await tx(world, lambda uow: uow.moderation.sanction(alice.id, SanctionKind.BAN)) is None


async def test_a_full_bucket_is_refused_with_the_wait_and_lifted_limits_admit_nothing_to_count(world: World) -> None:
    alice = await reload(world, await person(world, "alice"))
    limits = world.services.limits
    assert limits is not None
    full = limits.limit(ratelimit.COMMENTS, alice.created_at, world.clock.now())
    assert full is not None

    async def fill(uow: UnitOfWork) -> None:
        for _ in range(full.count):
            await ratelimit.record(uow, world.services.admins, alice, [(ratelimit.COMMENTS, full)], world.clock.now())
    await tx(world, fill)
    with pytest.raises(LimitExceeded, match="Slow down"):
        await ask(world, alice)
    assert (await ask(world, alice, lifted=True)) == Standing()
