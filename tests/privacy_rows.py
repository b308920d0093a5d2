"""Rows for the privacy agreement tests: an owner standing in a given relation to a viewer.

Built through the repositories (core.ports), so the same rows are laid in a database and in the
in-memory unit of work (tests.fakes), and each reading of a rule — the SQL compiled from it,
core.privacy.evaluate, the in-memory filter — is checked against `evaluate` on every row.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from core.model import Account, Relation, ZoneVisibility
from core.moderation.model import Sanction, SanctionKind
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.privacy import Facts, Predicate, Viewer, evaluate

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Owner:
    id: int
    circle_id: int
    relation: Relation
    banned: bool


async def viewer_row(uow: UnitOfWork) -> Account:
    viewer = await uow.accounts.add(Account(id=0, handle="viewer", display_name="v", created_at=NOW))
    assert viewer is not None
    return viewer


async def owner_row(uow: UnitOfWork, n: int, viewer_id: int, zone: ZoneVisibility, *, friend: bool, member: bool,
                    blocked: bool, banned: bool) -> Owner:
    """An owner with one circle, related to the viewer as asked; returns the facts core should see."""
    owner = await uow.accounts.add(Account(id=0, handle=f"o{n}", display_name="o", zone_visibility=zone, created_at=NOW))
    assert owner is not None
    circle = await uow.social.add_circle(owner.id, "c")
    if friend:
        await uow.social.add_friendship(owner.id, viewer_id)
    if member:
        await uow.social.add_member(circle.id, viewer_id)
    if blocked:
        await uow.social.block(owner.id, viewer_id)
    if banned:
        await uow.moderation.put_sanction(Sanction(owner.id, SanctionKind.BAN, None, created_at=NOW))
    relation = Relation(is_friend=friend, blocked_by_owner=blocked,
                        circle_ids=frozenset({circle.id}) if member else frozenset())
    return Owner(owner.id, circle.id, relation, banned)


def as_seen_by(who: Viewer, facts: Facts) -> Facts:
    """The facts for `who`: an anonymous viewer has no relation to anyone, nor answered anything."""
    if not who.anonymous:
        return facts
    return replace(facts, relation=Relation(), answered=False, is_author=False)


Cases = list[tuple[int, Facts]]
Lookup = Callable[[UnitOfWork, int, int | None, Predicate], Awaitable[Any]]


async def disagreements(uow_factory: UnitOfWorkFactory, cases: Cases, rules: list[tuple[Viewer, Predicate]],
                        lookup: Lookup) -> list[tuple[int, Facts, Predicate]]:
    """Every (row, rule) where `lookup` finds the row and `evaluate` says no, or the other way round.

    A blocked viewer must be shown nothing of the blocker's, whatever the rest says: such a row
    counts as a disagreement too.
    """
    wrong = []
    for who, rule in rules:
        async with uow_factory() as uow:
            for row_id, facts in cases:
                facts = as_seen_by(who, facts)
                found = await lookup(uow, row_id, who.account_id, rule) is not None
                if found != evaluate(rule, facts) or (found and facts.relation.blocked_by_owner):
                    wrong.append((row_id, facts, rule))
    return wrong
