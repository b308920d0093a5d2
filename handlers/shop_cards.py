"""How the shop reads in chat: an item's card (with its picture) and a category's pages."""

from __future__ import annotations

from chat.messages import Button, Image, Reply, b, plain, reply
from core.shop import wallet
from core.shop.catalog import Badge, Item, Theme, Track
from handlers.context import Context

PAGE = 6
ICON = {"theme": "🎨", "music": "🎵", "badge": "🏅"}


def price(item: Item) -> str:
    return "free" if item.free else f"{item.price} coins"


def _preview_url(ctx: Context, item: Item) -> str:
    return f"{ctx.services.public_url.rstrip('/')}/shop/preview/{item.id}"


async def _stock_note(ctx: Context, item: Item) -> str:
    left = await wallet.stock_left(ctx.uow, item)
    if left is None:
        return ""
    return f" · limited: {left} of {item.stock} left" if left > 0 else " · sold out"


async def card(ctx: Context, item: Item, owned: set[str], *, full: bool = False) -> Reply:
    """One item as a chat card: picture (themes), price, what it is, and what you can do with it."""
    lines = [b(f"{ICON[item.category]} {item.name}"), plain(f"  ({item.id}) — {price(item)}{await _stock_note(ctx, item)}\n")]
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
        return [reply("No more items here. /shop lists the categories.", personal=True, in_place=pressed)]
    pages = -(-len(items) // PAGE)
    spans = [b(f"{ICON[category]} {category.capitalize()} · page {number + 1} of {pages}"), plain("\n\n")]
    choose: list[Button] = []
    for item in chunk:
        usable = wallet.usable(item, owned)
        mine = " · ✓ yours" if usable and not item.free else ""
        spans.append(plain(f"{item.name} ({item.id}) — {price(item)}{await _stock_note(ctx, item)}{mine}\n"))
        if not usable:
            choose.append(Button(f"🛒 {item.name} · {item.price}", f"buyask:{item.id}"))
        elif not isinstance(item, Badge):
            choose.append(Button(f"✨ Use {item.name}", f"wear:{item.id}"))
    spans.append(plain(f"\nOne item with its picture: /shop ITEM · all themes live: {ctx.services.public_url.rstrip('/')}/shop"))
    turn = ((Button("⬅️ Back", f"shop:{category}:{number - 1}"),) if number else ()) + \
        ((Button("⬇️ More", f"shop:{category}:{number + 1}"),) if number + 1 < pages else ())
    buttons = (*(tuple(choose[n:n + 2]) for n in range(0, len(choose), 2)), *((turn,) if turn else ()))
    return [Reply(spans=tuple(spans), buttons=buttons, personal=True, in_place=pressed)]


__all__ = ["ICON", "PAGE", "card", "owned_ids", "page", "price"]
