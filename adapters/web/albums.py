"""Album pages and media URLs. Every photo byte is served only after core says this viewer may see it."""

from __future__ import annotations

from aiohttp import web

from adapters.web import session
from adapters.web.context import PAGES, SITE
from adapters.web.views import _common, html, visit
from core.albums import service as albums
from core.albums.photos import viewable_photo
from core.albums.ports import MediaPipeline
from core.errors import NotFound

MEDIA = web.AppKey("media", MediaPipeline)
TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}
HANDLE = r"{handle:[A-Za-z0-9_]{1,32}}"


async def album_list(request: web.Request) -> web.Response:
    async with request.app[SITE].uow_factory() as uow:
        looker, owner, header, closed = await visit(request, uow)
        if closed is not None:
            return closed
        found = await albums.listed_albums(uow, looker.viewer, owner)
        covers = await albums.covers(uow, looker.viewer, found)
        opened = await albums.opened(uow, looker.viewer, found)
    body = request.app[PAGES].render("albums.html", **_common(
        request, looker, header=header, owner=owner, albums=found, covers=covers, opened=opened, tab="albums"))
    return html(request, body, looker)


async def album_page(request: web.Request) -> web.Response:
    album_id = int(request.match_info["album_id"])
    async with request.app[SITE].uow_factory() as uow:
        looker, owner, header, closed = await visit(request, uow)
        if closed is not None:
            return closed
        view = await albums.album_by_id(uow, looker.viewer, owner, album_id)
    body = request.app[PAGES].render("album.html", **_common(
        request, looker, header=header, owner=owner, view=view, album=view.album, tab="albums"))
    return html(request, body, looker)


async def media(request: web.Request) -> web.StreamResponse:
    """`/media/p/ID/320.webp`: the bytes only for a viewer core lets see the photo; 404 for anyone else."""
    store = request.app.get(MEDIA)
    if store is None:
        raise web.HTTPNotFound()
    photo_id, variant = int(request.match_info["photo_id"]), request.match_info["variant"]
    async with request.app[SITE].uow_factory() as uow:
        looker = await session.resolve(request, uow)
        photo = await viewable_photo(uow, looker.viewer, photo_id)
    key = photo.files.get(variant)
    if key is None:
        raise NotFound("no such size")
    # The key is the content hash: a strong validator. Still revalidated on every view (no-cache),
    # so an audience change takes effect at once even for a browser that has the bytes.
    headers = {"Cache-Control": "private, no-cache", "Vary": "Cookie", "ETag": f'"{key.split(".")[0][:40]}"',
               "Content-Disposition": "inline"}
    if headers["ETag"] in request.headers.get("If-None-Match", ""):
        return web.Response(status=304, headers=headers)
    data = await store.read(key)
    if data is None:
        raise NotFound("file missing")
    return web.Response(body=data, content_type=TYPES[variant.rsplit(".", 1)[1]], headers=headers)


def routes() -> list[web.RouteDef]:
    return [
        web.get(f"/z/{HANDLE}/albums", album_list),
        web.get(f"/z/{HANDLE}/albums/{{album_id:[0-9]{{1,18}}}}", album_page),
        web.get(r"/media/p/{photo_id:[0-9]{1,18}}/{variant:(320|1280)\.(webp|jpg)}", media),
    ]


__all__ = ["MEDIA", "routes"]
