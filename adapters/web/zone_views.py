"""What every page shares: the visitor, the zone as core shows it to them, and a page's bytes with an ETag.

`@zone_page` resolves who is visiting and asks `core.zones.zone_page` what the zone shows them; a
zone closed to them gets the "ask the owner for a link" page (403) from here, so a page handler
receives `(request, visit)` and only renders.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from adapters.web import flash, reader, session
from adapters.web.context import PAGES, SITE, VARY, Handler
from adapters.web.session import Visitor
from adapters.web.themes import THEMES
from core.i18n import _
from core.model import Account
from core.ports import UnitOfWork
from core.errors import NotFound
from core.privacy import ANONYMOUS, Viewer
from core.zones import ZonePage, zone_page as core_zone_page


def etagged(request: web.Request, data: bytes, content_type: str, *, status: int = 200,
             vary: str = VARY) -> web.Response:
    """`data` with a strong ETag over its exact bytes: a 304 when the client already has them."""
    etag = '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'
    headers = {"Cache-Control": "private, no-cache", "Vary": vary, "ETag": etag}
    if status == 200 and etag in request.headers.get("If-None-Match", ""):
        return web.Response(status=304, headers=headers)
    return web.Response(status=status, body=data, content_type=content_type, charset="utf-8", headers=headers)


def html(request: web.Request, body: str, visitor: Visitor | None = None, status: int = 200) -> web.Response:
    """A page, ETagged. The body is per visitor, so the tag never lets one's copy stand in for another's."""
    response = etagged(request, body.encode(), "text/html", status=status)
    if visitor is not None and visitor.drop_cookie:
        response.del_cookie(session.COOKIE, path="/")
    if visitor is not None and visitor.flashed:
        flash.clear(response)  # said once: a reload, or the next page, says nothing
    return response


def page_args(request: web.Request, visitor: Visitor, page: ZonePage | None = None, *, unread: int = 0,
              **extra: Any) -> dict[str, Any]:
    """The template arguments every page has: the visitor (and their unread count), and the zone's
    header and look where it has one."""
    zone: dict[str, Any] = {}
    if page is not None:
        zone = {"header": page.header, "owner": page.owner, "look": request.app[THEMES].page(page.look)}
    notice = _(visitor.notice) if visitor.notice else ""  # (gettext("") is the catalog's header)
    done = _(visitor.done) if visitor.done else ""
    return {"viewer": visitor.account, "notice": notice, "done": done, "look": None, "unread": unread, "csrf": visitor.csrf,
            "here": request.path_qs, **zone, **extra}


@dataclass(frozen=True)
class Visit:
    """A zone page's request as core decided it: who visits, and what the zone shows them around its content."""

    visitor: Visitor
    page: ZonePage
    uow: UnitOfWork
    unread: int = 0

    @property
    def viewer(self) -> Viewer:
        return self.visitor.viewer

    @property
    def owner(self) -> Account:
        return self.page.owner

    def render(self, request: web.Request, template: str, **extra: Any) -> web.Response:
        return html(request, request.app[PAGES].render(template, **page_args(request, self.visitor, self.page, unread=self.unread, **extra)),
                    self.visitor)


ZoneHandler = Callable[[web.Request, Visit], Awaitable[web.Response]]


async def _visit(request: web.Request, uow: UnitOfWork) -> tuple[Visitor, ZonePage]:
    """Who is visiting and what the zone shows them: one statement reads both (the zone with the
    session's account). A claim no longer current (revoked, or its account gone) makes the visitor
    the stranger, and the zone is asked again for them; an unknown zone's 404 reads in the
    visitor's language."""
    raw, claim = session.claimed(request)
    catalog, handle, now = request.app[THEMES].catalog, request.match_info["handle"], request.app[SITE].clock.now()
    try:
        zone = await core_zone_page(uow, Viewer(claim.viewer_id) if claim else ANONYMOUS, catalog, handle, now,
                                    site_zone=request.app[SITE].time_zone, reader=claim is not None)
    except NotFound:
        reader.adopt(request, session.signed(request, raw, claim,
                                             await uow.pages.reader(claim.viewer_id) if claim else None))
        raise
    visitor = session.signed(request, raw, claim, zone.facts.reader if zone.facts else None)
    reader.adopt(request, visitor)
    if claim is not None and visitor.account is None:
        zone = await core_zone_page(uow, ANONYMOUS, catalog, handle, now, site_zone=request.app[SITE].time_zone)
    return visitor, zone


def zone_page(*, closed_page: bool = True) -> Callable[[ZoneHandler], Handler]:
    """Run a zone page's handler in one transaction with its `Visit`.

    closed_page: a zone closed to the visitor answers with the 403 page (not the handler). A post's
    own page is shown under a closed zone too (its header and look empty): pass False.
    """

    def decorate(handler: ZoneHandler) -> Handler:
        @functools.wraps(handler)
        async def page(request: web.Request) -> web.StreamResponse:
            async with request.app[SITE].uow_factory() as uow:
                visitor, zone = await _visit(request, uow)
                if closed_page and not zone.open:
                    body = request.app[PAGES].render("closed.html", **page_args(request, visitor, owner=zone.owner,
                                                                                unread=visitor.unread))
                    return html(request, body, visitor, status=403)
                return await handler(request, Visit(visitor, zone, uow, visitor.unread))

        return page

    return decorate


__all__ = ["Visit", "etagged", "html", "page_args", "zone_page"]
