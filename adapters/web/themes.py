"""What a zone wears on the web: the catalog's theme stylesheets, music files and the shop's previews.

Core decides what a zone wears for a viewer (`core.zones.zone_page`: nothing when the zone is closed);
`Themes.page` turns that into the stylesheet links, player and badges the templates show. The CSS
lives in stylesheets served from `/themes/…` (the CSP allows styles from 'self' only, never inline ones).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from aiohttp import web

from adapters.web import urls
from core.shop.catalog import Badge, Catalog, Theme, Track
from core.shop.looks import PreviewRenderer, ZoneLook

LAYOUT_CSS = {
    "classic": "",
    "magazine": (
        ":root { --oz-width: 66rem; }\n"
        ".posts { grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr)); align-items: start; }\n"
        ".zone-banner { height: 180px; }\n"
        ".zone-names h1 { font-size: 2rem; letter-spacing: -.01em; }\n"
    ),
    "minimal": (
        ":root { --oz-width: 38rem; }\n"
        ".card { box-shadow: none; }\n"
        ".zone-banner { height: 10px; }\n"
        ".zone-id { margin-top: 1rem; }\n"
        ".zone-id .avatar-lg { box-shadow: none; }\n"
        ".post { border-width: 0 0 1px; border-radius: 0; background: transparent; }\n"
    ),
}

# Shared by every themed page and the shop: the music player, badges, shop cards and the
# class-scoped palettes that make the shop's cards live previews.
SHOP_CSS = """
.zone-extras { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem; }
.zone-extras audio { max-width: 100%; height: 2.2rem; }
.music-credit { color: var(--oz-muted); font-size: .8rem; margin: 0; }
.badges { display: flex; gap: .4rem; list-style: none; margin: 0; padding: 0; }
.badges li { background: var(--oz-accent-soft); border-radius: 999px; padding: .15rem .6rem; font-size: .9rem; }
.shop-grid { display: grid; gap: var(--oz-gap); grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); }
.swatch { border-radius: var(--oz-radius); overflow: hidden; border: 1px solid var(--oz-card-border);
  background-color: var(--oz-bg); background-image: var(--oz-bg-accent); background-size: var(--oz-pattern-size, auto);
  color: var(--oz-fg); font-family: var(--oz-font); }
.swatch-banner { height: 56px; background: var(--oz-banner); }
.swatch-card { margin: -18px .8rem .8rem; padding: .7rem .8rem; background: var(--oz-card); border: 1px solid var(--oz-card-border);
  border-radius: var(--oz-radius-sm, 10px); box-shadow: var(--oz-shadow); position: relative; }
.swatch-card h3 { margin: 0 0 .2rem; font-size: 1.05rem; }
.swatch-card p { margin: 0 0 .5rem; color: var(--oz-muted); font-size: .85rem; }
.swatch-card .pill { display: inline-block; background: var(--oz-accent); color: var(--oz-accent-fg); border-radius: 999px;
  padding: .2rem .75rem; font-size: .8rem; font-weight: 600; text-decoration: none; }
.price { font-weight: 700; }
.shop-item { display: grid; gap: .4rem; }
"""


def _decls(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"  {name}: {value};\n" for name, value in pairs)


def theme_css(theme: Theme) -> str:
    """The stylesheet a zone wearing `theme` links after the site's own (its :root wins).

    The theme's scheme (light or dark) is said by the page's `<meta name="color-scheme">`, not here:
    the W3C CSS checker doesn't know the `color-scheme` property yet.
    """
    return (
        f"/* {theme.name} — OpenZone theme '{theme.id}' */\n"
        f":root {{\n{_decls(theme.css_vars())}}}\n"
        "body { background-color: var(--oz-bg); background-image: var(--oz-bg-accent);\n"
        "  background-size: var(--oz-pattern-size, auto); background-repeat: repeat; }\n"
        # Avatars wear the theme's accent, not the house hues (same specificity, later sheet: wins).
        ".avatar { background: var(--oz-accent); color: var(--oz-accent-fg); }\n"
        + LAYOUT_CSS[theme.layout]
    )


def scoped_css(catalog: Catalog) -> str:
    """Every theme's palette under `.t-ID`, for the shop's live preview cards."""
    return SHOP_CSS + "".join(f".t-{t.id} {{\n{_decls(t.css_vars())}}}\n" for t in catalog.of("theme"))


def _name(prefix: str, body: bytes) -> str:
    return f"{prefix}.{hashlib.sha256(body).hexdigest()[:12]}.css"


@dataclass
class Themes:
    """Stylesheets and music of the catalog, built once; names carry content hashes (cached a year)."""

    catalog: Catalog
    previews: PreviewRenderer | None = None
    sheets: dict[str, bytes] = field(default_factory=dict)
    theme_url: dict[str, str] = field(default_factory=dict)
    shop_url: str = ""

    def __post_init__(self) -> None:
        for theme in self.catalog.of("theme"):
            assert isinstance(theme, Theme)
            body = theme_css(theme).encode()
            name = _name(theme.id, body)
            self.sheets[name], self.theme_url[theme.id] = body, urls.theme_sheet(name)
        body = scoped_css(self.catalog).encode()
        name = _name("_shop", body)  # ids start with a letter, so this never clashes with a theme
        self.sheets[name], self.shop_url = body, urls.theme_sheet(name)

    def page(self, look: ZoneLook | None) -> ThemePage | None:
        """What the templates show of a zone's look; None when it wears nothing (or shows nothing: closed)."""
        if look is None or (look.theme is None and look.music is None and not look.badges):
            return None
        css = (self.shop_url,) + ((self.theme_url[look.theme.id],) if look.theme else ())
        music_url = urls.music_file(look.music.file) if look.music else ""
        return ThemePage(css, look.theme, look.music, music_url, look.badges)


@dataclass(frozen=True)
class ThemePage:
    """A zone's look as a page links it: stylesheets, the theme's scheme, the player and the badges."""

    css: tuple[str, ...]
    theme: Theme | None
    music: Track | None
    music_url: str
    badges: tuple[Badge, ...]


THEMES = web.AppKey("themes", Themes)
