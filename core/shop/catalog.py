"""The shop's catalog: themes, music and badges, read from a data file and checked at start-up.

The catalog is data shipped with the project (`themes/catalog.toml`). Every item is validated
when it is loaded, so a broken item stops start-up with a message naming the item — never a
half-styled zone or a 500 at the first purchase. Theme values end up in a stylesheet, so they
are held to a strict character set: no `;`, braces, `url(` or anything else that could break
out of a declaration.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from core import contrast
from core.errors import NotFound
from core.i18n import _

Category = Literal["theme", "music", "badge"]
CATEGORIES: tuple[Category, ...] = ("theme", "music", "badge")
LAYOUTS = ("classic", "magazine", "minimal")
SHIPPED = Path(__file__).resolve().parents[2] / "themes" / "catalog.toml"

ID_RE = re.compile(r"^[a-z][a-z0-9_]{1,23}$")
HEX_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
# Values written into a stylesheet: letters, digits, spaces and the punctuation gradients,
# shadows and font stacks need. Nothing that ends a declaration or opens a URL.
CSS_VALUE_RE = re.compile(r"^[A-Za-z0-9#%.,()\s\-/+\"']{1,400}$")
GRADIENT_RE = re.compile(r"^(?:repeating-)?(?:linear|radial|conic)-gradient\(")
MAX_MUSIC_BYTES = 2 * 1024 * 1024
PERKS = ("invisible",)
"""What a badge may do besides showing on its holder's zone: `invisible` visits leave no trace (the cloak)."""

# The web stylesheet's custom properties a theme may set (`bg` → `--oz-bg`).
COLOUR_KEYS = ("bg", "fg", "muted", "card", "card-border", "accent", "accent-fg", "accent-soft", "link",
               "focus", "notice-bg", "notice-fg")
FREE_FORM_KEYS = ("banner", "shadow", "radius", "radius-sm")
REQUIRED_KEYS = ("bg", "fg", "muted", "card", "card-border", "accent", "accent-fg", "accent-soft", "link", "banner")
# The optional colours a theme leaves out, by scheme (the house look's own, from app.css): a theme's
# stylesheet always carries them, so a zone never mixes its palette with the visitor's dark mode.
DEFAULT_COLOURS = {
    "light": {"focus": "#c2410c", "notice-bg": "#fff4d6", "notice-fg": "#5b4300"},
    "dark": {"focus": "#ff9f1c", "notice-bg": "#3a3015", "notice-fg": "#ffe3a3"},
}


class CatalogError(Exception):
    """The catalog file is broken; the message names the item and what is wrong."""


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    category: Category
    price: int
    description: str = ""
    stock: int | None = None
    """Limited items: how many may ever be sold; None is unlimited."""

    @property
    def free(self) -> bool:
        return self.price == 0


@dataclass(frozen=True)
class Theme(Item):
    palette: tuple[tuple[str, str], ...] = ()
    """(custom property without `--oz-`, value) pairs."""
    font: str = ""
    pattern: str = ""
    """A CSS background-image of gradients, tiled over the page background."""
    pattern_size: str = ""
    layout: str = "classic"
    scheme: str = "light"

    def colours(self) -> dict[str, str]:
        """Every colour of the theme: its palette, and the scheme's defaults for what it leaves out."""
        return {**DEFAULT_COLOURS[self.scheme], **dict(self.palette)}

    def colour(self, key: str) -> str:
        return self.colours().get(key, "")

    def css_vars(self) -> list[tuple[str, str]]:
        """Every custom property the theme sets, as `--oz-…` names."""
        out = [(f"--oz-{k}", v) for k, v in self.palette]
        out += [(f"--oz-{k}", v) for k, v in DEFAULT_COLOURS[self.scheme].items() if k not in dict(self.palette)]
        if self.font:
            out.append(("--oz-font", self.font))
        out.append(("--oz-bg-accent", self.pattern or "none"))
        if self.pattern_size:
            out.append(("--oz-pattern-size", self.pattern_size))
        return out


@dataclass(frozen=True)
class Track(Item):
    title: str = ""
    credit: str = ""
    licence: str = ""
    file: str = ""


@dataclass(frozen=True)
class Badge(Item):
    emoji: str = ""
    perk: str = ""
    """One of PERKS, or "" for a badge that only shows."""


@dataclass(frozen=True)
class Catalog:
    items: dict[str, Item]
    root: Path
    digest: str = ""
    """A hash of the catalog file: part of stylesheet URLs so browsers may cache them for a year."""

    def get(self, item_id: str) -> Item:
        """The item, or NotFound that suggests the closest id."""
        key = item_id.strip().lower()
        if key in self.items:
            return self.items[key]
        close = difflib.get_close_matches(key, list(self.items), n=1, cutoff=0.6)
        if close:
            raise NotFound(_("There is no item called “{item}” in the shop. Did you mean {close}? /shop lists them.").format(
                item=key or "?", close=close[0]))
        raise NotFound(_("There is no item called “{item}” in the shop. /shop lists them.").format(item=key or "?"))

    def of(self, category: Category) -> list[Item]:
        return [i for i in self.items.values() if i.category == category]

    def music_path(self, track: Track) -> Path:
        return self.root / "music" / track.file


def _fail(item: str, problem: str) -> CatalogError:
    return CatalogError(f"catalog: item {item!r}: {problem}")


def _text(raw: dict[str, Any], key: str, item: str, *, required: bool = True, limit: int = 200) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise _fail(item, f"{key} must be a text of 1–{limit} characters")
    return value.strip()


def _css(value: Any, item: str, key: str) -> str:
    if not isinstance(value, str) or not CSS_VALUE_RE.match(value) or "url" in value.lower():
        raise _fail(item, f"{key} = {value!r} is not an allowed CSS value (no ; {{ }} < > \\ or url())")
    return value


def _palette(raw: Any, item: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, dict):
        raise _fail(item, "palette must be a table of CSS custom properties")
    out: list[tuple[str, str]] = []
    for key, value in raw.items():
        if key in COLOUR_KEYS:
            if not isinstance(value, str) or not HEX_RE.match(value):
                raise _fail(item, f"palette.{key} = {value!r} must be a hex colour like #1d1b26")
        elif key in FREE_FORM_KEYS:
            value = _css(value, item, f"palette.{key}")
        else:
            raise _fail(item, f"palette.{key} is not a theme property; use one of {', '.join(COLOUR_KEYS + FREE_FORM_KEYS)}")
        out.append((key, value))
    missing = [k for k in REQUIRED_KEYS if k not in raw]
    if missing:
        raise _fail(item, f"palette is missing {', '.join(missing)}")
    return tuple(out)


def _common(raw: dict[str, Any], category: Category, seen: set[str]) -> dict[str, Any]:
    item = str(raw.get("id", "?"))
    if not ID_RE.match(item):
        raise _fail(item, "id must be 2–24 lowercase letters, digits or _ and start with a letter")
    if item in seen:
        raise _fail(item, "id is used twice")
    price, stock = raw.get("price"), raw.get("stock")
    if not isinstance(price, int) or isinstance(price, bool) or not 0 <= price <= 100_000:
        raise _fail(item, f"price = {price!r} must be a whole number of coins, 0–100000 (0 is free)")
    if stock is not None and (not isinstance(stock, int) or isinstance(stock, bool) or stock < 1):
        raise _fail(item, f"stock = {stock!r} must be a positive whole number (omit it for unlimited)")
    return {"id": item, "name": _text(raw, "name", item, limit=40), "category": category, "price": price,
            "description": _text(raw, "description", item, required=False, limit=300), "stock": stock}


def _known(raw: dict[str, Any], item: str, allowed: set[str]) -> None:
    extra = sorted(set(raw) - allowed - {"id", "name", "price", "description", "stock"})
    if extra:
        raise _fail(item, f"unknown key(s) {', '.join(extra)}")


def _theme(raw: dict[str, Any], seen: set[str]) -> Theme:
    base = _common(raw, "theme", seen)
    item = base["id"]
    _known(raw, item, {"palette", "font", "pattern", "pattern_size", "layout", "scheme"})
    layout, scheme = raw.get("layout", "classic"), raw.get("scheme", "light")
    if layout not in LAYOUTS:
        raise _fail(item, f"layout = {layout!r} must be one of {', '.join(LAYOUTS)}")
    if scheme not in ("light", "dark"):
        raise _fail(item, f"scheme = {scheme!r} must be light or dark")
    pattern = _css(raw["pattern"], item, "pattern") if raw.get("pattern") else ""
    if pattern and not GRADIENT_RE.match(pattern):
        raise _fail(item, "pattern must be CSS gradients (linear-, radial-, conic-gradient(...))")
    palette = _palette(raw.get("palette"), item)
    low = contrast.too_low({**DEFAULT_COLOURS[scheme], **dict(palette)})
    if low:
        raise _fail(item, "text would be hard to read: " + "; ".join(low))
    return Theme(
        **base, palette=palette,
        font=_css(raw["font"], item, "font") if raw.get("font") else "",
        pattern=pattern, pattern_size=_css(raw["pattern_size"], item, "pattern_size") if raw.get("pattern_size") else "",
        layout=layout, scheme=scheme,
    )


def _track(raw: dict[str, Any], seen: set[str], root: Path) -> Track:
    base = _common(raw, "music", seen)
    item = base["id"]
    _known(raw, item, {"title", "credit", "licence", "file"})
    file = _text(raw, "file", item, limit=80)
    if not re.match(r"^[a-z0-9_\-]+\.wav$", file):
        raise _fail(item, f"file = {file!r} must be a .wav file name under themes/music/")
    path = root / "music" / file
    if not path.is_file():
        raise _fail(item, f"file {path} does not exist")
    if path.stat().st_size > MAX_MUSIC_BYTES:
        raise _fail(item, f"file {file} is over {MAX_MUSIC_BYTES // 1024 // 1024} MB")
    return Track(**base, title=_text(raw, "title", item, limit=80), credit=_text(raw, "credit", item),
                 licence=_text(raw, "licence", item), file=file)


def _badge(raw: dict[str, Any], seen: set[str]) -> Badge:
    base = _common(raw, "badge", seen)
    _known(raw, base["id"], {"emoji", "perk"})
    perk = raw.get("perk", "")
    if perk and perk not in PERKS:
        raise _fail(base["id"], f"perk = {perk!r} must be one of {', '.join(PERKS)} (or left out)")
    return Badge(**base, emoji=_text(raw, "emoji", base["id"], limit=8), perk=perk)


def parse_catalog(text: str, root: Path) -> Catalog:
    """Build and validate a catalog from TOML text; `root` holds the music/ folder."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"catalog: not valid TOML ({exc})") from None
    unknown = sorted(set(data) - set(CATEGORIES))
    if unknown:
        raise CatalogError(f"catalog: unknown section(s) {', '.join(unknown)}; use [[theme]], [[music]], [[badge]]")
    items: dict[str, Item] = {}
    for category in CATEGORIES:
        entries = data.get(category, [])
        if not isinstance(entries, list):
            raise CatalogError(f"catalog: [[{category}]] must be an array of tables")
        for raw in entries:
            seen = set(items)
            built: Item
            if category == "theme":
                built = _theme(raw, seen)
            elif category == "music":
                built = _track(raw, seen, root)
            else:
                built = _badge(raw, seen)
            items[built.id] = built
    if not items:
        raise CatalogError("catalog: no items")
    return Catalog(items, root, hashlib.sha256(text.encode()).hexdigest()[:10])


def load_catalog(path: Path) -> Catalog:
    """Read and validate the catalog file; raises CatalogError naming the broken item."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(f"catalog: cannot read {path} ({exc.strerror})") from None
    return parse_catalog(text, path.parent)


@cache
def shipped_catalog() -> Catalog:
    """The catalog shipped in themes/ (loaded once per process)."""
    return load_catalog(SHIPPED)
