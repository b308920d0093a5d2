"""Album pages and media URLs. Every photo byte is served only after core says this viewer may see it."""

from __future__ import annotations

from aiohttp import web

from adapters.web import session, urls
from adapters.web.context import PAGES, SITE
from adapters.web.fragments import Only
from adapters.web.zone_views import Visit, html, page_args, zone_page
from core.albums import reactions, service as albums
from core.albums.photos import viewable_photo
from core.albums.ports import MediaPipeline
from core.errors import Invalid, NotFound
from core.posts.subjects import no_photo

MEDIA = web.AppKey("media", MediaPipeline)
TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}


@zone_page()
async def album_list(request: web.Request, visit: Visit) -> web.Response:
    found = await albums.listed_albums(visit.uow, visit.viewer, visit.owner)
    covers = await albums.covers(visit.uow, visit.viewer, found)
    opened = await albums.opened(visit.uow, visit.viewer, found)
    return visit.render(request, "albums.html", albums=found, covers=covers, opened=opened, tab="albums")


@zone_page()
async def album_page(request: web.Request, visit: Visit) -> web.Response:
    view = await albums.album_by_id(visit.uow, visit.viewer, visit.owner, int(request.match_info["album_id"]))
    args, owner, album = page_args(request, visit.visitor, visit.page, unread=visit.unread), visit.owner, view.album
    # album.html is kept whole but for its holes (adapters.web.fragments.Frames): `shown` is all it is made from.
    shown = {"tab": "albums", "owner": Only("owner", handle=owner.handle, display_name=owner.display_name),
             "album": Only("album", title=album.title, visibility=album.visibility, description=album.description,
                           question=album.question),
             "view": Only("view", locked=view.locked, photos=tuple(p.id for p in view.photos)),
             "look": args["look"], "notice": args["notice"], "done": args["done"]}
    body = request.app[PAGES].framed(
        "album.html", shown, {}, ("viewer", "unread", "csrf", "here", "header"), viewer=args["viewer"],
        unread=args["unread"], head=(args["header"], "albums"), grid=(view.photos, "p", owner.handle))
    return html(request, body, visit.visitor)


@zone_page()
async def photo_page(request: web.Request, visit: Visit) -> web.Response:
    """`/z/HANDLE/photos/ID`: one album photo with who liked it and its comments (core.albums.reactions.page)."""
    photo_id = int(request.match_info["photo_id"])
    try:
        page = await reactions.page(visit.uow, visit.viewer, photo_id, owner=visit.owner)
    except Invalid:  # a photo a post carries has no page of its own: it is seen on its post's
        raise NotFound(no_photo(photo_id)) from None
    return visit.render(request, "photo.html", shown=page, view=page.view, album=page.view.album, threads=page.threads,
                        likers=page.likers, tab="albums")


async def media(request: web.Request) -> web.StreamResponse:
    """`/media/p/ID/320.webp`: the bytes only for a viewer core lets see the photo; 404 for anyone else."""
    store = request.app.get(MEDIA)
    if store is None:
        raise web.HTTPNotFound()
    photo_id, variant = int(request.match_info["photo_id"]), request.match_info["variant"]
    async with request.app[SITE].uow_factory() as uow:
        visitor = await session.resolve(request, uow)
        photo = await viewable_photo(uow, visitor.viewer, photo_id)
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
        web.get(urls.ALBUMS, album_list),
        web.get(urls.ALBUM, album_page),
        web.get(urls.PHOTO, photo_page),
        web.get(urls.MEDIA, media),
    ]


__all__ = ["MEDIA", "routes"]
