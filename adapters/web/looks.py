"""What a zone wears on the web: the owner's theme stylesheet, music player and badges.

Every zone page looks the owner's choice up (`wear`, from the page's own transaction) and leaves
it on the request; `views._common` hands it to the templates only when the zone is open to the viewer,
so a closed zone shows nothing of itself — not even its colours. The CSS lives in stylesheets
served from `/themes/…` (the CSP allows styles from 'self' only, never inline ones).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from aiohttp import web

from core.model import Account
from core.ports import UnitOfWork
from core.shop.catalog import Badge, Catalog, Theme, Track
from core.shop.looks import PreviewRenderer, ZoneLook, zone_look

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
class Looks:
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
            self.sheets[name], self.theme_url[theme.id] = body, f"/themes/{name}"
        body = scoped_css(self.catalog).encode()
        name = _name("_shop", body)  # ids start with a letter, so this never clashes with a theme
        self.sheets[name], self.shop_url = body, f"/themes/{name}"

    def page(self, look: ZoneLook) -> PageLook | None:
        if look.theme is None and look.music is None and not look.badges:
            return None
        css = (self.shop_url,) + ((self.theme_url[look.theme.id],) if look.theme else ())
        music_url = f"/themes/music/{look.music.file}" if look.music else ""
        return PageLook(css, look.theme, look.music, music_url, look.badges)


@dataclass(frozen=True)
class PageLook:
    css: tuple[str, ...]
    theme: Theme | None
    music: Track | None
    music_url: str
    badges: tuple[Badge, ...]


LOOKS = web.AppKey("looks", Looks)
LOOK = web.RequestKey("look", PageLook)


async def wear(request: web.Request, uow: UnitOfWork, owner: Account) -> None:
    """Leave the owner's theme, music and badges on the request (in the page's own transaction)."""
    looks = request.app.get(LOOKS)
    if looks is not None and (page := looks.page(await zone_look(uow, looks.catalog, owner))) is not None:
        request[LOOK] = page
