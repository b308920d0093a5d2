"""People on the web: a person's avatar and cover (media, privacy checked on every request) and
the owner's own visitor list. Core decides who may see each; this only serves it."""

from __future__ import annotations

from aiohttp import web

from adapters.web import session, urls
from adapters.web.albums import MEDIA, TYPES
from adapters.web.context import SITE
from adapters.web.zone_views import Visit, zone_page
from core.accounts import service as accounts
from core.errors import NotFound
from core.social import friends
from core.visits import service as visits


async def picture(request: web.Request) -> web.StreamResponse:
    """`/media/u/HANDLE/avatar/320.webp`: the bytes only for a viewer who may see the person (privacy.face_rule)."""
    store = request.app.get(MEDIA)
    if store is None:
        raise web.HTTPNotFound()
    variant = request.match_info["variant"]
    async with request.app[SITE].uow_factory() as uow:
        visitor = await session.resolve(request, uow)
        person = await accounts.by_handle(uow, request.match_info["handle"])
        files = await friends.picture_of(uow, visitor.viewer, person, request.match_info["which"])
    key = files.get(variant)
    if key is None:
        raise NotFound("no such size")
    # As a photo's: the content hash is the ETag, revalidated on every view (a new block applies at once).
    headers = {"Cache-Control": "private, no-cache", "Vary": "Cookie", "ETag": f'"{key.split(".")[0][:40]}"',
               "Content-Disposition": "inline"}
    if headers["ETag"] in request.headers.get("If-None-Match", ""):
        return web.Response(status=304, headers=headers)
    data = await store.read(key)
    if data is None:
        raise NotFound("file missing")
    return web.Response(body=data, content_type=TYPES[variant.rsplit(".", 1)[1]], headers=headers)


@zone_page()
async def visitor_list(request: web.Request, visit: Visit) -> web.Response:
    """The owner's recent visitors, newest first; to anyone else the same 404 as a page that doesn't exist."""
    if visit.viewer.account_id != visit.owner.id:
        raise web.HTTPNotFound()
    found = await visits.recent(visit.uow, visit.owner)
    return visit.render(request, "visitors.html", visitors=found, tab="visitors")


def routes() -> list[web.RouteDef]:
    return [web.get(urls.PICTURE, picture), web.get(urls.VISITORS, visitor_list)]


__all__ = ["routes"]
