"""What a message's first query learns for the rest of its transaction, and what a process keeps between them.

Every message starts with one query for its sender (SqlAccountRepo.by_identity_state). That query
also reads a few small facts later steps would otherwise each ask for: the sender's role, whether
anyone cares about their posts, their time zone, and the epoch of the word filter. They are kept
in `Facts`, one per transaction (the session's `info`), and each repository that writes one of
them forgets it there, so a transaction always sees its own writes.

A counter that never goes back down (a daily cap) stays full once full: a process that found one
full (not by its own transaction's doing) remembers it and asks no more.

The word filter changes only when a moderator (or the config at start) changes it, and every
change bumps its epoch in the same transaction (`bump`). A process keeps the words it last read
with the epoch they were read under (`Caches`), and a message whose first query read that same
epoch uses them instead of reading the table: correct across any number of processes, since the
epoch is read from the shared database with the message, not told by a notification that could
arrive late.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import built, insert_for, run
from storage.state.tables import EpochRow

FILTER_WORDS = "filter_words"
FULL_COUNTERS_KEPT = 50_000


@dataclass
class Facts:
    """Facts of this transaction, read with the sender (absent: not known, ask the database)."""

    epochs: dict[str, int] = field(default_factory=dict)
    roles: dict[int, str | None] = field(default_factory=dict)
    uncared: set[int] = field(default_factory=set)
    """Accounts nobody cares about (特别关心): their new posts raise no care notice."""
    time_zones: dict[int, str | None] = field(default_factory=dict)
    likes: dict[int, tuple[set[int], set[int]]] = field(default_factory=dict)
    """Per account: the posts whose like by them this transaction has seen, and which of those they like."""
    bumped: set[str] = field(default_factory=set)
    """Counters this transaction has counted one more under (so their fullness may be its own doing)."""


@dataclass
class Caches:
    """One process's (one engine's) copies of what changes only when someone writes it, keyed by epoch."""

    filter_words: tuple[int, list[Any]] | None = None
    full_counters: OrderedDict[str, None] = field(default_factory=OrderedDict)
    """Counters found full for good (`WalletRepo.bump(for_good=True)`: a day's post reward paid), newest last."""

    def full(self, key: str) -> bool:
        return key in self.full_counters

    def remember_full(self, key: str) -> None:
        self.full_counters[key] = None
        self.full_counters.move_to_end(key)
        while len(self.full_counters) > FULL_COUNTERS_KEPT:
            self.full_counters.popitem(last=False)  # the oldest: yesterday's, most likely


def facts(session: AsyncSession) -> Facts:
    found = session.info.get("facts")
    if found is None:
        found = session.info["facts"] = Facts()
    return found  # type: ignore[no-any-return]


def caches(session: AsyncSession) -> Caches | None:
    return session.info.get("caches")  # type: ignore[no-any-return]


def epoch_of(name: str) -> Any:
    """The epoch of `name` as a column of another query (0 before its first change)."""
    return func.coalesce(select(EpochRow.n).where(EpochRow.name == name).scalar_subquery(), 0)


def _bump(dialect: str) -> Any:
    ins = insert_for(dialect, EpochRow).values(name=bindparam("name"), n=1)
    return ins.on_conflict_do_update(index_elements=["name"], set_={"n": EpochRow.n + 1})


async def bump(session: AsyncSession, name: str) -> None:
    """`name` changed in this transaction: every process's copy is stale once it commits; this one's now."""
    await run(session, built(session, "bump_epoch", _bump), {"name": name})
    facts(session).epochs.pop(name, None)


__all__ = ["Caches", "FILTER_WORDS", "Facts", "bump", "caches", "epoch_of", "facts"]
