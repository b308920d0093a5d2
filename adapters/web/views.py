"""The pages. Each asks core what the viewer may see and renders exactly that."""

from __future__ import annotations

import hashlib
import re
from typing import Any, NamedTuple

from aiohttp import web

from adapters.web import atom, session
from adapters.web.context import PAGES, READY, SITE
from adapters.web.looks import LOOK, wear
from adapters.web.session import Looker
from core.accounts import service as accounts
from core.errors import NotFound
from core.model import Account, PostKind
from core.ports import UnitOfWork
from core.posts import comments, service as posts
from core.social import friends
from core.zones import ZoneHeader, zone_header

PAGE_SIZE = 10
MAX_PAGE = posts.MAX_PAGE - 1  # one more is fetched to know whether an older page exists
FEED_SIZE = 20
_DIGITS = re.compile(r"^[0-9]{1,18}$")


def _int_param(request: web.Request, name: str) -> int | None:
    """A positive integer query parameter; garbage is a 400, never a 500."""
    raw = request.query.get(name)
    if raw is None or raw == "":
        return None
    if not _DIGITS.match(raw) or int(raw) == 0:
        raise web.HTTPBadRequest()
    return int(raw)


def _page_size(request: web.Request) -> int:
    size = _int_param(request, "limit")
    return PAGE_SIZE if size is None else min(size, MAX_PAGE)


def html(request: web.Request, body: str, looker: Looker | None = None, status: int = 200) -> web.Response:
    """A page with a strong ETag over its exact bytes: a 304 when the viewer already has it.

    The body is per viewer, so the tag never lets one viewer's copy stand in for another's.
    """
    data = body.encode()
    etag = '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'
    headers = {"Cache-Control": "private, no-cache", "Vary": "Cookie", "ETag": etag}
    if status == 200 and etag in request.headers.get("If-None-Match", ""):
        response = web.Response(status=304, headers=headers)
    else:
        response = web.Response(status=status, body=data, content_type="text/html", charset="utf-8",
                                headers=headers)
    if looker is not None and looker.drop_cookie:
        response.del_cookie(session.COOKIE, path="/")
    return response


def _common(request: web.Request, looker: Looker, **extra: Any) -> dict[str, Any]:
    # The owner's theme, music and badges (adapters.web.looks) only where the zone is open to the viewer.
    header = extra.get("header")
    look = request.get(LOOK) if header is not None and header.open else None
    return {"viewer": looker.account, "notice": looker.notice, "look": look, **extra}


async def home(request: web.Request) -> web.Response:
    return html(request, request.app[PAGES].render("home.html", viewer=None, notice=""))


async def healthz(request: web.Request) -> web.Response:
    """The process is alive (nothing else is asked: a load balancer restarts what fails this)."""
    return web.Response(text="ok", headers={"Cache-Control": "no-store"})


async def readyz(request: web.Request) -> web.Response:
    """The process can serve: the database answers and its schema is at head — else 503 and why."""
    probe = request.app.get(READY)
    problem = await probe() if probe is not None else None
    if problem is not None:
        return web.Response(status=503, text=f"not ready: {problem}", headers={"Cache-Control": "no-store"})
    return web.Response(text="ready", headers={"Cache-Control": "no-store"})


async def stylesheet(request: web.Request) -> web.Response:
    pages = request.app[PAGES]
    if request.match_info["name"] != pages.css_name:
        raise web.HTTPNotFound()
    # The name carries the content hash, so a browser may keep it for a year.
    return web.Response(body=pages.css, content_type="text/css", charset="utf-8",
                        headers={"Cache-Control": "public, max-age=31536000, immutable"})


def _closed(request: web.Request, looker: Looker, owner: Account) -> web.Response:
    body = request.app[PAGES].render("closed.html", **_common(request, looker, owner=owner))
    return html(request, body, looker, status=403)


class Visit(NamedTuple):
    looker: Looker
    owner: Account
    header: ZoneHeader
    closed: web.Response | None  # the "ask the owner for a link" page, when the zone is closed to them


async def visit(request: web.Request, uow: UnitOfWork) -> Visit:
    """Who is looking at whose zone, as core decides; every zone page starts here."""
    looker = await session.resolve(request, uow)
    owner = await friends.zone_owner(uow, looker.viewer, await accounts.by_handle(uow, request.match_info["handle"]))
    header = await zone_header(uow, looker.viewer, owner)
    if not header.open:
        return Visit(looker, owner, header, _closed(request, looker, owner))
    await wear(request, uow, owner)
    return Visit(looker, owner, header, None)


async def zone(request: web.Request) -> web.Response:
    return await _listing(request, kind=None)


async def blog(request: web.Request) -> web.Response:
    return await _listing(request, kind=PostKind.BLOG)


async def _listing(request: web.Request, kind: PostKind | None) -> web.Response:
    before, size = _int_param(request, "before"), _page_size(request)
    async with request.app[SITE].uow_factory() as uow:
        looker, owner, header, closed = await visit(request, uow)
        if closed is not None:
            return closed
        views = await posts.zone_posts(uow, looker.viewer, owner, before=before, limit=size + 1, kind=kind)
    older = views[size - 1].post.id if len(views) > size else None
    body = request.app[PAGES].render(
        "zone.html", **_common(request, looker, header=header, owner=owner, views=views[:size], older=older,
                               tab="blog" if kind else "posts", size=size if size != PAGE_SIZE else None),
    )
    return html(request, body, looker)


async def post(request: web.Request) -> web.Response:
    post_id = int(request.match_info["post_id"])
    async with request.app[SITE].uow_factory() as uow:
        looker = await session.resolve(request, uow)
        owner = await friends.zone_owner(uow, looker.viewer, await accounts.by_handle(uow, request.match_info["handle"]))
        found = await posts.visible_post(uow, looker.viewer, post_id)
        if found.author_id != owner.id:
            # Same page as a missing post: the URL must not confirm where a post lives.
            raise NotFound(f"There is no post #{post_id} that you can see.")
        header = await zone_header(uow, looker.viewer, owner)
        if header.open:
            await wear(request, uow, owner)
        (view,) = await posts.views(uow, looker.viewer, [found])
        threads = await comments.threads(uow, looker.viewer, found)
        photos = (await uow.albums.post_photos([found.id])).get(found.id, [])  # the post is visible: so are they
    body = request.app[PAGES].render(
        "post.html", **_common(request, looker, header=header, owner=owner, view=view, threads=threads,
                               photos=photos),
    )
    return html(request, body, looker)


async def friend_list(request: web.Request) -> web.Response:
    async with request.app[SITE].uow_factory() as uow:
        looker, owner, header, closed = await visit(request, uow)
        if closed is not None:
            return closed
        people = await friends.visible_friends(uow, looker.viewer, owner)
    body = request.app[PAGES].render(
        "friends.html", **_common(request, looker, header=header, owner=owner, people=people, tab="friends"),
    )
    return html(request, body, looker)


async def feed(request: web.Request) -> web.Response:
    """Public posts; with a friend's feed token (from /zone), what that friend may see."""
    site = request.app[SITE]
    async with site.uow_factory() as uow:
        owner = await accounts.by_handle(uow, request.match_info["handle"])
        viewer = await session.feed_viewer(request, uow, owner)
        owner = await friends.zone_owner(uow, viewer, owner)  # a banned owner's feed: 404, like a wrong handle
        views = await posts.zone_posts(uow, viewer, owner, limit=FEED_SIZE)
    data = atom.feed_xml(site.name, site.public_url.rstrip("/"), owner, views, site.clock.now())
    etag = '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'
    headers = {"Cache-Control": "private, no-cache", "ETag": etag}
    if etag in request.headers.get("If-None-Match", ""):
        return web.Response(status=304, headers=headers)
    return web.Response(body=data, content_type="application/atom+xml", charset="utf-8", headers=headers)


HANDLE = r"{handle:[A-Za-z0-9_]{1,32}}"


def routes() -> list[web.RouteDef]:
    return [
        web.get("/", home),
        web.get("/healthz", healthz),
        web.get("/readyz", readyz),
        web.get("/static/{name}", stylesheet),
        web.get(f"/z/{HANDLE}", zone),
        web.get(f"/z/{HANDLE}/blog", blog),
        web.get(f"/z/{HANDLE}/friends", friend_list),
        web.get(f"/z/{HANDLE}/feed.atom", feed),
        web.get(f"/z/{HANDLE}/p/{{post_id:[0-9]{{1,18}}}}", post),
    ]
