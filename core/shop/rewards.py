"""Coins earned: the daily check-in (and its time zone), the first post of the day and likes, as event subscribers.

Every credit is a ledger entry written by one conditional statement (`WalletRepo.change`); the
daily caps are counters bumped by one conditional statement too (anti-farming).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from core.errors import Conflict, Invalid, LimitExceeded
from core.events import Event
from core.i18n import _, ngettext
from core.model import Account
from core.ports import Subscriber, UnitOfWork
from core.posts.events import PhotoLiked, PostCreated, PostLiked
from core.shop.model import LedgerEntry, NewEntry, WalletState

TZ_COOLDOWN = timedelta(days=7)
TZ_GRACE = timedelta(minutes=10)
"""A time zone set by mistake may be corrected this soon after, if no check-in came in between."""


@dataclass(frozen=True)
class ShopRules:
    """The earning rules; config's `[shop]` section is these fields plus the catalog file."""

    timezone: str = "UTC"
    """Default time zone for /checkin days (people change theirs with /timezone): the site's, which
    the composition root sets here (config's `[site] time_zone`)."""
    checkin_reward: int = 10
    """Coins for a daily /checkin."""
    streak_days: int = 7
    """Every this-many-th day in a row pays the streak bonus on top."""
    streak_bonus: int = 50
    """Extra coins on each streak_days-th check-in in a row."""
    post_reward: int = 5
    """Coins for the first post of a person's day (0: off)."""
    like_reward: int = 1
    """Coins for each like a post or an album photo receives (0: off)."""
    like_daily_cap: int = 20
    """At most this many like rewards per person per day (anti-farming)."""


@cache
def _zone_names() -> dict[str, str]:
    """Every zone's name by its lowercase spelling: `europe/berlin` is Europe/Berlin."""
    return {n.lower(): n for n in available_timezones() | {"UTC"}}


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(_zone_names().get(name.strip().lower(), name))
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(_("“{name}” is not a time zone. Use a name like Europe/Berlin, America/New_York or UTC.").format(
            name=name)) from None


def local_day(now: datetime, tz: str) -> date:
    return now.astimezone(zone_of(tz)).date()


def _tz(state: WalletState, rules: ShopRules) -> str:
    return state.timezone or rules.timezone


async def _day(uow: UnitOfWork, now: datetime, account_id: int, rules: ShopRules) -> str:
    """Today in the account's time zone, as ledger keys and daily caps spell it."""
    return local_day(now, await uow.wallet.timezone(account_id) or rules.timezone).isoformat()


@dataclass(frozen=True)
class CheckIn:
    streak: int
    paid: int
    bonus: int
    balance: int
    day: date


async def check_in(uow: UnitOfWork, now: datetime, account: Account, rules: ShopRules) -> CheckIn:
    """Once per calendar day in the account's time zone; every `streak_days`-th day pays a bonus."""
    state = await uow.wallet.state(account.id)
    today = local_day(now, _tz(state, rules))
    streak = await uow.wallet.check_in(account.id, today.isoformat(), (today - timedelta(days=1)).isoformat())
    if streak is None:
        tomorrow = datetime.combine(today + timedelta(days=1), datetime.min.time(), zone_of(_tz(state, rules)))
        hours = max(1, round((tomorrow - now).total_seconds() / 3600))
        raise Conflict(_("You already checked in today (streak {streak}). Come back in about {hours} h.").format(
            streak=state.streak, hours=hours))
    bonus = rules.streak_bonus if rules.streak_days and streak % rules.streak_days == 0 else 0
    paid = rules.checkin_reward + bonus
    # Ledger notes are stored data, in English; handlers.wallet words these shapes for the reader.
    entry = await uow.wallet.change(
        account.id, paid, NewEntry("checkin", actor_id=account.id, note=f"day {streak}",
                                   key=f"checkin:{account.id}:{today.isoformat()}"), now)
    assert entry is not None  # a credit cannot go negative
    return CheckIn(streak, paid, bonus, entry.balance_after, today)


async def set_timezone(uow: UnitOfWork, now: datetime, account: Account, name: str) -> str:
    """Change the check-in time zone: once a week, but a typo may be corrected right away.

    Hopping across the date line would otherwise pay two check-ins in one real day, hence the
    week. A correction within `TZ_GRACE` of a change, with no check-in in between, is the same
    change made again (the week still counts from the first), so it can pay nothing extra.
    """
    zone = zone_of(name.strip())
    key = zone.key
    if key not in available_timezones() and key != "UTC":
        raise Invalid(_("“{name}” is not a time zone. Use a name like Europe/Berlin or UTC.").format(name=name))
    state = await uow.wallet.state(account.id)
    changed = state.tz_changed_at
    at = now
    if changed is not None and now - changed < TZ_COOLDOWN:
        if now - changed >= TZ_GRACE or await _checked_in_since(uow, account, state, changed):
            wait = (changed + TZ_COOLDOWN - now).days + 1
            raise LimitExceeded(ngettext("You changed your time zone recently; you can change it again in {n} day.",
                                         "You changed your time zone recently; you can change it again in {n} days.",
                                         wait).format(n=wait))
        at = changed  # a correction: the week still runs from the first change
    # Applied only if no check-in or other change came in between (one conditional statement).
    if not await uow.wallet.set_timezone(account.id, key, at, seen=state):
        raise Conflict(_("Your wallet changed meanwhile — send /timezone again."))
    return key


async def _checked_in_since(uow: UnitOfWork, account: Account, state: WalletState, since: datetime) -> bool:
    if state.last_checkin is None:
        return False
    entry = await uow.wallet.entry_by_key(f"checkin:{account.id}:{state.last_checkin}")
    return entry is not None and entry.created_at is not None and entry.created_at >= since


async def _credit_capped(uow: UnitOfWork, now: datetime, account_id: int, amount: int, counter: str, cap: int,
                         entry: NewEntry) -> LedgerEntry | None:
    if amount <= 0 or cap <= 0:
        return None
    # A once-only entry is looked up first, unless its own counter (capped at one) already says so.
    if entry.key and (entry.key != counter or cap != 1) and await uow.wallet.entry_by_key(entry.key):
        return None
    if not await uow.wallet.bump(counter, cap, for_good=True):
        return None  # the daily cap is reached: anti-farming
    return await uow.wallet.change(account_id, amount, entry, now)


async def reward_post(uow: UnitOfWork, now: datetime, author_id: int, rules: ShopRules) -> int:
    """Coins for the first post of the author's day; 0 when already paid today."""
    key = f"post:{author_id}:{await _day(uow, now, author_id, rules)}"
    entry = await _credit_capped(uow, now, author_id, rules.post_reward, key, 1,
                                 NewEntry("post", actor_id=author_id, note="first post of the day", key=key))
    return entry.amount if entry else 0


async def _post_created(uow: UnitOfWork, now: datetime, event: Event, rules: ShopRules) -> None:
    if isinstance(event, PostCreated) and not event.held:  # a post held for review earns nothing
        await reward_post(uow, now, event.author_id, rules)


async def reward_like(uow: UnitOfWork, now: datetime, event: Event, rules: ShopRules) -> None:
    """Dispatcher subscriber: the author of a liked post (or owner of a liked album photo) earns a little,
    once per liker and post or photo; both kinds of like count against the one daily cap."""
    match event:
        case PostLiked(post_id=post_id, by_id=by, author_id=owner):
            what, key = f"#{post_id}", f"like:{post_id}:{by}"
        case PhotoLiked(photo_id=photo_id, by_id=by, owner_id=owner):
            what, key = f"p{photo_id}", f"like:p{photo_id}:{by}"
        case _:
            return
    if by == owner:
        return
    day = await _day(uow, now, owner, rules)
    await _credit_capped(
        uow, now, owner, rules.like_reward, f"likes:{owner}:{day}", rules.like_daily_cap,
        NewEntry("like", actor_id=by, note=f"like on {what}", key=key),
    )


def like_subscriber(rules: ShopRules) -> Subscriber:
    """The outbox dispatcher's hook paying like rewards inside its own transaction (once per event)."""
    return lambda uow, event, now: reward_like(uow, now, event, rules)


def post_subscriber(rules: ShopRules) -> Subscriber:
    """The hook paying the first post of the day, in the transaction that wrote the post."""
    return lambda uow, event, now: _post_created(uow, now, event, rules)
