"""adapters.web.cache.PageCache keeps about `ttl` seconds of pages: expired ones go as new ones come."""

from __future__ import annotations

from adapters.web.cache import PageCache


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_expired_pages_are_dropped_as_new_ones_are_kept_so_memory_follows_the_ttl_not_the_size() -> None:
    clock = Clock()
    cache = PageCache(ttl=1.0, size=4096, now=clock)
    for n in range(3000):  # a thousand pages a second for three seconds
        clock.t = n / 1000
        cache.put((f"cookie{n}", "en", "/z/alice"), b"x" * 100, ())
    assert 1000 <= len(cache._entries) <= 1001  # noqa: SLF001 - what it holds is the point
    assert cache.get(("cookie2999", "en", "/z/alice")) is not None
    assert cache.get(("cookie0", "en", "/z/alice")) is None


def test_the_size_still_bounds_what_is_kept_within_the_ttl() -> None:
    clock = Clock()
    cache = PageCache(ttl=60.0, size=10, now=clock)
    for n in range(50):
        cache.put((f"c{n}", "en", "/z/a"), b"x", ())
    assert len(cache._entries) == 10  # noqa: SLF001
    assert cache.get(("c49", "en", "/z/a")) is not None and cache.get(("c0", "en", "/z/a")) is None
