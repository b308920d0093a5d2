"""Fixtures the integration tests share."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from openzone.bootstrap import bootstrap
from storage import Database
from tests.builders import World, settings_for

Crowd = Callable[[int], Awaitable[list[World]]]


@pytest.fixture
async def crowd(world: World) -> AsyncIterator[Crowd]:
    """`await crowd(n)`: n more platform instances on `world`'s database, each with its own engine
    (as a separate process has), sharing the clock and the limits."""
    started: list[World] = []

    async def start(n: int) -> list[World]:
        for _ in range(n):
            db = Database(world.db.url)
            runtime = await bootstrap(settings_for(db), db=db, clock=world.clock, migrate=False)
            runtime.services.limits = world.services.limits
            started.append(World(runtime, world.clock))
        return started[-n:]

    yield start
    for w in started:
        await w.close()
