"""The shop on the web: the catalog with live previews, sample zones per theme, theme stylesheets, music."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from adapters.web import reader, session, urls
from adapters.web.context import PAGES, SITE
from adapters.web.themes import THEMES, Themes
from adapters.web.zone_views import html, page_args
from core.errors import NotFound
from core.i18n import N_, _
from core.model import Account, Post, PostKind, Visibility
from core.posts.model import PostView
from core.shop.catalog import Theme, Track
from core.shop.looks import ZoneLook
from core.zones import ZoneHeader, ZonePage

YEAR = "public, max-age=31536000, immutable"
SAMPLE_POSTS = (
    (N_("A slow Sunday: coffee, a long walk by the river and a good book. **Highly recommended.**"), 12, 3),
    (N_("Trying out a new theme for my zone — what do you think?"), 7, 5),
    (N_("Weekend plans: finally fixing the bike. Photos soon!"), 4, 1),
)


def _themes(request: web.Request) -> Themes:
    themes = request.app.get(THEMES)
    if themes is None:
        raise web.HTTPNotFound()
    return themes


async def shop_page(request: web.Request) -> web.Response:
    themes = _themes(request)
    async with request.app[SITE].uow_factory() as uow:
        visitor = await session.resolve(request, uow)
        reader.adopt(request, visitor)
    c = themes.catalog
    body = request.app[PAGES].render(
        "shop.html", **page_args(request, visitor, unread=visitor.unread, themes=c.of("theme"), tracks=c.of("music"),
                                 badges=c.of("badge"), shop_css=themes.shop_url),
    )
    return html(request, body, visitor)


def _theme(themes: Themes, item_id: str) -> Theme:
    item = themes.catalog.items.get(item_id)
    if not isinstance(item, Theme):
        raise NotFound("No such theme.")
    return item


async def preview(request: web.Request) -> web.Response:
    """A sample zone (made-up owner and posts) wearing one theme."""
    themes = _themes(request)
    theme = _theme(themes, request.match_info["item"])
    clock = request.app[SITE].clock
    async with request.app[SITE].uow_factory() as uow:
        visitor = await session.resolve(request, uow)
        reader.adopt(request, visitor)
    now = clock.now()
    name = _(theme.name)
    owner = Account(id=0, handle="sample", display_name=_("{theme} preview").format(theme=name),
                    bio=_("This is how a zone looks in “{theme}”. Buy it in chat: /buy {id}").format(theme=name, id=theme.id),
                    created_at=now)
    views = [
        PostView(Post(id=n + 1, author_id=0, body=_(text), visibility=Visibility.PUBLIC, kind=PostKind.POST,
                      created_at=now - timedelta(hours=3 * n + 1), like_count=likes, comment_count=comments), owner)
        for n, (text, likes, comments) in enumerate(SAMPLE_POSTS)
    ]
    page = ZonePage(ZoneHeader(owner, True, len(views), 12), ZoneLook(theme=theme))
    body = request.app[PAGES].render(
        "zone.html", **page_args(request, visitor, page, views=views, older=None, tab="posts", size=None, preview=theme),
    )
    return html(request, body, visitor)


async def preview_png(request: web.Request) -> web.Response:
    themes = _themes(request)
    theme = _theme(themes, request.match_info["item"])
    if themes.previews is None:
        raise web.HTTPNotFound()
    return web.Response(body=themes.previews.theme_card(theme), content_type="image/png",
                        headers={"Cache-Control": "public, max-age=86400"})


async def stylesheet(request: web.Request) -> web.Response:
    body = _themes(request).sheets.get(request.match_info["name"])
    if body is None:
        raise web.HTTPNotFound()
    # The name carries the content hash: a changed theme gets a new URL, so a year is safe.
    return web.Response(body=body, content_type="text/css", charset="utf-8", headers={"Cache-Control": YEAR})


async def music(request: web.Request) -> web.Response:
    themes = _themes(request)
    track = next((t for t in themes.catalog.of("music") if isinstance(t, Track) and t.file == request.match_info["file"]),
                 None)
    if track is None:
        raise web.HTTPNotFound()
    data = themes.catalog.music_path(track).read_bytes()
    return web.Response(body=data, content_type="audio/wav", headers={"Cache-Control": "public, max-age=86400"})


def routes() -> list[web.RouteDef]:
    return [
        web.get(urls.SHOP, shop_page),
        web.get(urls.PREVIEW, preview),
        web.get(urls.PREVIEW_PNG, preview_png),
        web.get(urls.THEME_SHEET, stylesheet),
        web.get(urls.MUSIC, music),
    ]


__all__ = ["routes"]
