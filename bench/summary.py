"""Every benchmark once on SQLite and once on PostgreSQL, then the targets table from that one run.

    .venv/bin/python bench/summary.py [--database-url postgresql+asyncpg://USER@HOST/DB] [--sizes 1000,100000,1000000]
                                      [--seconds 5] [--only web,commands,telegram,discord,qq,feed]

`make bench` runs this (with the local PostgreSQL server). Each benchmark's own output is shown as
it runs; the table at the end reads the figures they wrote (`--json`). Without --database-url the
PostgreSQL column says "not run". The load average before and after is printed: on a machine that
was busy (others' work at the start), the figures are provisional.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BENCHES = ("web", "commands", "telegram", "discord", "qq", "feed")
SCRIPTS = {"web": "web.py", "commands": "commands.py", "telegram": "telegram_roundtrip.py",
           "discord": "discord_roundtrip.py", "qq": "qq_roundtrip.py", "feed": "feed.py"}

Figures = dict[str, dict[str, Any]]  # bench name → what its --json held


def run(name: str, database_url: str, args: argparse.Namespace, out: Path) -> dict[str, Any] | None:
    extra = {"web": ["--seconds", str(args.seconds)], "feed": ["--sizes", args.sizes]}.get(name, [])
    command = [sys.executable, str(HERE / SCRIPTS[name]), "--json", str(out), *extra,
               *(["--database-url", database_url] if database_url else [])]
    print(f"\n$ {' '.join(command[1:])}", flush=True)
    t0 = time.perf_counter()
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    if subprocess.run(command, env=env).returncode != 0 or not out.exists():
        print(f"!! {name} failed", flush=True)
        return None
    print(f"({name}: {time.perf_counter() - t0:.0f} s)", flush=True)
    return dict(json.loads(out.read_text()))


def _pct(v: float) -> str:
    return f"{v:.1%}"


def _ms(v: float) -> str:
    return f"{v * 1000:.1f} ms"


def _x(v: float) -> str:
    return f"{v:.2f}×"


def _mb(v: float) -> str:
    return f"{v:.0f} MB"


def _at_largest(f: dict[str, Any], key: str) -> float:
    return float(f["sizes"][-1][key])


def _curve(f: dict[str, Any], key: str) -> str:
    return " → ".join(_ms(r[key]) for r in f["sizes"])


Row = tuple[str, str, Callable[[Figures], str], str]
ROWS: list[Row] = [
    ("zone page (no cache hits) / bare aiohttp hello, same run", "web",
     lambda f: _pct(f["web"]["zone_nocache"]["rps"] / f["web"]["hello"]["rps"]), "≥ 10%"),
    ("zone page p99 at 32 connections (no cache hits)", "web", lambda f: _ms(f["web"]["zone_nocache"]["p99"]), "< 50 ms"),
    ("mixed chat commands / plain SQLAlchemy insert+commit", "commands", lambda f: _pct(f["commands"]["ratio"]), "≥ 50%"),
    ("Telegram /post first reply / bare PTB echo (p50)", "telegram", lambda f: _x(f["telegram"]["ratio"]), "≤ 2×"),
    ("Discord slash /post first response / bare client (p50)", "discord", lambda f: _x(f["discord"]["ratio"]), "≤ 2×"),
    ("feed page p99 at the largest size (1,000,000 posts by default)", "feed", lambda f: _ms(_at_largest(f["feed"], "feed_p99")), "< 5 ms"),
    ("server peak RSS under the web benchmark", "web", lambda f: _mb(f["web"]["rss"]), "< 200 MB"),
]
MORE: list[Row] = [
    ("mixed chat commands / the same loop with our pragmas (synchronous=NORMAL; SQLite)", "commands",
     lambda f: _pct(f["commands"]["ratio_same_pragmas"]) if f["commands"].get("ratio_same_pragmas") else "—", ""),
    ("zone page req/s, no cache · page cache (its hit rate)", "web",
     lambda f: f"{f['web']['zone_nocache']['rps']:,.0f} · {f['web']['zone_cached']['rps']:,.0f} "
               f"({_pct(f['web']['zone_cached']['hit_rate'])})", ""),
    ("post page · album page req/s, no cache", "web",
     lambda f: f"{f['web']['post_nocache']['rps']:,.0f} · {f['web']['album_nocache']['rps']:,.0f}", ""),
    ("statements per zone · post · album page", "web",
     lambda f: " · ".join(f"{f['web'][k + '_nocache']['statements']:.1f}" for k in ("zone", "post", "album")), ""),
    ("statements per chat command (mixed)", "commands", lambda f: f"{f['commands']['statements']:.1f}", ""),
    ("statements + commits per Telegram /post", "telegram",
     lambda f: f"{f['telegram']['statements']:.1f} + {f['telegram']['commits']:.1f}", ""),
    ("QQ /post first reply p50 · bare OneBot echo p50 (no target)", "qq",
     lambda f: f"{_ms(f['qq']['first_p50'])} · {_ms(f['qq']['echo_p50'])}", ""),
    ("statements + commits per QQ /post", "qq", lambda f: f"{f['qq']['statements']:.1f} + {f['qq']['commits']:.1f}", ""),
    ("feed page p99 across the sizes", "feed", lambda f: _curve(f["feed"], "feed_p99"), "flat"),
    ("zone page p99 across the sizes (one at a time)", "feed", lambda f: _curve(f["feed"], "zone_p99"), "flat"),
    ("seeding the largest size", "feed", lambda f: f"{_at_largest(f['feed'], 'seed_s'):.0f} s", ""),
]


def cell(row: Row, figures: Figures | None) -> str:
    _, bench, value, _ = row
    if figures is None:
        return "not run"
    if bench not in figures:
        return "—"
    try:
        return value(figures)
    except (KeyError, IndexError, ZeroDivisionError):
        return "—"


def table(sqlite: Figures, postgres: Figures | None) -> None:
    width = max(len(r[0]) for r in ROWS + MORE)
    cols = [34, 34]
    print(f"\n{'figure':<{width}}  {'SQLite':<{cols[0]}}  {'PostgreSQL':<{cols[1]}}  target")
    print(f"{'-' * width}  {'-' * cols[0]}  {'-' * cols[1]}  ------")
    for row in ROWS:
        print(f"{row[0]:<{width}}  {cell(row, sqlite):<{cols[0]}}  {cell(row, postgres):<{cols[1]}}  {row[3]}")
    print()
    for row in MORE:
        print(f"{row[0]:<{width}}  {cell(row, sqlite):<{cols[0]}}  {cell(row, postgres):<{cols[1]}}  {row[3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", metavar="URL",
                        help="PostgreSQL server to make scratch databases on (postgresql+asyncpg://…); "
                             "without it only SQLite runs")
    parser.add_argument("--sizes", default="1000,100000,1000000", help="feed benchmark sizes")
    parser.add_argument("--seconds", type=float, default=5.0, help="web benchmark seconds per run")
    parser.add_argument("--only", default=",".join(BENCHES), help="which benchmarks, comma-separated")
    args = parser.parse_args()
    chosen = [b for b in args.only.split(",") if b]
    unknown = set(chosen) - set(BENCHES)
    if unknown:
        parser.error(f"--only: unknown {', '.join(sorted(unknown))}; choose from {', '.join(BENCHES)}")
    load_before, t0 = os.getloadavg(), time.perf_counter()
    out = Path(tempfile.mkdtemp(prefix="oz-bench-summary-"))
    results: dict[str, Figures] = {"sqlite": {}, "postgres": {}}
    for name in chosen:
        for where, url in (("sqlite", ""), ("postgres", args.database_url)):
            if where == "postgres" and not url:
                continue
            got = run(name, url, args, out / f"{name}-{where}.json")
            if got is not None:
                results[where][name] = got
    load_after = os.getloadavg()
    print(f"\n{os.cpu_count()} cores · load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
          f"(the benchmarks' own load included) · {time.perf_counter() - t0:.0f} s in all · figures in {out}")
    if load_before[0] > 0.5:
        print("the machine was not quiet when this began: treat these figures as provisional")
    table(results["sqlite"], results["postgres"] if args.database_url else None)


if __name__ == "__main__":
    main()
