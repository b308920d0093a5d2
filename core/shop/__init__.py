"""The shop: its catalog, wallets and what a zone wears (services in `core.shop.wallet`, `core.shop.rewards`,
`core.shop.looks`).

This face exports the feature's vocabulary: its values, ports and events. Its services are
imported as modules (`from core.posts import service as posts`): every service takes the
unit of work, and `core.ports.UnitOfWork` names every feature's repository, so a face that
imported services would close an import cycle through `core.ports`.
"""

from core.shop.catalog import (
    CATEGORIES, COLOUR_KEYS, CSS_VALUE_RE, DEFAULT_COLOURS, FREE_FORM_KEYS, GRADIENT_RE, HEX_RE, ID_RE, LAYOUTS,
    MAX_MUSIC_BYTES, REQUIRED_KEYS, SHIPPED, Badge, Catalog, CatalogError, Category, Item, Theme, Track,
    load_catalog, parse_catalog, shipped_catalog,
)
from core.shop.model import LedgerEntry, NewEntry, Owned, WalletState
from core.shop.ports import WalletRepo

__all__ = [
    "CATEGORIES", "COLOUR_KEYS", "CSS_VALUE_RE", "DEFAULT_COLOURS", "FREE_FORM_KEYS", "GRADIENT_RE", "HEX_RE",
    "ID_RE", "LAYOUTS", "MAX_MUSIC_BYTES", "REQUIRED_KEYS", "SHIPPED", "Badge", "Catalog", "CatalogError",
    "Category", "Item", "LedgerEntry", "NewEntry", "Owned", "Theme", "Track", "WalletRepo", "WalletState",
    "load_catalog", "parse_catalog", "shipped_catalog",
]
