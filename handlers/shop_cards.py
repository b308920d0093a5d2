"""How the shop reads in chat: an item's card (with its picture) and a category's pages."""

from __future__ import annotations

from chat.messages import Button, Image, Reply, b, plain, reply
from core.i18n import N_, _, ngettext
from core.shop import wallet
from core.shop.catalog import Badge, Item, Theme, Track
from handlers.context import Context

PAGE = 6
ICON = {"theme": "🎨", "music": "🎵", "badge": "🏅"}
CATEGORY = {"theme": N_("Theme"), "music": N_("Music"), "badge": N_("Badge")}
"""A category's name as a heading or a button; the word typed (`/shop theme`) stays the id."""
LOOKS = {"classic": N_("classic"), "magazine": N_("magazine"), "minimal": N_("minimal"), "light": N_("light"),
         "dark": N_("dark")}


def price(item: Item) -> str:
    return _("free") if item.free else coins(item.price)


def coins(n: int) -> str:
    return ngettext("{n} coin", "{n} coins", n).format(n=n)


def _preview_url(ctx: Context, item: Item) -> str:
    return f"{ctx.services.public_url.rstrip('/')}/shop/preview/{item.id}"


async def _stock_note(ctx: Context, item: Item) -> str:
    left = await wallet.stock_left(ctx.uow, item)
    if left is None:
        return ""
    return " · " + (_("limited: {left} of {stock} left").format(left=left, stock=item.stock) if left > 0 else _("sold out"))


async def card(ctx: Context, item: Item, owned: set[str], *, full: bool = False) -> Reply:
    """One item as a chat card: picture (themes), price, what it is, and what you can do with it."""
    lines = [b(f"{ICON[item.category]} {_(item.name)}"), plain(f"  ({item.id}) — {price(item)}{await _stock_note(ctx, item)}\n")]
    if item.description:
        lines.append(plain(_(item.description) + "\n"))
    if isinstance(item, Theme):
        lines.append(plain(_("Layout: {layout} · {scheme}").format(
            layout=_(LOOKS.get(item.layout, item.layout)), scheme=_(LOOKS.get(item.scheme, item.scheme))) + "\n"))
    if isinstance(item, Track):
        lines.append(plain(_("“{title}” — {credit}. Licence: {licence}").format(
            title=item.title, credit=item.credit, licence=item.licence) + "\n"))
    if isinstance(item, Badge):
        lines.append(plain(_("Shows {emoji} on your zone.").format(emoji=item.emoji) + "\n"))
    row: list[Button] = []
    if wallet.usable(item, owned):
        if not isinstance(item, Badge):
            row.append(Button(_("✨ Use"), f"wear:{item.id}"))
        lines.append(plain(_("✓ Yours.") if not item.free else _("Free for everyone.")))
    else:
        row.append(Button(_("🛒 Buy · {price}").format(price=item.price), f"buyask:{item.id}"))
    if isinstance(item, Theme):
        row.append(Button(_("👁 Preview"), url=_preview_url(ctx, item)))
    images: tuple[Image, ...] = ()
    if isinstance(item, Theme) and ctx.services.previews is not None:
        images = (Image(ctx.services.previews.theme_card(item), alt=_("Preview of {name}").format(name=_(item.name)),
                        filename=f"{item.id}.png"),)
    return Reply(spans=tuple(lines), buttons=(tuple(row),) if row else (), images=images, personal=True)


async def owned_ids(ctx: Context) -> set[str]:
    return {o.item_id for o in await ctx.uow.wallet.items(ctx.account.id)}


async def page(ctx: Context, category: str, number: int) -> list[Reply]:
    """One message a page: a line per item and a button to buy (or use) it; More turns the page in place.

    Each item's card, with its picture, is `/shop ITEM`.
    """
    items = ctx.services.catalog.of(category)  # type: ignore[arg-type]
    owned = await owned_ids(ctx)
    chunk = items[number * PAGE:(number + 1) * PAGE]
    pressed = ctx.incoming.action is not None
    if not chunk:
        return [reply(_("No more items here. /shop lists the categories."), personal=True, in_place=pressed)]
    pages = -(-len(items) // PAGE)
    spans = [b(_("{icon} {category} · page {page} of {pages}").format(
        icon=ICON[category], category=_(CATEGORY[category]), page=number + 1, pages=pages)), plain("\n\n")]
    choose: list[Button] = []
    for item in chunk:
        usable = wallet.usable(item, owned)
        mine = " · " + _("✓ yours") if usable and not item.free else ""
        name = _(item.name)
        spans.append(plain(f"{name} ({item.id}) — {price(item)}{await _stock_note(ctx, item)}{mine}\n"))
        if not usable:
            choose.append(Button(f"🛒 {name} · {item.price}", f"buyask:{item.id}"))
        elif not isinstance(item, Badge):
            choose.append(Button(_("✨ Use {name}").format(name=name), f"wear:{item.id}"))
    spans.append(plain("\n" + _("One item with its picture: /shop ITEM · all themes live: {url}").format(
        url=f"{ctx.services.public_url.rstrip('/')}/shop")))
    turn = ((Button(_("⬅️ Back"), f"shop:{category}:{number - 1}"),) if number else ()) + \
        ((Button(_("⬇️ More"), f"shop:{category}:{number + 1}"),) if number + 1 < pages else ())
    buttons = (*(tuple(choose[n:n + 2]) for n in range(0, len(choose), 2)), *((turn,) if turn else ()))
    return [Reply(spans=tuple(spans), buttons=buttons, personal=True, in_place=pressed)]


__all__ = ["CATEGORY", "ICON", "PAGE", "card", "coins", "owned_ids", "page", "price"]
