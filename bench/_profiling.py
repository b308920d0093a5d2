"""Printing a cProfile file and the statements a profiled run sent, for bench/profile_zone.py and
bench/profile_telegram.py: what an optimiser reads first."""

from __future__ import annotations

import linecache
import pickle
import pstats
from pathlib import Path

from _sql import describe


def print_profile(path: str, top: int, what: str, focus: tuple[str, ...] = ()) -> None:
    """The top functions by own time and by cumulative time (paths shortened to the repository).

    `what` says whose CPU the profile holds; `focus` adds path prefixes to "our code" (e.g. tests/ for a fake)."""
    stats = pstats.Stats(path)  # directories kept: `core/…` against `aiohttp/…` is the point
    total = stats.total_tt  # type: ignore[attr-defined]
    rows, plain = [], []
    for (file, lineno, name), (_cc, calls, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((tt, ct, calls, f"{_short(file)}:{lineno}({name})"))
        if not _is_async(file, lineno):
            plain.append(rows[-1])
    print(f"\nprofile: {total:.2f} s of {what}")
    print(f"\n  own time (tottime), top {top}:")
    for tt, ct, calls, where in sorted(rows, reverse=True)[:top]:
        print(f"    {tt / total:6.1%}  {tt:7.3f} s  {calls:>9,} calls  {where}")
    print(f"\n  time including callees (cumtime), top {top} plain functions of our code"
          f"{' and ' + ', '.join(focus) if focus else ''} (coroutines left out: cProfile counts each of their "
          "resumptions as a call and their times overlap):")
    ours = [r for r in plain if _ours(r[3], focus)]
    for tt, ct, calls, where in sorted(ours, key=lambda r: -r[1])[:top]:
        print(f"    {ct / total:6.1%}  {ct:7.3f} s  {calls:>9,} calls  {where}")
    print("\n  by package (own time):")
    packages: dict[str, float] = {}
    for tt, _ct, _calls, where in rows:
        packages[_package(where)] = packages.get(_package(where), 0.0) + tt
    for name, tt in sorted(packages.items(), key=lambda kv: -kv[1])[:15]:
        print(f"    {tt / total:6.1%}  {tt:7.3f} s  {name}")


def _is_async(file: str, lineno: int) -> bool:
    """Whether the function at file:lineno is a coroutine function (a profile row names its first decorator)."""
    for n in range(lineno, lineno + 8):
        line = linecache.getline(file, n).lstrip()
        if not line.startswith("@"):
            return line.startswith("async def")
    return False


def _short(file: str) -> str:
    root = str(Path(__file__).resolve().parents[1]) + "/"
    if file.startswith(root):
        return file[len(root):]
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1]
    if "/lib/python" in file:
        return "stdlib/" + file.split("/lib/python", 1)[1].split("/", 1)[-1]
    return file


OURS = ("core/", "storage/", "adapters/", "handlers/", "openzone/", "chat/")


def _ours(where: str, focus: tuple[str, ...]) -> bool:
    return where.startswith(OURS + focus)


def _package(where: str) -> str:
    if where.startswith("stdlib/"):
        return "stdlib:" + where.split("/")[1].split(".")[0]
    if where.startswith("{") or where.startswith("~"):
        return "builtins"
    head = where.split("/")[0].split(":")[0]
    return head.removesuffix(".py")


def print_statements(by_tag: str | dict[str | None, list[tuple[str, object]]], top: int, unit: str = "request") -> None:
    """The statements of a profiled run, grouped by the request (or command) that sent them; `by_tag` may be
    the pickle file bench/_server.py wrote."""
    if isinstance(by_tag, str):
        by_tag = pickle.loads(Path(by_tag).read_bytes())
    requests = [stmts for tag, stmts in by_tag.items() if tag is not None]
    print(f"\nSQL over {len(requests)} {unit}s:")
    for text in describe(requests, top, unit=unit):
        print("  " + text)


__all__ = ["OURS", "print_profile", "print_statements"]
