"""`openzone run` settles its heap once its parts are up (openzone.serve.settle_heap): what start-up built is
frozen out of the cycle collector's walks, and young objects are collected less often."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from openzone.serve import YOUNG_COLLECTION, settle_heap


@pytest.fixture
def heap() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_what_start_up_built_is_frozen_and_young_collections_are_rarer(heap: None) -> None:
    gc.unfreeze()
    built = {"kept": [1, 2, 3]}  # as a template or a table's metadata: alive for the process
    assert any(o is built for o in gc.get_objects())
    settle_heap()
    assert gc.get_freeze_count() > 0 and not any(o is built for o in gc.get_objects())  # walked no more
    young, *older = gc.get_threshold()
    assert young == YOUNG_COLLECTION > 700 and older == list(gc.get_threshold()[1:])
    cycle: list[object] = []
    cycle.append(cycle)  # garbage made after it is still collected
    del cycle
    assert gc.collect() >= 1
