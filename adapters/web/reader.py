"""Who reads a page: the language it is worded in and the time zone its times are shown in.

The language of a request, first that applies:
1. the `lang` cookie, which the switch on every page sets: the choice made in this browser wins,
   even over the account's (someone may read on a shared or borrowed browser, or just prefer it here);
2. the signed-in viewer's account: their `/lang`, else what their messenger says they read;
3. the browser's `Accept-Language`;
4. the site's `[site] language`.
Times are in the signed-in viewer's `/timezone`, else the site's `[site] time_zone`.

The switch is a plain link on every page, `?lang=zh`: `reading` answers it by setting the cookie and
sending the browser back to the same page without the parameter (a path of this site, never another).
The page itself never names its own address, so a page that must look like another (a hidden post
and a missing one) still does, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta, timezone, tzinfo

from aiohttp import web

from adapters.web import render, urls
from adapters.web.session import Visitor
from adapters.web.context import SITE, Handler
from core import i18n
from core.i18n import Language, Languages

LANG_COOKIE = "lang"
LANG_TTL = timedelta(days=365)
WORDED = ("text/html", "application/atom+xml")
HEARD = 1024


@dataclass(frozen=True)
class Reading:
    """The site's side of it: the languages it speaks and its time zone (from the composition root)."""

    languages: Languages
    time_zone: tzinfo = timezone.utc
    _heard: dict[tuple[bool, str | None], Language | None] = field(default_factory=dict, compare=False, repr=False)
    """What each `lang` cookie and Accept-Language value said (a browser sends the same ones with every page)."""

    def chosen(self, request: web.Request) -> Language | None:
        """The language this browser chose with the switch, if it is one we speak."""
        return self._heard_in(True, request.cookies.get(LANG_COOKIE))

    def asked(self, request: web.Request) -> Language:
        """What the browser's headers ask for: Accept-Language, else the site's language."""
        return self._heard_in(False, request.headers.get("Accept-Language")) or self.languages.default

    def _heard_in(self, cookie: bool, said: str | None) -> Language | None:
        key = (cookie, said)
        try:
            return self._heard[key]
        except KeyError:
            pass
        heard = self.languages.match(said) if cookie else self.languages.best(said)
        if len(self._heard) >= HEARD:  # the values are the browser's to choose: bounded, forgotten all at once
            self._heard.clear()
        self._heard[key] = heard
        return heard

    def browser(self, request: web.Request) -> Language:
        """Before we know who is looking: the switch's choice, else what the browser asks for."""
        return self.chosen(request) or self.asked(request)

    def cache_key(self, request: web.Request) -> str:
        """What a page's language depends on besides the session: the switch's choice (which wins over
        the account's language), else the browser's (which doesn't) — so the two never share a copy."""
        chosen = self.chosen(request)
        return f"chosen:{chosen.code}" if chosen else f"asked:{self.asked(request).code}"


READING = web.AppKey("reading", Reading)


def _switched(request: web.Request, said: str) -> web.StreamResponse:
    """`?lang=zh`: remember the language in this browser, and back to the page without the parameter."""
    site = request.app[READING]
    query = request.query.copy()
    query.popall(urls.LANG_PARAM)
    response = web.HTTPSeeOther(urls.same_site(str(request.rel_url.with_query(query))))
    response.headers["Cache-Control"] = "no-store"
    language = next((lang for lang in site.languages.all if lang.short == said or lang.code == said), None)
    if language is not None:  # a language we don't speak: just the clean page, in the language it was
        response.set_cookie(LANG_COOKIE, language.code, path="/", max_age=int(LANG_TTL.total_seconds()),
                            httponly=True, samesite="Lax", secure=request.app[SITE].secure)
    return response


@web.middleware
async def reading(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Word this request in the browser's language and show its times in the site's zone (until `adopt`)."""
    said = request.query.get(urls.LANG_PARAM)
    if said is not None and request.method in ("GET", "HEAD"):
        return _switched(request, said)
    site = request.app[READING]
    with i18n.using(site.browser(request)), render.times_in(site.time_zone):
        response = await handler(request)
        if response.content_type in WORDED:
            # The language it ended in: the viewer's, if the page found out who is looking.
            response.headers.setdefault("Content-Language", i18n.active().tag)
        return response


def adopt(request: web.Request, visitor: Visitor) -> None:
    """The rest of the request as the signed-in visitor reads: their language (unless this browser
    chose one) and their time zone (read with their account: no query here); nothing when anonymous."""
    account = visitor.account
    if account is None:
        return
    site = request.app[READING]
    if site.chosen(request) is None and (account.language or account.language_hint):
        i18n.switch(site.languages.for_account(account.language, account.language_hint))
    render.switch_zone(i18n.zone(visitor.time_zone) if visitor.time_zone else site.time_zone)


__all__ = ["LANG_COOKIE", "READING", "Reading", "adopt", "reading"]
