"""Coins and what you own, in chat: the wallet, daily check-ins, your items and what your zone wears; grants."""

from __future__ import annotations

import re

from chat.messages import Reply, b, plain, reply
from core import i18n
from core.i18n import N_, _, ngettext
from core.shop import looks, rewards, wallet
from core.shop.catalog import Item, Theme, Track
from handlers.context import Context
from handlers.feature import Feature
from handlers.registry import CommandGroup, Param
from handlers.shop import ICON
from handlers.shop_cards import coins

commands = CommandGroup()
REASON = {"checkin": N_("check-in"), "post": N_("first post"), "like": N_("like"), "purchase": N_("bought"),
          "gift": N_("gift"), "grant": N_("grant"), "refund": N_("refund")}
# The notes core writes on earnings (core.shop), worded for the reader; other notes are people's own words.
NOTES = ((re.compile(r"^day (\d+)$"), N_("day {n}")), (re.compile(r"^like on #(\d+)$"), N_("like on #{n}")),
         (re.compile(r"^like on p(\d+)$"), N_("like on photo p{n}")),
         (re.compile(r"^first post of the day$"), N_("first post of the day")))
EARNED = ("checkin", "post", "like")


def _note(reason: str, note: str) -> str:
    if reason in EARNED:
        for shape, words in NOTES:
            if m := shape.match(note):
                return _(words).format(n=m.group(1) if m.groups() else "")
    return note


def _days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


@commands.command("wallet", N_("Your coins, streak and latest entries"))
async def show_wallet(ctx: Context) -> Reply:
    state, entries = await wallet.wallet(ctx.uow, ctx.account)
    spans = [b(f"💰 {coins(state.balance)}"), plain(" · " + _("streak {days}").format(days=_days(state.streak)) + "\n")]
    for e in entries:
        note = _note(e.reason, e.note)
        what = _(REASON[e.reason]) if e.reason in REASON else e.reason
        what += (f" {e.item_id}" if e.item_id else "") + (f" — {note}" if note else "")
        spans.append(plain(f"e{e.id}  {e.amount:+d}  {what}\n"))
    if not entries:
        spans.append(plain(_("No coins yet — /checkin every day, post and get likes to earn some.") + "\n"))
    return reply(*spans, personal=True)


@commands.command("checkin", N_("Daily check-in: coins, and a bonus every 7th day in a row"))
async def checkin(ctx: Context) -> Reply:
    done = await rewards.check_in(ctx.uow, ctx.now, ctx.account, ctx.services.shop_rules)
    rules = ctx.services.shop_rules
    to_go = rules.streak_days - done.streak % rules.streak_days if rules.streak_days else 0
    # The day is the check-in's calendar day in the person's /timezone (already their local day),
    # written as they read dates: "1 Mar 2026", "2026年3月1日".
    # A bonus is paid on a streak_days-th day, so with a bonus the next one is always to go.
    values = {"day": i18n.day(done.day), "coins": coins(done.paid), "bonus": done.bonus, "days": _days(done.streak),
              "n": to_go, "balance": done.balance}
    if done.bonus:
        text = ngettext("✅ Checked in for {day}: +{coins} (incl. a {bonus}-coin streak bonus!). Streak: {days}. "
                        "{n} more day to the next bonus. Balance: {balance}.",
                        "✅ Checked in for {day}: +{coins} (incl. a {bonus}-coin streak bonus!). Streak: {days}. "
                        "{n} more days to the next bonus. Balance: {balance}.", to_go)
    elif to_go:
        text = ngettext("✅ Checked in for {day}: +{coins}. Streak: {days}. {n} more day to the next bonus. "
                        "Balance: {balance}.",
                        "✅ Checked in for {day}: +{coins}. Streak: {days}. {n} more days to the next bonus. "
                        "Balance: {balance}.", to_go)
    else:
        text = _("✅ Checked in for {day}: +{coins}. Streak: {days}. Balance: {balance}.")
    return reply(text.format(**values), personal=True)


@commands.command("timezone", N_("Your time zone: the times you read, and your daily check-in's day"),
                  Param("zone", "word", N_("e.g. Europe/Berlin"), required=False, suggests="timezone",
                        label=N_("time zone")))
async def timezone(ctx: Context) -> Reply:
    if not ctx.args.get("zone"):
        current = (await ctx.uow.wallet.state(ctx.account.id)).timezone or ctx.services.shop_rules.timezone
        return reply(_("Your days start at midnight {zone}. /timezone Europe/Berlin changes it.").format(zone=current),
                     personal=True)
    key = await rewards.set_timezone(ctx.uow, ctx.now, ctx.account, ctx.args["zone"])
    return reply(_("Time zone set to {zone}: your check-in day starts at midnight there. Wrong one? You can correct "
                   "it within 10 minutes if you don't check in first; after that it stays for a week.").format(zone=key),
                 personal=True)


@commands.command("inventory", N_("What you own, and what your zone wears"))
async def inventory(ctx: Context) -> Reply:
    state = await ctx.uow.wallet.state(ctx.account.id)
    owned = await ctx.uow.wallet.items(ctx.account.id)
    spans = [b(_("🎒 Your items") + "\n")]
    for o in owned:
        item = ctx.services.catalog.items.get(o.item_id)
        name = _(item.name) if item else o.item_id
        icon = ICON[item.category] if item else "•"
        worn = " " + _("(in use)") if o.item_id in (state.theme_id, state.music_id) else ""
        gift = " — " + _("a gift") if o.via == "gift" else ""
        spans.append(plain(f"{icon} {name} ({o.item_id}){worn}{gift}\n"))
    if not owned:
        spans.append(plain(_("Nothing yet. /shop to browse; free items work without buying.") + "\n"))
    spans.append(plain(_("Theme: {theme} · Music: {music}").format(theme=state.theme_id or _("default"),
                                                                   music=state.music_id or _("none"))))
    return reply(*spans, personal=True)


async def _wear(ctx: Context, raw: str, kind: type[Item]) -> Reply:
    off = raw.lower() in ("off", "none", "default")
    item = await looks.wear(ctx.uow, ctx.services.catalog, ctx.account, None if off else raw, kind)
    url = ctx.zone_url(ctx.account)
    if item is None:
        off = _("Theme off. Your zone: {url}") if kind is Theme else _("Music off. Your zone: {url}")
        return reply(off.format(url=url), personal=True)
    on = _("✨ Your zone now wears {name}: {url}") if kind is Theme else _("✨ Your zone now plays (on request) {name}: {url}")
    return reply(on.format(name=_(item.name), url=url), personal=True)


@commands.command("theme", N_("Dress your zone in a theme you own (or: off)"),
                  Param("item", "word", N_("theme id or off"), suggests="theme"))
async def theme(ctx: Context) -> Reply:
    return await _wear(ctx, ctx.args["item"], Theme)


@commands.command("music", N_("Background music for your zone (or: off)"),
                  Param("item", "word", N_("track id or off"), suggests="music"))
async def music(ctx: Context) -> Reply:
    return await _wear(ctx, ctx.args["item"], Track)


@commands.action("wear")
async def wear_button(ctx: Context, arg: str) -> Reply:
    item = ctx.services.catalog.get(arg)
    return await _wear(ctx, arg, Theme if isinstance(item, Theme) else Track)


@commands.command("grant", N_("Give someone coins (admins; logged)"), Param("handle", "handle", N_("who")),
                  Param("amount", "int", N_("coins, 1–1,000,000")), Param("reason", "text", N_("why")), role="admin")
async def grant(ctx: Context) -> Reply:
    to = await ctx.target(ctx.args["handle"])
    entry = await wallet.grant(ctx.uow, ctx.now, ctx.account, to, ctx.args["amount"], ctx.args.get("reason", ""))
    return reply(ngettext("Granted {n} coin to @{handle} (e{id}). Their balance: {balance}.",
                          "Granted {n} coins to @{handle} (e{id}). Their balance: {balance}.", entry.amount).format(
                              n=entry.amount, handle=to.handle, id=entry.id, balance=entry.balance_after), personal=True)


@commands.command("refund", N_("Reverse a purchase or gift by its ledger entry (admins)"),
                  Param("entry", "word", N_("entry id from /wallet, e.g. e12")), role="admin")
async def refund(ctx: Context) -> Reply:
    raw = ctx.args["entry"].lower().lstrip("e")
    if not raw.isdigit():
        return reply(_("Name the entry like e12 (the numbers /wallet shows)."), personal=True)
    entry = await wallet.refund(ctx.uow, ctx.now, ctx.account, int(raw))
    return reply(ngettext("Refunded e{ref}: {amount} coin as e{id}.", "Refunded e{ref}: {amount} coins as e{id}.",
                          abs(entry.amount)).format(ref=raw, amount=f"{entry.amount:+d}", id=entry.id), personal=True)


# Listed with the shop in /help (topic "shop"), after its commands.
feature = Feature("wallet", N_("Coins, check-ins, your items and your zone's look"), commands, topic="shop")

__all__ = ["feature"]
