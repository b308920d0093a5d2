"""The shop and wallet in chat: earn coins, browse, buy, gift, and dress your zone."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from chat.messages import Button, Image, Reply, b, plain, reply
from core.events import Event
from core.model import Account
from core.ports import UnitOfWork
from core.shop import looks, wallet
from core.shop.catalog import CATEGORIES, Badge, Item, Theme, Track
from core.shop.wallet import GiftSent
from handlers.context import Context
from handlers.format import who
from handlers.notices import notice_for
from handlers.registry import CommandGroup, Param

commands = CommandGroup()
flows: dict[str, Any] = {}
PAGE = 4
GIFT_TTL = timedelta(hours=1)
ICON = {"theme": "🎨", "music": "🎵", "badge": "🏅"}
REASON = {"checkin": "check-in", "post": "first post", "like": "like", "purchase": "bought", "gift": "gift",
          "grant": "grant", "refund": "refund"}
_CATEGORY_WORDS = {"themes": "theme", "theme": "theme", "music": "music", "tracks": "music", "badges": "badge",
                   "badge": "badge"}


def _price(item: Item) -> str:
    return "free" if item.free else f"{item.price} coins"


def _preview_url(ctx: Context, item: Item) -> str:
    return f"{ctx.services.public_url.rstrip('/')}/shop/preview/{item.id}"


async def _stock_note(ctx: Context, item: Item) -> str:
    if item.stock is None:
        return ""
    left = item.stock - await ctx.uow.wallet.counter(f"stock:{item.id}")
    return f" · limited: {left} of {item.stock} left" if left > 0 else " · sold out"


async def _card(ctx: Context, item: Item, owned: set[str], *, full: bool = False) -> Reply:
    """One item as a chat card: picture (themes), price, what it is, and what you can do with it."""
    lines = [b(f"{ICON[item.category]} {item.name}"), plain(f"  ({item.id}) — {_price(item)}{await _stock_note(ctx, item)}\n")]
    if item.description:
        lines.append(plain(item.description + "\n"))
    if isinstance(item, Theme):
        lines.append(plain(f"Layout: {item.layout} · {item.scheme}\n"))
    if isinstance(item, Track):
        lines.append(plain(f"“{item.title}” — {item.credit}. Licence: {item.licence}\n"))
    if isinstance(item, Badge):
        lines.append(plain(f"Shows {item.emoji} on your zone.\n"))
    row: list[Button] = []
    if wallet.usable(item, owned):
        if not isinstance(item, Badge):
            row.append(Button("✨ Use", f"wear:{item.id}"))
        lines.append(plain("✓ Yours." if not item.free else "Free for everyone."))
    else:
        row.append(Button(f"🛒 Buy · {item.price}", f"buyask:{item.id}"))
    if isinstance(item, Theme):
        row.append(Button("👁 Preview", url=_preview_url(ctx, item)))
    images: tuple[Image, ...] = ()
    if isinstance(item, Theme) and ctx.services.previews is not None:
        images = (Image(ctx.services.previews.theme_card(item), alt=f"Preview of {item.name}", filename=f"{item.id}.png"),)
    return Reply(spans=tuple(lines), buttons=(tuple(row),) if row else (), images=images, personal=True)


async def _owned(ctx: Context) -> set[str]:
    return {o.item_id for o in await ctx.uow.wallet.items(ctx.account.id)}


async def _page(ctx: Context, category: str, page: int) -> list[Reply]:
    items = ctx.services.catalog.of(category)  # type: ignore[arg-type]
    owned = await _owned(ctx)
    chunk = items[page * PAGE:(page + 1) * PAGE]
    if not chunk:
        return [reply("No more items here. /shop lists the categories.", personal=True)]
    out = [await _card(ctx, item, owned) for item in chunk]
    if (page + 1) * PAGE < len(items):
        out.append(Reply(spans=(plain(f"Page {page + 1} of {-(-len(items) // PAGE)}"),),
                         buttons=((Button("⬇️ More", f"shop:{category}:{page + 1}"),),), personal=True))
    return out


@commands.command("shop", "Browse themes, music and badges (or /shop ITEM for one)",
                  Param("what", "word", "theme, music, badge — or an item id", required=False))
async def shop(ctx: Context) -> list[Reply]:
    what = (ctx.args.get("what") or "").lower()
    if what in _CATEGORY_WORDS:
        return await _page(ctx, _CATEGORY_WORDS[what], 0)
    if what:
        return [await _card(ctx, ctx.services.catalog.get(what), await _owned(ctx), full=True)]
    state = await ctx.uow.wallet.state(ctx.account.id)
    spans = [b("🛍 The shop\n"), plain(f"You have {state.balance} coins. Earn more with /checkin every day.\n\n")]
    for category in CATEGORIES:
        items = ctx.services.catalog.of(category)
        spans.append(plain(f"{ICON[category]} {category}: " + ", ".join(f"{i.id} ({_price(i)})" for i in items) + "\n"))
    spans.append(plain(f"\nAll themes live: {ctx.services.public_url.rstrip('/')}/shop"))
    buttons = (tuple(Button(f"{ICON[c]} {c.capitalize()}", f"shop:{c}:0") for c in CATEGORIES),)
    return [Reply(spans=tuple(spans), buttons=buttons, personal=True)]


@commands.action("shop")
async def shop_page(ctx: Context, arg: str) -> list[Reply]:
    category, _, page = arg.partition(":")
    if category not in CATEGORIES or not page.isdigit():
        return [reply("That button has expired. Send /shop again.")]
    return await _page(ctx, category, int(page))


async def _confirm(ctx: Context, item_id: str) -> Reply:
    item = ctx.services.catalog.get(item_id)
    if wallet.usable(item, await _owned(ctx)):
        return reply(f"You already have {item.name}. " + ("" if isinstance(item, Badge) else f"/{'theme' if isinstance(item, Theme) else 'music'} {item.id} to use it."), personal=True)
    balance = (await ctx.uow.wallet.state(ctx.account.id)).balance
    if balance < item.price:  # no button that could only fail
        return _too_few(item, balance)
    nonce = secrets.token_hex(6)  # the purchase key: pressing this button twice buys once
    return Reply(spans=(plain(f"Buy {item.name} for {item.price} coins? You have {balance}."),),
                 buttons=((Button(f"✅ Buy for {item.price}", f"buy:{item.id}:{nonce}"), Button("✖️ Cancel", "buyno:")),),
                 personal=True)


def _too_few(item: Item, balance: int) -> Reply:
    return reply(f"{item.name} costs {item.price} coins; you have {balance}, so {item.price - balance} are missing. "
                 "/checkin daily and post to earn more.", personal=True)


@commands.command("buy", "Buy an item from the shop (asks to confirm)", Param("item", "word", "item id, e.g. sakura"))
async def buy(ctx: Context) -> Reply:
    return await _confirm(ctx, ctx.args["item"])


@commands.action("buyask")
async def buy_ask(ctx: Context, arg: str) -> Reply:
    return await _confirm(ctx, arg)


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


@commands.command("gift", "Give a friend an item, paid by you (asks to confirm)", Param("item", "word", "item id"),
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
    return reply("Nothing given.", personal=True, toast=True)


@commands.action("gift")
async def gift_confirmed(ctx: Context, arg: str) -> Reply:
    pending = await ctx.uow.state.get(_gift_key(ctx, arg), ctx.now) if arg else None
    to = await ctx.uow.accounts.get(int(pending["to"])) if pending else None
    if pending is None or to is None:
        return reply("That button has expired. Send /gift again.", personal=True)
    item, entry = await wallet.gift(ctx.uow, ctx.now, ctx.services.catalog, ctx.account, pending["item"], to,
                                    pending["message"], key=_gift_key(ctx, arg))
    balance = entry.balance_after if entry else 0
    return reply(f"🎁 {item.name} is on its way to @{to.handle}. Balance: {balance} coins.", personal=True)


@notice_for(GiftSent)
async def gift_notice(uow: UnitOfWork, event: Event, recipient: Account) -> Reply | None:
    assert isinstance(event, GiftSent)
    giver = await uow.accounts.get(event.from_id)
    if giver is None:
        return None
    note = f"\n“{event.message}”" if event.message else ""
    return Reply(spans=(plain(f"🎁 {who(giver)} gave you {event.item_id}!{note}\n/inventory shows it."),))


@commands.command("wallet", "Your coins, streak and latest entries")
async def wallet_(ctx: Context) -> Reply:
    state, entries = await wallet.wallet(ctx.uow, ctx.account)
    spans = [b(f"💰 {state.balance} coins"), plain(f" · streak {state.streak} day(s)\n")]
    for e in entries:
        what = REASON.get(e.reason, e.reason) + (f" {e.item_id}" if e.item_id else "") + (f" — {e.note}" if e.note else "")
        spans.append(plain(f"e{e.id}  {e.amount:+d}  {what}\n"))
    if not entries:
        spans.append(plain("No coins yet — /checkin every day, post and get likes to earn some.\n"))
    return reply(*spans, personal=True)


@commands.command("checkin", "Daily check-in: coins, and a bonus every 7th day in a row")
async def checkin(ctx: Context) -> Reply:
    done = await wallet.check_in(ctx.uow, ctx.now, ctx.account, ctx.services.shop_rules)
    bonus = f" (incl. a {done.bonus}-coin streak bonus!)" if done.bonus else ""
    rules = ctx.services.shop_rules
    to_go = rules.streak_days - done.streak % rules.streak_days if rules.streak_days else 0
    nxt = f" {to_go} more day(s) to the next bonus." if to_go else ""
    return reply(f"✅ Checked in for {done.day.isoformat()}: +{done.paid} coins{bonus}. Streak: {done.streak} "
                 f"day(s).{nxt} Balance: {done.balance}.", personal=True)


@commands.command("timezone", "Your time zone for daily check-ins",
                  Param("zone", "word", "e.g. Europe/Berlin", required=False))
async def timezone(ctx: Context) -> Reply:
    if not ctx.args.get("zone"):
        current = (await ctx.uow.wallet.state(ctx.account.id)).timezone or ctx.services.shop_rules.timezone
        return reply(f"Your days start at midnight {current}. /timezone Europe/Berlin changes it.", personal=True)
    key = await wallet.set_timezone(ctx.uow, ctx.now, ctx.account, ctx.args["zone"])
    return reply(f"Time zone set to {key}: your check-in day starts at midnight there. Wrong one? You can correct "
                 "it within 10 minutes if you don't check in first; after that it stays for a week.", personal=True)


@commands.command("inventory", "What you own, and what your zone wears")
async def inventory(ctx: Context) -> Reply:
    state = await ctx.uow.wallet.state(ctx.account.id)
    owned = await ctx.uow.wallet.items(ctx.account.id)
    spans = [b("🎒 Your items\n")]
    for o in owned:
        item = ctx.services.catalog.items.get(o.item_id)
        name = item.name if item else o.item_id
        icon = ICON[item.category] if item else "•"
        worn = " (in use)" if o.item_id in (state.theme_id, state.music_id) else ""
        spans.append(plain(f"{icon} {name} ({o.item_id}){worn}" + (" — a gift" if o.via == "gift" else "") + "\n"))
    if not owned:
        spans.append(plain("Nothing yet. /shop to browse; free items work without buying.\n"))
    spans.append(plain(f"Theme: {state.theme_id or 'default'} · Music: {state.music_id or 'none'}"))
    return reply(*spans, personal=True)


async def _wear(ctx: Context, raw: str, kind: type[Item]) -> Reply:
    off = raw.lower() in ("off", "none", "default")
    item = await looks.wear(ctx.uow, ctx.services.catalog, ctx.account, None if off else raw, kind)
    if item is None:
        return reply(f"{'Theme' if kind is Theme else 'Music'} off. Your zone: {ctx.zone_url(ctx.account)}", personal=True)
    return reply(f"✨ Your zone now {'wears' if kind is Theme else 'plays (on request)'} {item.name}: "
                 f"{ctx.zone_url(ctx.account)}", personal=True)


@commands.command("theme", "Dress your zone in a theme you own (or: off)", Param("item", "word", "theme id or off"))
async def theme(ctx: Context) -> Reply:
    return await _wear(ctx, ctx.args["item"], Theme)


@commands.command("music", "Background music for your zone (or: off)", Param("item", "word", "track id or off"))
async def music(ctx: Context) -> Reply:
    return await _wear(ctx, ctx.args["item"], Track)


@commands.action("wear")
async def wear_button(ctx: Context, arg: str) -> Reply:
    item = ctx.services.catalog.get(arg)
    return await _wear(ctx, arg, Theme if isinstance(item, Theme) else Track)


@commands.command("grant", "Give someone coins (admins; logged)", Param("handle", "handle", "who"),
                  Param("amount", "int", "coins, 1–1,000,000"), Param("reason", "text", "why"), role="admin")
async def grant(ctx: Context) -> Reply:
    to = await ctx.target(ctx.args["handle"])
    entry = await wallet.grant(ctx.uow, ctx.now, ctx.account, to, ctx.args["amount"], ctx.args.get("reason", ""))
    return reply(f"Granted {entry.amount} coins to @{to.handle} (e{entry.id}). Their balance: {entry.balance_after}.",
                 personal=True)


@commands.command("refund", "Reverse a purchase or gift by its ledger entry (admins)",
                  Param("entry", "word", "entry id from /wallet, e.g. e12"), role="admin")
async def refund(ctx: Context) -> Reply:
    raw = ctx.args["entry"].lower().lstrip("e")
    if not raw.isdigit():
        return reply("Name the entry like e12 (the numbers /wallet shows).", personal=True)
    entry = await wallet.refund(ctx.uow, ctx.now, ctx.account, int(raw))
    return reply(f"Refunded e{raw}: {entry.amount:+d} coins as e{entry.id}.", personal=True)


async def after_post(ctx: Context) -> None:
    """Called by /post: the first post of the day earns a little. Silent, so a post's replies stay
    what every front end expects; /wallet lists the reward."""
    await wallet.reward_post(ctx.uow, ctx.now, ctx.account, ctx.services.shop_rules)


__all__ = ["after_post", "commands", "flows"]
