"""Rate limits per account and per kind of action: sliding windows over recorded hits.

The rules are pure; `admit` and `record` apply them through the unit of work. Defaults are
sized so that nobody using OpenZone as a person does is ever slowed down, while a script is:
Mastodon's 300 requests per 5 minutes for everything (reading included), 60 posts an hour,
60 comments per 10 minutes, 30 guestbook entries and replies per 10 minutes, 60 uploads an hour. In an account's first day the content limits
(posts, comments, uploads, reports) are halved — still 30 posts in the first hour.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from core.errors import Invalid, LimitExceeded
from core.i18n import _, ngettext
from core.model import Account
from core.moderation.actions import Admins, role_of
from core.moderation.model import Role
from core.ports import UnitOfWork

_RATE = re.compile(r"^\s*(\d{1,6})\s*/\s*(\d{1,5})\s*([smhd])\s*$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}

POSTS, COMMENTS, UPLOADS, REPORTS, MESSAGES = "posts", "comments", "uploads", "reports", "messages"
GUESTBOOK = "guestbook"
BUCKETS = (POSTS, COMMENTS, GUESTBOOK, UPLOADS, REPORTS, MESSAGES)
"""Every bucket, in the order config lists them (`[moderation]` has one key each). Each command
or flow declares the one it counts against (handlers' `Command.bucket`, `Flow.bucket`)."""
# What a new account gets less of: what others read. Flood protection (MESSAGES) is the same for
# everyone, so reading, paging and pressing buttons never slow a newcomer down.
NEW_ACCOUNT_BUCKETS = frozenset({POSTS, COMMENTS, GUESTBOOK, UPLOADS, REPORTS})


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta

    def __post_init__(self) -> None:
        if self.count < 1 or self.window <= timedelta(0):
            raise ValueError("a limit needs a positive count and window")

    def scaled(self, factor: float) -> Limit:
        return Limit(max(1, math.floor(self.count * factor)), self.window)


def parse_rate(text: str) -> Limit:
    """`30/30m` → 30 per 30 minutes (units s, m, h, d)."""
    m = _RATE.match(text)
    if not m or int(m.group(1)) == 0 or int(m.group(2)) == 0:
        raise Invalid(f"{text!r} is not a rate; write COUNT/WINDOW such as 30/30m, 60/10m or 500/1d.")
    return Limit(int(m.group(1)), timedelta(seconds=int(m.group(2)) * _UNIT[m.group(3)]))


# The built-in limits, as config writes them (openzone/config.py and config.example.toml repeat them).
DEFAULT_RATES = {POSTS: "60/1h", COMMENTS: "60/10m", GUESTBOOK: "30/10m", UPLOADS: "60/1h", REPORTS: "10/1h", MESSAGES: "300/5m"}
DEFAULT_NEW_ACCOUNT_HOURS = 24.0
DEFAULT_NEW_ACCOUNT_FACTOR = 0.5


def _default_limits() -> dict[str, Limit]:
    return {bucket: parse_rate(rate) for bucket, rate in DEFAULT_RATES.items()}


@dataclass(frozen=True)
class RateLimits:
    """Limits per bucket, and how much tighter the content limits are for an account's first day."""

    limits: dict[str, Limit] = field(default_factory=_default_limits)
    new_account_age: timedelta = timedelta(hours=DEFAULT_NEW_ACCOUNT_HOURS)
    new_account_factor: float = DEFAULT_NEW_ACCOUNT_FACTOR

    def limit(self, bucket: str, created_at: datetime | None, now: datetime) -> Limit | None:
        base = self.limits.get(bucket)
        if base is None:
            return None
        new = created_at is not None and now - created_at < self.new_account_age
        if new and bucket in NEW_ACCOUNT_BUCKETS:
            return base.scaled(self.new_account_factor)
        return base


HITS_KEPT = timedelta(days=1)
"""The least a recorded hit is kept (upkeep forgets older ones): an album question's hour and any limit configured per day."""


def forget_before(limits: RateLimits | None, now: datetime) -> datetime:
    """Hits before this reach into no window (`limits`' longest, or `HITS_KEPT`): upkeep may forget them."""
    longest = max([HITS_KEPT, *(limit.window for limit in (limits.limits.values() if limits else ()))])
    return now - longest


def buckets_for(bucket: str | None, *, attachments: bool = False) -> list[str]:
    """The buckets one incoming message counts against: every message is one of MESSAGES, what it
    does counts against `bucket` (a post, a comment…), and files it carries against UPLOADS."""
    out = [MESSAGES]
    if bucket is not None and bucket not in out:
        out.append(bucket)
    if attachments and UPLOADS not in out:
        out.append(UPLOADS)
    return out


def wait(hits: Sequence[datetime], limit: Limit, now: datetime) -> float | None:
    """Seconds until one more hit is allowed, or None when it is allowed now.

    `hits` are the recorded times within the window, oldest first.
    """
    recent = [h for h in hits if h > now - limit.window]
    if len(recent) < limit.count:
        return None
    # The window frees a slot when the hit that put us at the limit grows old enough.
    oldest_blocking = recent[len(recent) - limit.count]
    return max(1.0, (oldest_blocking + limit.window - now).total_seconds())


def in_words(seconds: float) -> str:
    """A wait as a person says it: `a few seconds`, `about 40 seconds`, `about 29 minutes`, `about 3 hours`."""
    if seconds < 10:
        return _("a few seconds")
    if seconds < 55:
        n = math.ceil(seconds / 5) * 5
        return ngettext("about {n} second", "about {n} seconds", n).format(n=n)
    minutes = round(seconds / 60)
    if minutes < 2:
        return _("about a minute")
    if minutes < 60:
        return ngettext("about {n} minute", "about {n} minutes", minutes).format(n=minutes)
    hours = round(seconds / 3600)
    if hours < 2:
        return _("about an hour")
    if hours < 48:
        return ngettext("about {n} hour", "about {n} hours", hours).format(n=hours)
    days = round(seconds / 86400)
    return ngettext("about {n} day", "about {n} days", days).format(n=days)


def slow_down(seconds: float) -> LimitExceeded:
    return LimitExceeded(_("Slow down — try again in {wait}.").format(wait=in_words(seconds)), retry_after=seconds)


async def _is_staff(uow: UnitOfWork, admins: Admins, account: Account) -> bool:
    return await role_of(uow, admins, account) is not Role.USER


def limits_for(limits: RateLimits, account: Account, buckets: list[str], now: datetime) -> list[tuple[str, Limit]]:
    """The limits `buckets` hold `account` to now, unread: what `record` claims when nothing was read first."""
    return [(bucket, limit) for bucket in buckets if (limit := limits.limit(bucket, account.created_at, now)) is not None]


async def admit(uow: UnitOfWork, limits: RateLimits, admins: Admins, account: Account, buckets: list[str],
                now: datetime) -> list[tuple[str, Limit]]:
    """The limits a message counts against; LimitExceeded (with a wait in words) when one is full.

    Reading first refuses early, before the command does any work (worth a query where that work is
    heavy: pictures to process, a form's page); `record` then claims each hit in one conditional
    statement, which is what holds the bound when messages race. Staff are never slowed down.
    """
    passed: list[tuple[str, Limit]] = []
    for bucket, limit in limits_for(limits, account, buckets, now):
        left = wait(await uow.moderation.hits(account.id, bucket, now - limit.window), limit, now)
        if left is not None:
            if await _is_staff(uow, admins, account):
                return []
            raise slow_down(left)
        passed.append((bucket, limit))
    return passed


async def record(uow: UnitOfWork, admins: Admins, account: Account, passed: list[tuple[str, Limit]],
                 now: datetime) -> None:
    """Claim a hit in each of `passed`, all in one conditional statement; a message that finds one of them
    full (it lost a race for the last slot, or nothing was read first) is refused whole."""
    claimed = await uow.moderation.claim_hits(account.id, now, [(b, limit.count, now - limit.window) for b, limit in passed])
    for bucket, limit in passed:
        if bucket in claimed:
            continue
        if await _is_staff(uow, admins, account):
            return
        left = wait(await uow.moderation.hits(account.id, bucket, now - limit.window), limit, now)
        raise slow_down(left or 1.0)
