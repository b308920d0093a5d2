"""A zone's Guestbook tab (留言板): its entries as core shows them to the visitor, and the form to sign it.

Which entries the visitor sees (a private note only by its owner and writer; a held one only by its
writer) and whether they may sign are core.guestbook's answers; the form posts to adapters.web.forms.
"""

from __future__ import annotations

from aiohttp import web

from adapters.web import urls
from adapters.web.views import _int_param
from adapters.web.zone_views import Visit, zone_page
from core.guestbook import service as guestbook


@zone_page()
async def guestbook_tab(request: web.Request, visit: Visit) -> web.Response:
    before = _int_param(request, "before")
    page = await guestbook.page(visit.uow, visit.viewer, visit.owner, before)
    account = visit.visitor.account
    may_sign = (account is not None and account.id != visit.owner.id
                and await guestbook.may_sign(visit.uow, visit.viewer, visit.owner))
    older = page.entries[-1].entry.id if page.more and page.entries else None
    return visit.render(request, "guestbook.html", entries=page.entries, older=older, tab="guestbook",
                        may_sign=may_sign)


def routes() -> list[web.RouteDef]:
    return [web.get(urls.GUESTBOOK, guestbook_tab)]
