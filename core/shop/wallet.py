"""Coins: earning (check-in; posting and likes, as event subscribers), spending (buy, gift), grants, refunds.

Every change of a balance is a ledger entry written by one conditional statement
(`WalletRepo.change`), so concurrent commands can never overspend. Purchases are keyed:
the same key (a button's nonce) never buys twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from core.errors import Conflict, Forbidden, Invalid, LimitExceeded, NotFound
from core.events import Event, register_event
from core.model import Account
from core.ports import Subscriber, UnitOfWork
from core.posts.events import PostCreated, PostLiked
from core.recipients import present_to, recipients_for
from core.shop.catalog import Catalog, Item
from core.shop.model import LedgerEntry, NewEntry, WalletState
from core.text import clean

TZ_COOLDOWN = timedelta(days=7)
TZ_GRACE = timedelta(minutes=10)
"""A time zone set by mistake may be corrected this soon after, if no check-in came in between."""
GRANT_MAX = 1_000_000


@dataclass(frozen=True)
class ShopRules:
    """The earning rules; config's `[shop]` section is these fields plus the catalog file."""

    timezone: str = "UTC"
    """Default time zone for /checkin days (people change theirs with /timezone)."""
    checkin_reward: int = 10
    """Coins for a daily /checkin."""
    streak_days: int = 7
    """Every this-many-th day in a row pays the streak bonus on top."""
    streak_bonus: int = 50
    """Extra coins on each streak_days-th check-in in a row."""
    post_reward: int = 5
    """Coins for the first post of a person's day (0: off)."""
    like_reward: int = 1
    """Coins for each like a post receives (0: off)."""
    like_daily_cap: int = 20
    """At most this many like rewards per person per day (anti-farming)."""


@register_event
@dataclass(frozen=True)
class GiftSent(Event):
    kind: ClassVar[str] = "gift_sent"
    from_id: int
    to_id: int
    item_id: str
    message: str = ""


@recipients_for(GiftSent)
async def _gift_recipients(uow: UnitOfWork, event: Event) -> list[int]:
    assert isinstance(event, GiftSent)
    # A block placed after the gift still silences it; nobody hears of a banned person's gift.
    if await uow.social.is_blocked(event.to_id, event.from_id):
        return []
    return await present_to(uow, event.from_id, [event.to_id])


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(f"{name!r} is not a time zone. Use a name like Europe/Berlin, America/New_York or UTC.") from None


def local_day(now: datetime, tz: str) -> date:
    return now.astimezone(zone_of(tz)).date()


async def wallet(uow: UnitOfWork, account: Account) -> tuple[WalletState, list[LedgerEntry]]:
    return await uow.wallet.state(account.id), await uow.wallet.entries(account.id, 10)


def _tz(state: WalletState, rules: ShopRules) -> str:
    return state.timezone or rules.timezone


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
        raise Conflict(f"You already checked in today (streak {state.streak}). Come back in about {hours} h.")
    bonus = rules.streak_bonus if rules.streak_days and streak % rules.streak_days == 0 else 0
    paid = rules.checkin_reward + bonus
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
        raise Invalid(f"{name!r} is not a time zone. Use a name like Europe/Berlin or UTC.")
    state = await uow.wallet.state(account.id)
    changed = state.tz_changed_at
    at = now
    if changed is not None and now - changed < TZ_COOLDOWN:
        if now - changed >= TZ_GRACE or await _checked_in_since(uow, account, state, changed):
            wait = (changed + TZ_COOLDOWN - now).days + 1
            raise LimitExceeded(f"You changed your time zone recently; you can change it again in {wait} day(s).")
        at = changed  # a correction: the week still runs from the first change
    # Applied only if no check-in or other change came in between (one conditional statement).
    if not await uow.wallet.set_timezone(account.id, key, at, seen=state):
        raise Conflict("Your wallet changed meanwhile — send /timezone again.")
    return key


async def _checked_in_since(uow: UnitOfWork, account: Account, state: WalletState, since: datetime) -> bool:
    if state.last_checkin is None:
        return False
    entry = await uow.wallet.entry_by_key(f"checkin:{account.id}:{state.last_checkin}")
    return entry is not None and entry.created_at is not None and entry.created_at >= since


async def _credit_capped(uow: UnitOfWork, now: datetime, account_id: int, amount: int, counter: str, cap: int,
                         entry: NewEntry) -> LedgerEntry | None:
    if amount <= 0 or cap <= 0 or (entry.key and await uow.wallet.entry_by_key(entry.key)):
        return None
    if not await uow.wallet.bump(counter, cap):
        return None  # the daily cap is reached: anti-farming
    return await uow.wallet.change(account_id, amount, entry, now)


async def reward_post(uow: UnitOfWork, now: datetime, author_id: int, rules: ShopRules) -> int:
    """Coins for the first post of the author's day; 0 when already paid today."""
    day = local_day(now, _tz(await uow.wallet.state(author_id), rules)).isoformat()
    key = f"post:{author_id}:{day}"
    entry = await _credit_capped(uow, now, author_id, rules.post_reward, key, 1,
                                 NewEntry("post", actor_id=author_id, note="first post of the day", key=key))
    return entry.amount if entry else 0


async def _post_created(uow: UnitOfWork, now: datetime, event: Event, rules: ShopRules) -> None:
    if isinstance(event, PostCreated) and not event.held:  # a post held for review earns nothing
        await reward_post(uow, now, event.author_id, rules)


async def reward_like(uow: UnitOfWork, now: datetime, event: Event, rules: ShopRules) -> None:
    """Dispatcher subscriber: the author of a liked post earns a little, once per liker and post."""
    if not isinstance(event, PostLiked) or event.by_id == event.author_id:
        return
    day = local_day(now, _tz(await uow.wallet.state(event.author_id), rules)).isoformat()
    await _credit_capped(
        uow, now, event.author_id, rules.like_reward, f"likes:{event.author_id}:{day}", rules.like_daily_cap,
        NewEntry("like", actor_id=event.by_id, note=f"like on #{event.post_id}",
                 key=f"like:{event.post_id}:{event.by_id}"),
    )


def _stock_key(item_id: str) -> str:
    return f"stock:{item_id}"


async def stock_left(uow: UnitOfWork, item: Item) -> int | None:
    """How many copies of a limited item are still for sale (0: sold out); None: not limited."""
    if item.stock is None:
        return None
    return max(0, item.stock - await uow.wallet.counter(_stock_key(item.id)))


def usable(item: Item, owned: set[str]) -> bool:
    return item.free or item.id in owned


async def _take(uow: UnitOfWork, now: datetime, catalog: Catalog, payer: Account, owner: Account, item: Item,
                reason: str, key: str | None, note: str = "") -> tuple[LedgerEntry | None, bool]:
    """Put `item` into `owner`'s inventory and charge `payer`; all or nothing (the caller's transaction).

    Returns the entry and whether it is new: the same `key` handled meanwhile by another process
    returns that first entry (the inventory's key made this press wait for it to commit).
    """
    if item.free:
        raise Conflict(f"{item.name} is free — everyone has it already. /theme, /music or /inventory to use it.")
    who = "You already own" if owner.id == payer.id else f"@{owner.handle} already owns"
    if not await uow.wallet.add_item(owner.id, item.id, now, "purchase" if reason == "purchase" else "gift", payer.id):
        if key is not None and (done := await uow.wallet.entry_by_key(key)) is not None:
            return done, False
        raise Conflict(f"{who} {item.name}.")
    if item.stock is not None and not await uow.wallet.bump(_stock_key(item.id), item.stock):
        raise Conflict(f"{item.name} is sold out — all {item.stock} copies are taken.")
    entry = await uow.wallet.change(
        payer.id, -item.price,
        NewEntry(reason, actor_id=payer.id, item_id=item.id, counterpart_id=owner.id if owner.id != payer.id else None,
                 note=note, key=key), now)
    if entry is None:
        balance = (await uow.wallet.state(payer.id)).balance
        raise Invalid(f"{item.name} costs {item.price} coins; you have {balance}, so {item.price - balance} are missing. "
                      "/checkin daily and post to earn more.")
    return entry, True


async def buy(uow: UnitOfWork, now: datetime, catalog: Catalog, account: Account, item_id: str,
              key: str) -> tuple[Item, LedgerEntry | None]:
    """Buy an item once per `key`: a repeated press of the same button returns the first purchase."""
    item = catalog.get(item_id)
    if (done := await uow.wallet.entry_by_key(key)) is not None:
        return item, done
    entry, _ = await _take(uow, now, catalog, account, account, item, "purchase", key)
    return item, entry


async def check_gift(uow: UnitOfWork, catalog: Catalog, giver: Account, item_id: str, to: Account,
                     message: str = "") -> tuple[Item, str]:
    """What a gift would be (item, cleaned message), or the error it would meet — before asking to confirm."""
    item = catalog.get(item_id)
    if to.id == giver.id:
        raise Invalid("That would be a gift to yourself — use /buy instead.")
    if await uow.social.is_blocked(to.id, giver.id) or not await uow.social.are_friends(giver.id, to.id):
        # One answer for strangers and blocks: the giver must not learn they were blocked.
        raise Forbidden(f"You can only give gifts to friends. /friend {to.handle} first.")
    if item.free:
        raise Conflict(f"{item.name} is free — everyone has it already. /theme, /music or /inventory to use it.")
    if await uow.wallet.owns(to.id, item.id):
        raise Conflict(f"@{to.handle} already owns {item.name}.")
    message = clean(message, multiline=False)
    if len(message) > 200:
        raise Invalid(f"The gift message is {len(message)} characters; the limit is 200.")
    return item, message


async def gift(uow: UnitOfWork, now: datetime, catalog: Catalog, giver: Account, item_id: str, to: Account,
               message: str = "", key: str | None = None) -> tuple[Item, LedgerEntry | None]:
    """Give `item_id` to a friend, paid by `giver`; the same `key` (a confirm button's) never pays twice."""
    if key is not None and (done := await uow.wallet.entry_by_key(key)) is not None:
        return catalog.get(item_id), done
    item, message = await check_gift(uow, catalog, giver, item_id, to, message)
    entry, fresh = await _take(uow, now, catalog, giver, to, item, "gift", key, note=message)
    if not fresh:
        return item, entry
    await uow.outbox.add(GiftSent(from_id=giver.id, to_id=to.id, item_id=item.id, message=message), now)
    return item, entry


async def grant(uow: UnitOfWork, now: datetime, admin: Account, to: Account, amount: int, reason: str) -> LedgerEntry:
    """An admin's grant, logged in the ledger with who did it and why."""
    if amount <= 0 or amount > GRANT_MAX:
        raise Invalid(f"Grant between 1 and {GRANT_MAX:,} coins (to take coins back, /refund an entry).")
    reason = clean(reason, multiline=False)
    if not reason or len(reason) > 200:
        raise Invalid("Say why in 1–200 characters: /grant HANDLE AMOUNT REASON.")
    entry = await uow.wallet.change(to.id, amount, NewEntry("grant", actor_id=admin.id, note=reason), now)
    assert entry is not None
    return entry


async def refund(uow: UnitOfWork, now: datetime, admin: Account, entry_id: int) -> LedgerEntry:
    """Reverse a purchase or gift with a new entry; the item leaves the inventory it went to."""
    original = await uow.wallet.entry(entry_id)
    if original is None:
        raise NotFound(f"There is no ledger entry e{entry_id}.")
    if original.reason not in ("purchase", "gift") or original.item_id is None:
        raise Invalid(f"e{entry_id} is a {original.reason}, not a purchase or gift; only those are refunded.")
    key = f"refund:{entry_id}"
    if await uow.wallet.entry_by_key(key) is not None:
        raise Conflict(f"e{entry_id} was already refunded.")
    holder = original.counterpart_id or original.account_id
    await uow.wallet.remove_item(holder, original.item_id)
    await uow.wallet.unbump(_stock_key(original.item_id))
    state = await uow.wallet.state(holder)
    if original.item_id in (state.theme_id, state.music_id):
        await uow.wallet.set_look(holder, theme_id=None if state.theme_id == original.item_id else state.theme_id,
                                  music_id=None if state.music_id == original.item_id else state.music_id)
    entry = await uow.wallet.change(
        original.account_id, -original.amount,
        NewEntry("refund", actor_id=admin.id, item_id=original.item_id, ref_entry_id=entry_id, key=key), now)
    assert entry is not None
    return entry


def like_subscriber(rules: ShopRules) -> Subscriber:
    """The outbox dispatcher's hook paying like rewards inside its own transaction (once per event)."""
    return lambda uow, event, now: reward_like(uow, now, event, rules)


def post_subscriber(rules: ShopRules) -> Subscriber:
    """The hook paying the first post of the day, in the transaction that wrote the post."""
    return lambda uow, event, now: _post_created(uow, now, event, rules)
