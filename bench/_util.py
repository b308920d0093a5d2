"""Shared bits for the benchmarks: percentiles, peak RSS, a migrated temp SQLite database."""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pct(samples: list[float], p: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_settings(url: str, **sections: object):  # type: ignore[no-untyped-def]
    """The built-in configuration on `url`, data under a temp dir; `sections` replace whole sections."""
    from dataclasses import replace

    from openzone.settings import DatabaseSettings, Settings

    base = Settings(database=DatabaseSettings(url=url), data_dir=Path(tempfile.mkdtemp(prefix="oz-bench-data-")))
    return replace(base, **sections)


def one_poster_settings(url: str):  # type: ignore[no-untyped-def]
    """Built-in configuration, except that one benchmark person may post thousands of times.

    The round-trip benchmarks time one person's `/post` again and again: the post limits
    would answer "slow down" after 30, which is not what they measure.
    """
    from openzone.settings import Moderation

    return bench_settings(url, moderation=Moderation(posts="100000/1m", messages="100000/1m"))


async def platform(settings, **kw):  # type: ignore[no-untyped-def]
    """The platform exactly as `openzone run` builds it (openzone.bootstrap)."""
    from openzone.bootstrap import bootstrap

    return await bootstrap(settings, **kw)


def temp_sqlite_url() -> tuple[str, Path]:
    path = Path(tempfile.mkdtemp(prefix="oz-bench-")) / "bench.db"
    return f"sqlite+aiosqlite:///{path}", path


__all__ = ["bench_settings", "one_poster_settings", "pct", "ms", "peak_rss_mb", "platform", "temp_sqlite_url", "statistics"]
