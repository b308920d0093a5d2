"""Who is looking: a signed link from the bot becomes a session cookie; the cookie becomes a Viewer.

Tokens come from core.tokens (HMAC over purpose, viewer, zone, epoch, expiry). A token is only
honoured while its epoch equals the viewer's current link epoch, so `/zone revoke` ends every
link, cookie and feed token at once. Anything wrong with a token means: the stranger's view,
plus a notice saying how to get a fresh link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiohttp import web

from adapters.web import flash, urls
from adapters.web.context import NOTICE, SITE, Handler
from core.i18n import N_
from core.model import Account
from core.pages import Reader
from core.ports import UnitOfWork
from core.privacy import ANONYMOUS, Viewer
from core.tokens import SESSION_TTL, Claim, Signer

COOKIE = "oz_session"
CSRF_PURPOSE = "csrf"
CSRF_FIELD = "csrf"
# Worded where a page shows them (adapters.web.zone_views.page_args), in the reader's language.
BAD_LINK = N_("That link is expired, revoked or not valid, so this is the public view. "
              "Send /zone to the bot for a fresh link.")
BAD_SESSION = N_("Your viewing session has expired or was revoked, so this is the public view. "
                 "Send /zone to the bot for a fresh link.")


@dataclass(frozen=True)
class Visitor:
    """Who is visiting: the viewer core decides for, their account, and what the page should tell them."""

    viewer: Viewer
    account: Account | None = None
    notice: str = ""
    drop_cookie: bool = False
    csrf: str = ""
    """The token this session's forms carry (adapters.web.forms); empty for the stranger."""
    done: str = ""
    """What this session's last form did, said once on the page it led to (adapters.web.flash)."""
    flashed: bool = False
    """The request carried a form's notice cookie: the page clears it, shown or not."""
    time_zone: str | None = None
    """Their /timezone (None: the site's), for the times they read (adapters.web.reader.adopt)."""
    unread: int = 0
    """How many of their notifications they haven't read (the header's hint)."""


class SessionCookies:
    """Session cookies whose signature has been checked, with their form token: a cookie comes with every
    page its browser asks for, and what the signature of the same bytes vouches for under the site's one
    key never changes — only whether it has expired since, asked of the clock on every use. Only genuine
    cookies are kept (a forged one is checked again each time, as before), at most `size` of them."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._checked: dict[str, tuple[Claim, str]] = {}

    def claim(self, signer: Signer, raw: str, now: datetime) -> Claim | None:
        """`signer.verify(raw, "session", now)`, remembered."""
        kept = self._checked.get(raw)
        if kept is None:
            claim = signer.verify(raw, "session", now)
            if claim is None:
                return None
            if len(self._checked) >= self.size:
                del self._checked[next(iter(self._checked))]
            self._checked[raw] = kept = (claim, csrf_token(signer, raw))
        claim = kept[0]
        return claim if claim.expires_at > now else None

    def csrf(self, signer: Signer, raw: str) -> str:
        """`csrf_token(signer, raw)`, remembered with the claim."""
        kept = self._checked.get(raw)
        return kept[1] if kept is not None else csrf_token(signer, raw)


SESSIONS = web.AppKey("sessions", SessionCookies)


async def _current(uow: UnitOfWork, claim: Claim | None) -> Reader | None:
    """The claim's viewer (with their time zone and unread count: one statement), if the claim is
    still current (not revoked by /zone revoke)."""
    if claim is None:
        return None
    reader = await uow.pages.reader(claim.viewer_id)
    return reader if reader is not None and reader.account.link_epoch == claim.epoch else None


def _signed_in(reader: Reader, **kw: Any) -> Visitor:
    return Visitor(Viewer(reader.account.id), reader.account, time_zone=reader.time_zone, unread=reader.unread, **kw)


def claimed(request: web.Request) -> tuple[str | None, Claim | None]:
    """The session cookie and the claim its signature vouches for (None: no cookie, or not good) —
    not yet whether it is still current: that needs the account (`signed`)."""
    site = request.app[SITE]
    raw = request.cookies.get(COOKIE)
    if not raw or site.signer is None:
        return None, None
    return raw, request.app[SESSIONS].claim(site.signer, raw, site.clock.now())


def signed(request: web.Request, raw: str | None, claim: Claim | None, reader: Reader | None) -> Visitor:
    """Who is visiting, given the cookie, its claim and the claimed account as read: the stranger
    unless the claim is still current (not revoked by /zone revoke)."""
    site = request.app[SITE]
    notice, flashed = request.get(NOTICE, ""), flash.pending(request)
    if not raw or site.signer is None:
        return Visitor(ANONYMOUS, notice=notice, flashed=flashed)
    if claim is None or reader is None or reader.account.id != claim.viewer_id or reader.account.link_epoch != claim.epoch:
        return Visitor(ANONYMOUS, notice=notice or BAD_SESSION, drop_cookie=True, flashed=flashed)
    return _signed_in(reader, notice=notice, csrf=request.app[SESSIONS].csrf(site.signer, raw),
                      done=flash.notice(request, site, raw) if flashed else "", flashed=flashed)


async def resolve(request: web.Request, uow: UnitOfWork) -> Visitor:
    """The viewer behind this request's session cookie, or the anonymous stranger."""
    raw, claim = claimed(request)
    return signed(request, raw, claim, await uow.pages.reader(claim.viewer_id) if claim else None)


def csrf_token(signer: Signer, cookie: str) -> str:
    """A form token bound to this exact session cookie: another session's, or a guess, never passes."""
    return signer.bound(CSRF_PURPOSE, cookie)


def csrf_ok(signer: Signer | None, cookie: str | None, token: str | None) -> bool:
    return bool(signer and cookie and token) and signer.check_bound(CSRF_PURPOSE, cookie or "", token or "")


async def feed_viewer(request: web.Request, uow: UnitOfWork, owner: Account) -> Visitor:
    """The viewer a feed token stands for (only for this owner's feed); anonymous otherwise."""
    site = request.app[SITE]
    token = request.query.get("t")
    if not token or site.signer is None:
        return Visitor(ANONYMOUS)
    claim = site.signer.verify(token, "feed", site.clock.now())
    if claim is None or claim.owner_id != owner.id:
        return Visitor(ANONYMOUS)
    reader = await _current(uow, claim)
    return _signed_in(reader) if reader else Visitor(ANONYMOUS)



@web.middleware
async def open_links(request: web.Request, handler: Handler) -> web.StreamResponse:
    """`/z/...?t=LINK`: trade a valid link for a session cookie and redirect to the clean URL.

    The redirect keeps the token out of history, bookmarks and Referer headers.
    """
    token = request.query.get("t")
    if token is None or not urls.in_zone(request.path) or urls.is_feed(request.path):
        return await handler(request)
    site = request.app[SITE]
    now = site.clock.now()
    claim = site.signer.verify(token, "link", now) if site.signer else None
    async with site.uow_factory() as uow:
        reader = await _current(uow, claim)
    account = reader.account if reader else None
    query = request.query.copy()
    query.popall("t")
    clean = str(request.rel_url.with_query(query))
    if account is None or site.signer is None:
        request[NOTICE] = BAD_LINK
        return await handler(request)
    response = web.HTTPSeeOther(clean)
    response.set_cookie(
        COOKIE, site.signer.session(account.id, account.link_epoch, now), path="/",
        max_age=int(SESSION_TTL.total_seconds()), httponly=True, samesite="Lax", secure=site.secure,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
