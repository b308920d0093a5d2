"""Whether an account may act now: the one rule every front end asks before doing what a person asks.

Chat's router asks it before every command, button press and message (handlers.moderation_guards);
the web asks it before every form (adapters.web.forms). Lifting a sanction whose time is up, refusing
a banned account and admitting the rate buckets happen here, in this order, so no front end can skip
a step or take them in another order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core import ratelimit
from core.model import Account
from core.moderation.actions import Admins, expire_for
from core.moderation.model import Sanction, SanctionKind
from core.ports import UnitOfWork
from core.ratelimit import Limit, RateLimits


@dataclass(frozen=True)
class Standing:
    """An account's answer: the ban that stops it (then nothing was admitted), or the limits it was admitted
    under — the hits to claim with `ratelimit.record` once the action has run, in the same transaction."""

    ban: Sanction | None = None
    passed: tuple[tuple[str, Limit], ...] = ()

    @property
    def may_act(self) -> bool:
        return self.ban is None


async def standing(uow: UnitOfWork, now: datetime, account: Account, limits: RateLimits | None, admins: Admins,
                   buckets: list[str], *, read_first: bool = True) -> Standing:
    """Lift what has expired; a banned account stands refused; else admit `buckets` (LimitExceeded when one is full).

    `buckets` as `ratelimit.buckets_for` names them; `limits` None lifts every limit (not the ban).
    With `read_first` False the buckets are not read now: the one conditional statement of
    `ratelimit.record` both judges and claims them, and refuses the whole action when one is full
    (its transaction rolls back) — a query saved for every action that is cheap to undo.
    """
    await expire_for(uow, now, account.id)
    ban = await uow.moderation.sanction(account.id, SanctionKind.BAN)
    if ban is not None:
        return Standing(ban)
    if limits is None:
        return Standing()
    if not read_first:
        return Standing(passed=tuple(ratelimit.limits_for(limits, account, buckets, now)))
    return Standing(passed=tuple(await ratelimit.admit(uow, limits, admins, account, buckets, now)))


__all__ = ["Standing", "standing"]
