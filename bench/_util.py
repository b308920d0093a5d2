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


def temp_sqlite_url() -> tuple[str, Path]:
    path = Path(tempfile.mkdtemp(prefix="oz-bench-")) / "bench.db"
    return f"sqlite+aiosqlite:///{path}", path


__all__ = ["pct", "ms", "peak_rss_mb", "temp_sqlite_url", "statistics"]
