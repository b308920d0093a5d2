"""Rate limits per account and per kind of action: sliding windows over recorded hits.

The rules are pure (no I/O): storage keeps the hits, the chat guard asks `wait` before letting a
message through. Defaults follow Mastodon's spirit: 30 posts / 30 min, 60 comments / 10 min,
30 uploads / 30 min; accounts in their first day get a fraction of each.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from core.errors import Invalid

_RATE = re.compile(r"^\s*(\d{1,6})\s*/\s*(\d{1,5})\s*([smhd])\s*$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}

POSTS, COMMENTS, UPLOADS, REPORTS, MESSAGES = "posts", "comments", "uploads", "reports", "messages"
BUCKETS = (POSTS, COMMENTS, UPLOADS, REPORTS, MESSAGES)
"""Every bucket, in the order config lists them (`[moderation]` has one key each)."""
# Which commands count against which bucket (every message also counts as one of MESSAGES).
COMMAND_BUCKETS = {
    "post": POSTS, "blog": POSTS, "share": POSTS,
    "comment": COMMENTS, "reply": COMMENTS,
    "report": REPORTS,
}
FLOW_BUCKETS = {"blog_body": POSTS, "comment": COMMENTS, "report": REPORTS}


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


def _default_limits() -> dict[str, Limit]:
    return {
        POSTS: Limit(30, timedelta(minutes=30)),
        COMMENTS: Limit(60, timedelta(minutes=10)),
        UPLOADS: Limit(30, timedelta(minutes=30)),
        REPORTS: Limit(10, timedelta(hours=1)),
        MESSAGES: Limit(120, timedelta(minutes=1)),
    }


@dataclass(frozen=True)
class RateLimits:
    """Limits per bucket, and how much tighter they are for an account's first day."""

    limits: dict[str, Limit] = field(default_factory=_default_limits)
    new_account_age: timedelta = timedelta(hours=24)
    new_account_factor: float = 0.25

    def limit(self, bucket: str, created_at: datetime | None, now: datetime) -> Limit | None:
        base = self.limits.get(bucket)
        if base is None:
            return None
        if created_at is not None and now - created_at < self.new_account_age:
            return base.scaled(self.new_account_factor)
        return base


def buckets_for(command: str | None, *, flow: str | None = None, replying: bool = False,
                attachments: bool = False) -> list[str]:
    """The buckets one incoming message counts against."""
    out = [MESSAGES]
    if command is not None:
        if command in COMMAND_BUCKETS:
            out.append(COMMAND_BUCKETS[command])
    elif flow in FLOW_BUCKETS:
        out.append(FLOW_BUCKETS[flow])
    elif replying:
        out.append(COMMENTS)  # replying to a post message comments on it
    if attachments:
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
