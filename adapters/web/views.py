"""The pages. Each asks core what the viewer may see and renders exactly that."""

from __future__ import annotations

import re

from aiohttp import web

from adapters.web import atom, reader, session, urls
from adapters.web.context import PAGES, READY, SITE
from adapters.web.themes import THEMES
from adapters.web.fragments import Only
from adapters.web.zone_views import Visit, etagged, html, page_args, zone_page
from core.accounts import service as accounts
from core.model import PostKind
from core.posts import MAX_PAGE, PAGE_SIZE, service as posts
from core.social import friends
from core.zones import post_in_zone, visit_zone, zone_friends

LARGEST_PAGE = MAX_PAGE - 1  # one more is fetched to know whether an older page exists
FEED_SIZE = 20
_DIGITS = re.compile(r"^[0-9]{1,18}$")


def _int_param(request: web.Request, name: str, least: int = 1) -> int | None:
    """An integer query parameter of at least `least`; garbage is a 400, never a 500."""
    raw = request.query.get(name)
    if raw is None or raw == "":
        return None
    if not _DIGITS.match(raw) or int(raw) < least:
        raise web.HTTPBadRequest()
    return int(raw)


def _page_size(request: web.Request) -> int:
    """`?limit=N`, clamped to 1–LARGEST_PAGE: someone editing the address gets a page (0 shows one post)."""
    size = _int_param(request, "limit", least=0)
    return PAGE_SIZE if size is None else max(1, min(size, LARGEST_PAGE))


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


@zone_page()
async def zone(request: web.Request, visit: Visit) -> web.Response:
    # A signed-in look at someone else's zone is a visit: core decides whose, and once a day.
    site = request.app[SITE]
    page = await visit_zone(visit.uow, visit.viewer, visit.page, site.clock.now(), site_zone=site.time_zone)
    if page is not visit.page:  # recorded now: the header counts this visit
        await visit.uow.commit()
        visit = Visit(visit.visitor, page, visit.uow, visit.unread)
    return await _listing(request, visit, kind=None)


@zone_page()
async def blog(request: web.Request, visit: Visit) -> web.Response:
    return await _listing(request, visit, kind=PostKind.BLOG)


async def _listing(request: web.Request, visit: Visit, kind: PostKind | None) -> web.Response:
    before, size = _int_param(request, "before"), _page_size(request)
    views = await posts.zone_posts(visit.uow, visit.viewer, visit.owner, before=before, limit=size + 1, kind=kind)
    older = views[size - 1].post.id if len(views) > size else None
    tab = "blog" if kind else "posts"
    args = page_args(request, visit.visitor, visit.page, unread=visit.unread)
    owner, views = visit.owner, views[:size]
    # zone.html is kept whole but for its holes (adapters.web.fragments.Frames): `shown` is all it is made from.
    shown = {"tab": tab, "owner": Only("owner", handle=owner.handle, display_name=owner.display_name),
             "look": args["look"], "notice": args["notice"], "done": args["done"], "views": bool(views),
             "size": size if size != PAGE_SIZE else None, **({} if older else {"older": older})}
    body = request.app[PAGES].framed(
        "zone.html", shown, {"older": older} if older else {}, ("viewer", "unread", "csrf", "here", "header"),
        viewer=args["viewer"], unread=args["unread"], head=(args["header"], tab),
        cards=(views, owner, False, args["csrf"], args["here"]))
    return html(request, body, visit.visitor)


@zone_page(closed_page=False)
async def post(request: web.Request, visit: Visit) -> web.Response:
    shown = await post_in_zone(visit.uow, visit.viewer, visit.owner, int(request.match_info["post_id"]))
    view, pages = shown.view, request.app[PAGES]  # only what the viewer may see
    args, owner, p = page_args(request, visit.visitor, visit.page, unread=visit.unread), visit.owner, view.post
    # post.html is kept whole but for its holes (adapters.web.fragments.Frames): `shown` is all it is made from —
    # not the post's number or title (its holes), so one frame serves every post of a zone.
    header = args["header"]
    frame = {"owner": Only("owner", handle=owner.handle, display_name=owner.display_name), "open": header.open,
             "titled": bool(p.title), "photos": bool(shown.photos), "look": args["look"], "notice": args["notice"],
             "done": args["done"]}
    here, csrf = args["here"], args["csrf"]
    body = pages.framed(
        "post.html", frame, {"title": p.title, "id": p.id},
        ("viewer", "unread", "csrf", "here", "header", "views", "likers", "threads", "count", "empty"),
        viewer=args["viewer"], unread=args["unread"], cards=([view], owner, True, csrf, here), liked_by=(shown.likers,),
        comments=(shown.threads, p.comment_count, owner, csrf, here, args["viewer"], False, p.id, pages.no_comments(p.id)),
        **({"head": (header, None)} if header.open else {}), **({"grid": (shown.photos, "p", "")} if shown.photos else {}))
    return html(request, body, visit.visitor)


@zone_page()
async def friend_list(request: web.Request, visit: Visit) -> web.Response:
    people = await zone_friends(visit.uow, visit.viewer, visit.page)
    return visit.render(request, "friends.html", people=people, tab="friends")


async def feed(request: web.Request) -> web.Response:
    """Public posts; with a friend's feed token (from /zone), what that friend may see."""
    site = request.app[SITE]
    async with site.uow_factory() as uow:
        owner = await accounts.by_handle(uow, request.match_info["handle"])
        visitor = await session.feed_viewer(request, uow, owner)
        owner = await friends.zone_owner(uow, visitor.viewer, owner)  # a banned owner's feed: 404, like a wrong handle
        reader.adopt(request, visitor)  # a friend's feed reads in their language
        views = await posts.zone_posts(uow, visitor.viewer, owner, limit=FEED_SIZE)
    data = atom.feed_xml(site.name, site.public_url.rstrip("/"), owner, views, site.clock.now())
    # The token, not a cookie, says who reads: the words follow it, or the reader's Accept-Language.
    return etagged(request, data, "application/atom+xml", vary="Accept-Language")


def routes() -> list[web.RouteDef]:
    return [
        web.get(urls.HOME, home),
        web.get(urls.HEALTHZ, healthz),
        web.get(urls.READYZ, readyz),
        web.get(urls.STATIC, stylesheet),
        web.get(urls.ZONE, zone),
        web.get(urls.BLOG, blog),
        web.get(urls.FRIENDS, friend_list),
        web.get(urls.FEED, feed),
        web.get(urls.POST, post),
    ]
