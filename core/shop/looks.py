"""What a zone wears: the theme and music a person puts on (owned or free), and the look every visitor sees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from core.errors import Forbidden, Invalid
from core.model import Account
from core.ports import UnitOfWork
from core.shop.catalog import Badge, Catalog, Item, Theme, Track


async def wear(uow: UnitOfWork, catalog: Catalog, account: Account, item_id: str | None, kind: type[Item]) -> Item | None:
    """Apply a theme or music track the account owns (or a free one); None takes it off."""
    state = await uow.wallet.state(account.id)
    item = None
    if item_id is not None:
        item = catalog.get(item_id)
        if not isinstance(item, kind):
            label = "theme" if kind is Theme else "music track"
            raise Invalid(f"{item.name} is a {item.category}, not a {label}. /shop {'theme' if kind is Theme else 'music'} lists them.")
        if not item.free and not await uow.wallet.owns(account.id, item.id):
            raise Forbidden(f"You don't own {item.name} yet. /buy {item.id} ({item.price} coins).")
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
    theme, music = catalog.items.get(state.theme_id or ""), catalog.items.get(state.music_id or "")
    badges = [catalog.items.get(o.item_id) for o in await uow.wallet.items(owner.id)]
    return ZoneLook(
        theme if isinstance(theme, Theme) else None, music if isinstance(music, Track) else None,
        tuple(b for b in badges if isinstance(b, Badge)),
    )


__all__ = ["ZoneLook", "wear", "zone_look"]


class PreviewRenderer(Protocol):
    """Draws a theme's preview card for chat (PNG bytes); implementations cache."""

    def theme_card(self, theme: Theme) -> bytes: ...
