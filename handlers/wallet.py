"""Coins and what you own, in chat: the wallet, daily check-ins, your items and what your zone wears; grants."""

from __future__ import annotations

from chat.messages import Reply, b, plain, reply
from core.shop import looks, rewards, wallet
from core.shop.catalog import Item, Theme, Track
from handlers.context import Context
from handlers.feature import Feature
from handlers.registry import CommandGroup, Param
from handlers.shop import ICON

commands = CommandGroup()
REASON = {"checkin": "check-in", "post": "first post", "like": "like", "purchase": "bought", "gift": "gift",
          "grant": "grant", "refund": "refund"}


@commands.command("wallet", "Your coins, streak and latest entries")
async def show_wallet(ctx: Context) -> Reply:
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
    done = await rewards.check_in(ctx.uow, ctx.now, ctx.account, ctx.services.shop_rules)
    bonus = f" (incl. a {done.bonus}-coin streak bonus!)" if done.bonus else ""
    rules = ctx.services.shop_rules
    to_go = rules.streak_days - done.streak % rules.streak_days if rules.streak_days else 0
    nxt = f" {to_go} more day(s) to the next bonus." if to_go else ""
    return reply(f"✅ Checked in for {done.day.isoformat()}: +{done.paid} coins{bonus}. Streak: {done.streak} "
                 f"day(s).{nxt} Balance: {done.balance}.", personal=True)


@commands.command("timezone", "Your time zone for daily check-ins",
                  Param("zone", "word", "e.g. Europe/Berlin", required=False, suggests="timezone"))
async def timezone(ctx: Context) -> Reply:
    if not ctx.args.get("zone"):
        current = (await ctx.uow.wallet.state(ctx.account.id)).timezone or ctx.services.shop_rules.timezone
        return reply(f"Your days start at midnight {current}. /timezone Europe/Berlin changes it.", personal=True)
    key = await rewards.set_timezone(ctx.uow, ctx.now, ctx.account, ctx.args["zone"])
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


@commands.command("theme", "Dress your zone in a theme you own (or: off)", Param("item", "word", "theme id or off", suggests="theme"))
async def theme(ctx: Context) -> Reply:
    return await _wear(ctx, ctx.args["item"], Theme)


@commands.command("music", "Background music for your zone (or: off)", Param("item", "word", "track id or off", suggests="music"))
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


# Listed with the shop in /help (topic "shop"), after its commands.
feature = Feature("wallet", "Coins, check-ins, your items and your zone's look", commands, topic="shop")

__all__ = ["feature"]
