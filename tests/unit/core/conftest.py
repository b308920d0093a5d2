"""The fast tier: the platform as openzone.bootstrap builds it, on the in-memory unit of work."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.builders import World
from tests.fakes import MemoryDatabase


@pytest.fixture
async def world() -> AsyncIterator[World]:
    """Bootstrapped with the built-in configuration on memory (no limit lifted): rules run in milliseconds."""
    built = await World.start(MemoryDatabase())  # type: ignore[arg-type]  # the Database interface, on dicts
    yield built
    await built.close()
