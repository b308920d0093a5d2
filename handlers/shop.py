"""The shop in chat: browse themes, music and badges, buy them, give them (handlers/wallet.py: coins, your items)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from chat.messages import Button, Reply, b, plain, reply
from core.errors import Invalid
from core.events import Event
from core.i18n import N_, _, ngettext
from core.model import Account
from core.ports import UnitOfWork
from core.shop import wallet
from core.shop.catalog import CATEGORIES, Badge, Item, Theme
from core.shop.wallet import GiftSent
from handlers import shop_cards as cards
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import who
from handlers.notices import notice_for
from handlers.registry import CommandGroup, Param

ICON = cards.ICON

commands = CommandGroup()
GIFT_TTL = timedelta(hours=1)
_CATEGORY_WORDS = {"themes": "theme", "theme": "theme", "music": "music", "tracks": "music", "badges": "badge",
                   "badge": "badge", "主题": "theme", "音乐": "music", "背景音乐": "music", "徽章": "badge"}
_PLURAL = {"theme": N_("Themes"), "music": N_("Music"), "badge": N_("Badges")}


@commands.command("shop", N_("Browse themes, music and badges (or /shop ITEM for one)"),
                  Param("what", "word", N_("theme, music, badge — or an item id"), required=False, suggests="shop"),
                  Param("page", "int", N_("a category's page, e.g. 2"), required=False))
async def shop(ctx: Context) -> list[Reply]:
    what = (ctx.args.get("what") or "").lower()
    number: int | None = ctx.args.get("page")
    if what in _CATEGORY_WORDS:
        return await _page(ctx, what, 1 if number is None else number)
    if number is not None:
        raise Invalid(_("A page number goes after a category: /shop theme {page}").format(page=number))
    if what:
        return [await cards.card(ctx, ctx.services.catalog.get(what), await cards.owned_ids(ctx), full=True)]
    state = await ctx.uow.wallet.state(ctx.account.id)
    n = state.balance
    spans = [b(_("🛍 The shop") + "\n"), plain(ngettext("You have {n} coin. Earn more with /checkin every day.",
                                                          "You have {n} coins. Earn more with /checkin every day.",
                                                          n).format(n=n) + "\n\n")]
    for category in CATEGORIES:
        items = ctx.services.catalog.of(category)
        spans.append(plain(_("{icon} {category} (/shop {word}): {items}").format(
            icon=ICON[category], category=_(_PLURAL[category]), word=category,
            items=", ".join(f"{i.id} ({cards.price(i)})" for i in items)) + "\n"))
    spans.append(plain("\n" + _("All themes live: {url}").format(url=f"{ctx.services.public_url.rstrip('/')}/shop")))
    buttons = (tuple(Button(f"{ICON[c]} {_(cards.CATEGORY[c])}", f"shop:{c}:0") for c in CATEGORIES),)
    return [Reply(spans=tuple(spans), buttons=buttons, personal=True)]


async def _page(ctx: Context, word: str, number: int) -> list[Reply]:
    """`/shop theme 2`: the page the buttons turn to, typed."""
    category = _CATEGORY_WORDS[word]
    pages = max(1, -(-len(ctx.services.catalog.of(category)) // cards.PAGE))
    if not 1 <= number <= pages:
        raise Invalid(ngettext("There is no page {page}: /shop {word} has {n} page.",
                               "There is no page {page}: /shop {word} has {n} pages.", pages).format(
                                   page=number, word=word, n=pages))
    return await cards.page(ctx, category, number - 1)


@commands.action("shop")
async def shop_page(ctx: Context, arg: str) -> list[Reply]:
    category, _sep, page = arg.partition(":")
    if category not in CATEGORIES or not page.isdigit():
        return [reply(_("That button has expired. Send /shop again."))]
    return await cards.page(ctx, category, int(page))


def _too_few(item: Item, balance: int) -> Reply:
    return reply(ngettext("{name} costs {price} coin; you have {balance}, so {missing} are missing. "
                          "/checkin daily and post to earn more.",
                          "{name} costs {price} coins; you have {balance}, so {missing} are missing. "
                          "/checkin daily and post to earn more.", item.price).format(
                              name=_(item.name), price=item.price, balance=balance, missing=item.price - balance),
                 personal=True)


def _use_hint(item: Item) -> str:
    """How to put on what one has (badges show by themselves)."""
    if isinstance(item, Badge):
        return ""
    return " " + _("/{command} {id} to use it.").format(command="theme" if isinstance(item, Theme) else "music", id=item.id)


# An item card's Buy button (`buyask:ITEM`) runs /buy ITEM; the question's own button (`buy:ITEM:NONCE`) buys.
@commands.command("buy", N_("Buy an item from the shop (asks to confirm)"),
                  Param("item", "word", N_("item id, e.g. sakura"), suggests="item"),
                  button="buyask")
async def buy(ctx: Context) -> Reply:
    item = ctx.services.catalog.get(ctx.args["item"])
    if wallet.usable(item, await cards.owned_ids(ctx)):
        return reply(_("You already have {name}.").format(name=_(item.name)) + _use_hint(item), personal=True)
    balance = (await ctx.uow.wallet.state(ctx.account.id)).balance
    if balance < item.price:  # no button that could only fail
        return _too_few(item, balance)
    nonce = secrets.token_hex(6)  # the purchase key: pressing this button twice buys once
    asked = ngettext("Buy {name} for {price} coin? You have {balance}.", "Buy {name} for {price} coins? You have {balance}.",
                     item.price).format(name=_(item.name), price=item.price, balance=balance)
    return Reply(spans=(plain(asked),),
                 buttons=((Button(_("✅ Buy for {price}").format(price=item.price), f"buy:{item.id}:{nonce}"),
                           Button(_("✖️ Cancel"), "buyno:")),),
                 personal=True)


@commands.action("buyno")
async def buy_no(ctx: Context, arg: str) -> Reply:
    return reply(_("✖️ Nothing bought."), personal=True, in_place=True)  # the question, answered: no buttons


@commands.action("buy")
async def buy_confirmed(ctx: Context, arg: str) -> Reply:
    item_id, _sep, nonce = arg.partition(":")
    if not nonce:
        return reply(_("That button has expired. Send /buy again."))
    item, entry = await wallet.buy(ctx.uow, ctx.now, ctx.services.catalog, ctx.account, item_id,
                                   f"buy:{ctx.account.id}:{nonce}")
    balance = entry.balance_after if entry else (await ctx.uow.wallet.state(ctx.account.id)).balance
    return reply(ngettext("🎉 {name} is yours. Balance: {n} coin.", "🎉 {name} is yours. Balance: {n} coins.", balance).format(
        name=_(item.name), n=balance) + _use_hint(item), personal=True, in_place=True)


@commands.command("gift", N_("Give a friend an item, paid by you (asks to confirm)"),
                  Param("item", "word", N_("item id"), suggests="item"),
                  Param("handle", "handle", N_("your friend's @handle")), Param("message", "text", N_("a note"), required=False))
async def gift(ctx: Context) -> Reply:
    to = await ctx.target(ctx.args["handle"])
    item, message = await wallet.check_gift(ctx.uow, ctx.services.catalog, ctx.account, ctx.args["item"], to,
                                            ctx.args.get("message", ""))
    balance = (await ctx.uow.wallet.state(ctx.account.id)).balance
    if balance < item.price:
        return _too_few(item, balance)
    # The note does not fit in a button, so the pending gift waits in keyed state under its key.
    nonce = secrets.token_hex(6)
    await ctx.uow.state.put(_gift_key(ctx, nonce), {"item": item.id, "to": to.id, "message": message},
                            ctx.now + GIFT_TTL)
    values = {"name": _(item.name), "handle": to.handle, "note": message, "price": item.price, "balance": balance}
    if message:
        asked = ngettext("Give {name} to @{handle} with the note “{note}” for {price} coin? You have {balance}.",
                         "Give {name} to @{handle} with the note “{note}” for {price} coins? You have {balance}.",
                         item.price).format(**values)
    else:
        asked = ngettext("Give {name} to @{handle} for {price} coin? You have {balance}.",
                         "Give {name} to @{handle} for {price} coins? You have {balance}.", item.price).format(**values)
    return Reply(spans=(plain(asked),),
                 buttons=((Button(_("🎁 Give for {price}").format(price=item.price), f"gift:{nonce}"),
                           Button(_("✖️ Cancel"), "giftno:")),),
                 personal=True)


def _gift_key(ctx: Context, nonce: str) -> str:
    return f"gift:{ctx.account.id}:{nonce}"


@commands.action("giftno")
async def gift_no(ctx: Context, arg: str) -> Reply:
    return reply(_("Nothing given."), personal=True, in_place=True)


@commands.action("gift")
async def gift_confirmed(ctx: Context, arg: str) -> Reply:
    pending = await ctx.uow.state.get(_gift_key(ctx, arg), ctx.now) if arg else None
    to = await ctx.uow.accounts.get(int(pending["to"])) if pending else None
    if pending is None or to is None:
        return reply(_("That button has expired. Send /gift again."), personal=True, in_place=True)
    item, entry = await wallet.gift(ctx.uow, ctx.now, ctx.services.catalog, ctx.account, pending["item"], to,
                                    pending["message"], key=_gift_key(ctx, arg))
    balance = entry.balance_after if entry else 0
    return reply(ngettext("🎁 {name} is on its way to @{handle}. Balance: {n} coin.",
                          "🎁 {name} is on its way to @{handle}. Balance: {n} coins.", balance).format(
                              name=_(item.name), handle=to.handle, n=balance), personal=True, in_place=True)


@notice_for(GiftSent)
async def gift_notice(uow: UnitOfWork, event: Event, recipient: Account) -> Reply | None:
    assert isinstance(event, GiftSent)
    giver = await uow.accounts.get(event.from_id)
    if giver is None:
        return None
    note = f"\n“{event.message}”" if event.message else ""
    return Reply(spans=(plain(_("🎁 {who} gave you {item}!").format(who=who(giver), item=event.item_id) + note + "\n"
                              + _("/inventory shows it.")),))


feature = Feature("shop", N_("The shop: themes, music and badges to buy and give"), commands)

__all__ = ["ICON", "feature"]
