"""Coins spent and given: the wallet, buying, gifts, admins' grants and refunds (earning: `core.shop.rewards`).

Every change of a balance is a ledger entry written by one conditional statement
(`WalletRepo.change`), so concurrent commands can never overspend. Purchases are keyed:
the same key (a button's nonce) never buys twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from core.errors import Conflict, Forbidden, Invalid, NotFound
from core.events import Event, register_event
from core.i18n import N_, _, ngettext, number
from core.model import Account
from core.ports import UnitOfWork
from core.recipients import present_to, recipients_for
from core.shop.catalog import Catalog, Item
from core.shop.model import LedgerEntry, NewEntry, WalletState
from core.text import clean

GRANT_MAX = 1_000_000
MAX_GIFT_NOTE = 200
# What a ledger entry that can't be refunded is, in a sentence ("e3 is a grant, not a purchase or gift").
ENTRY_KINDS = {"checkin": N_("check-in"), "post": N_("post reward"), "like": N_("like reward"), "grant": N_("grant"),
               "refund": N_("refund")}


def _free(item: Item) -> str:
    return _("{name} is free — everyone has it already. /theme, /music or /inventory to use it.").format(name=_(item.name))


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


async def wallet(uow: UnitOfWork, account: Account) -> tuple[WalletState, list[LedgerEntry]]:
    return await uow.wallet.state(account.id), await uow.wallet.entries(account.id, 10)


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
        raise Conflict(_free(item))
    if not await uow.wallet.add_item(owner.id, item.id, now, "purchase" if reason == "purchase" else "gift", payer.id):
        if key is not None and (done := await uow.wallet.entry_by_key(key)) is not None:
            return done, False
        raise Conflict(_("You already own {name}.").format(name=_(item.name)) if owner.id == payer.id
                       else _("@{handle} already owns {name}.").format(handle=owner.handle, name=_(item.name)))
    if item.stock is not None and not await uow.wallet.bump(_stock_key(item.id), item.stock):
        raise Conflict(ngettext("{name} is sold out — its {n} copy is taken.",
                                "{name} is sold out — all {n} copies are taken.", item.stock).format(
                                    name=_(item.name), n=item.stock))
    entry = await uow.wallet.change(
        payer.id, -item.price,
        NewEntry(reason, actor_id=payer.id, item_id=item.id, counterpart_id=owner.id if owner.id != payer.id else None,
                 note=note, key=key), now)
    if entry is None:
        balance = (await uow.wallet.state(payer.id)).balance
        raise Invalid(ngettext("{name} costs {price} coin; you have {balance}, so {missing} are missing. "
                               "/checkin daily and post to earn more.",
                               "{name} costs {price} coins; you have {balance}, so {missing} are missing. "
                               "/checkin daily and post to earn more.", item.price).format(
                                   name=_(item.name), price=item.price, balance=balance, missing=item.price - balance))
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
        raise Invalid(_("That would be a gift to yourself — use /buy instead."))
    if await uow.social.is_blocked(to.id, giver.id) or not await uow.social.are_friends(giver.id, to.id):
        # One answer for strangers and blocks: the giver must not learn they were blocked.
        raise Forbidden(_("You can only give gifts to friends. /friend {handle} first.").format(handle=to.handle))
    if item.free:
        raise Conflict(_free(item))
    if await uow.wallet.owns(to.id, item.id):
        raise Conflict(_("@{handle} already owns {name}.").format(handle=to.handle, name=_(item.name)))
    message = clean(message, multiline=False)
    if len(message) > MAX_GIFT_NOTE:
        raise Invalid(_("The gift message is {n} characters; the limit is {limit}.").format(
            n=number(len(message)), limit=MAX_GIFT_NOTE))
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
        raise Invalid(_("Grant between 1 and {max} coins (to take coins back, /refund an entry).").format(
            max=number(GRANT_MAX)))
    reason = clean(reason, multiline=False)
    if not reason or len(reason) > 200:
        raise Invalid(_("Say why in 1–200 characters: /grant HANDLE AMOUNT REASON."))
    entry = await uow.wallet.change(to.id, amount, NewEntry("grant", actor_id=admin.id, note=reason), now)
    assert entry is not None
    return entry


async def refund(uow: UnitOfWork, now: datetime, admin: Account, entry_id: int) -> LedgerEntry:
    """Reverse a purchase or gift with a new entry; the item leaves the inventory it went to."""
    original = await uow.wallet.entry(entry_id)
    if original is None:
        raise NotFound(_("There is no ledger entry e{id}.").format(id=entry_id))
    if original.reason not in ("purchase", "gift") or original.item_id is None:
        kind = _(ENTRY_KINDS[original.reason]) if original.reason in ENTRY_KINDS else original.reason
        raise Invalid(_("e{id} is a {kind}, not a purchase or gift; only those are refunded.").format(id=entry_id, kind=kind))
    key = f"refund:{entry_id}"
    if await uow.wallet.entry_by_key(key) is not None:
        raise Conflict(_("e{id} was already refunded.").format(id=entry_id))
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
