"""The shop in chat: browse themes, music and badges, buy them, give them (handlers/wallet.py: coins, your items)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from chat.messages import Button, Reply, b, plain, reply
from core.events import Event
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
                   "badge": "badge"}


@commands.command("shop", "Browse themes, music and badges (or /shop ITEM for one)",
                  Param("what", "word", "theme, music, badge — or an item id", required=False, suggests="shop"))
async def shop(ctx: Context) -> list[Reply]:
    what = (ctx.args.get("what") or "").lower()
    if what in _CATEGORY_WORDS:
        return await cards.page(ctx, _CATEGORY_WORDS[what], 0)
    if what:
        return [await cards.card(ctx, ctx.services.catalog.get(what), await cards.owned_ids(ctx), full=True)]
    state = await ctx.uow.wallet.state(ctx.account.id)
    spans = [b("🛍 The shop\n"), plain(f"You have {state.balance} coins. Earn more with /checkin every day.\n\n")]
    for category in CATEGORIES:
        items = ctx.services.catalog.of(category)
        spans.append(plain(f"{ICON[category]} {category}: " + ", ".join(f"{i.id} ({cards.price(i)})" for i in items) + "\n"))
    spans.append(plain(f"\nAll themes live: {ctx.services.public_url.rstrip('/')}/shop"))
    buttons = (tuple(Button(f"{ICON[c]} {c.capitalize()}", f"shop:{c}:0") for c in CATEGORIES),)
    return [Reply(spans=tuple(spans), buttons=buttons, personal=True)]


@commands.action("shop")
async def shop_page(ctx: Context, arg: str) -> list[Reply]:
    category, _, page = arg.partition(":")
    if category not in CATEGORIES or not page.isdigit():
        return [reply("That button has expired. Send /shop again.")]
    return await cards.page(ctx, category, int(page))


def _too_few(item: Item, balance: int) -> Reply:
    return reply(f"{item.name} costs {item.price} coins; you have {balance}, so {item.price - balance} are missing. "
                 "/checkin daily and post to earn more.", personal=True)


# An item card's Buy button (`buyask:ITEM`) runs /buy ITEM; the question's own button (`buy:ITEM:NONCE`) buys.
@commands.command("buy", "Buy an item from the shop (asks to confirm)", Param("item", "word", "item id, e.g. sakura", suggests="item"),
                  button="buyask")
async def buy(ctx: Context) -> Reply:
    item = ctx.services.catalog.get(ctx.args["item"])
    if wallet.usable(item, await cards.owned_ids(ctx)):
        return reply(f"You already have {item.name}. " + ("" if isinstance(item, Badge) else f"/{'theme' if isinstance(item, Theme) else 'music'} {item.id} to use it."), personal=True)
    balance = (await ctx.uow.wallet.state(ctx.account.id)).balance
    if balance < item.price:  # no button that could only fail
        return _too_few(item, balance)
    nonce = secrets.token_hex(6)  # the purchase key: pressing this button twice buys once
    return Reply(spans=(plain(f"Buy {item.name} for {item.price} coins? You have {balance}."),),
                 buttons=((Button(f"✅ Buy for {item.price}", f"buy:{item.id}:{nonce}"), Button("✖️ Cancel", "buyno:")),),
                 personal=True)


@commands.action("buyno")
async def buy_no(ctx: Context, arg: str) -> Reply:
    return reply("✖️ Nothing bought.", personal=True, in_place=True)  # the question, answered: no buttons


@commands.action("buy")
async def buy_confirmed(ctx: Context, arg: str) -> Reply:
    item_id, _, nonce = arg.partition(":")
    if not nonce:
        return reply("That button has expired. Send /buy again.")
    item, entry = await wallet.buy(ctx.uow, ctx.now, ctx.services.catalog, ctx.account, item_id,
                                   f"buy:{ctx.account.id}:{nonce}")
    balance = entry.balance_after if entry else (await ctx.uow.wallet.state(ctx.account.id)).balance
    use = "" if isinstance(item, Badge) else f" /{'theme' if isinstance(item, Theme) else 'music'} {item.id} to use it."
    return reply(f"🎉 {item.name} is yours. Balance: {balance} coins.{use}", personal=True, in_place=True)


@commands.command("gift", "Give a friend an item, paid by you (asks to confirm)", Param("item", "word", "item id", suggests="item"),
                  Param("handle", "handle", "your friend's @handle"), Param("message", "text", "a note", required=False))
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
    note = f" with the note “{message}”" if message else ""
    return Reply(spans=(plain(f"Give {item.name} to @{to.handle}{note} for {item.price} coins? You have {balance}."),),
                 buttons=((Button(f"🎁 Give for {item.price}", f"gift:{nonce}"), Button("✖️ Cancel", "giftno:")),),
                 personal=True)


def _gift_key(ctx: Context, nonce: str) -> str:
    return f"gift:{ctx.account.id}:{nonce}"


@commands.action("giftno")
async def gift_no(ctx: Context, arg: str) -> Reply:
    return reply("Nothing given.", personal=True, in_place=True)


@commands.action("gift")
async def gift_confirmed(ctx: Context, arg: str) -> Reply:
    pending = await ctx.uow.state.get(_gift_key(ctx, arg), ctx.now) if arg else None
    to = await ctx.uow.accounts.get(int(pending["to"])) if pending else None
    if pending is None or to is None:
        return reply("That button has expired. Send /gift again.", personal=True, in_place=True)
    item, entry = await wallet.gift(ctx.uow, ctx.now, ctx.services.catalog, ctx.account, pending["item"], to,
                                    pending["message"], key=_gift_key(ctx, arg))
    balance = entry.balance_after if entry else 0
    return reply(f"🎁 {item.name} is on its way to @{to.handle}. Balance: {balance} coins.", personal=True, in_place=True)


@notice_for(GiftSent)
async def gift_notice(uow: UnitOfWork, event: Event, recipient: Account) -> Reply | None:
    assert isinstance(event, GiftSent)
    giver = await uow.accounts.get(event.from_id)
    if giver is None:
        return None
    note = f"\n“{event.message}”" if event.message else ""
    return Reply(spans=(plain(f"🎁 {who(giver)} gave you {event.item_id}!{note}\n/inventory shows it."),))


feature = Feature("shop", "The shop: themes, music and badges to buy and give", commands)

__all__ = ["ICON", "feature"]
