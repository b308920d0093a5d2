"""What a zone wears: the theme and music a person puts on (owned or free), and the look every visitor sees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from core.errors import Forbidden, Invalid
from core.i18n import N_, _, ngettext
from core.model import Account
from core.ports import UnitOfWork
from core.shop.catalog import Badge, Catalog, Item, Theme, Track

# What an item is, in a sentence ("Sakura is a theme, not a music track").
CATEGORY_NAMES = {"theme": N_("theme"), "music": N_("music"), "badge": N_("badge")}


async def wear(uow: UnitOfWork, catalog: Catalog, account: Account, item_id: str | None, kind: type[Item]) -> Item | None:
    """Apply a theme or music track the account owns (or a free one); None takes it off."""
    state = await uow.wallet.state(account.id)
    item = None
    if item_id is not None:
        item = catalog.get(item_id)
        if not isinstance(item, kind):
            wrong = (_("{name} is a {category}, not a theme. /shop theme lists them.") if kind is Theme
                     else _("{name} is a {category}, not a music track. /shop music lists them."))
            raise Invalid(wrong.format(name=_(item.name), category=_(CATEGORY_NAMES[item.category])))
        if not item.free and not await uow.wallet.owns(account.id, item.id):
            raise Forbidden(ngettext("You don't own {name} yet. /buy {id} ({n} coin).",
                                     "You don't own {name} yet. /buy {id} ({n} coins).", item.price).format(
                                         name=_(item.name), id=item.id, n=item.price))
    if kind is Theme:
        await uow.wallet.set_look(account.id, theme_id=item.id if item else None, music_id=state.music_id)
    else:
        await uow.wallet.set_look(account.id, theme_id=state.theme_id, music_id=item.id if item else None)
    return item


@dataclass(frozen=True)
class ZoneLook:
    """What a zone wears on the web, for every visitor."""

    theme: Theme | None = None
    music: Track | None = None
    badges: tuple[Badge, ...] = ()


async def zone_look(uow: UnitOfWork, catalog: Catalog, owner: Account) -> ZoneLook:
    state = await uow.wallet.state(owner.id)
    return look_of(catalog, state.theme_id, state.music_id, [o.item_id for o in await uow.wallet.items(owner.id)])


def look_of(catalog: Catalog, theme_id: str | None, music_id: str | None, items: Iterable[str]) -> ZoneLook:
    """The look of a zone wearing `theme_id` and `music_id`, whose owner holds `items` (oldest first)."""
    theme, music = catalog.items.get(theme_id or ""), catalog.items.get(music_id or "")
    badges = [catalog.items.get(item_id) for item_id in items]
    return ZoneLook(
        theme if isinstance(theme, Theme) else None, music if isinstance(music, Track) else None,
        tuple(b for b in badges if isinstance(b, Badge)),
    )


__all__ = ["ZoneLook", "look_of", "wear", "zone_look"]


class PreviewRenderer(Protocol):
    """Draws a theme's preview card for chat (PNG bytes); implementations cache."""

    def theme_card(self, theme: Theme) -> bytes: ...
