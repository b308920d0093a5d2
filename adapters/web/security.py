"""Security headers on every response, and the one place errors become friendly pages."""

from __future__ import annotations

import logging

from aiohttp import web

from adapters.web.context import PAGES, SITE, VARY, Handler
from core.errors import Invalid, NotFound
from core.i18n import N_, _

log = logging.getLogger("openzone.web")

# No script source at all: default-src 'none' covers script-src, so no inline or injected
# script can run even if something slipped past the sanitizer.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; media-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Zone pages are reached by personal links; never tell other sites where people came from.
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
HEADERS_HTTP = tuple(HEADERS.items())
HEADERS_HTTPS = HEADERS_HTTP + (("Strict-Transport-Security", "max-age=31536000"),)
TITLES = {
    400: (N_("That address doesn't look right"), N_("Something in the address (a page number or cursor) is "
          "not something we understand. Go back to the zone and follow its links.")),
    403: (N_("Not open to you"), N_("This page isn't shared with you.")),
    404: (N_("Nothing to see here"), N_("This page doesn't exist, or it isn't shared with you. If a friend "
          "sent you here, ask them — or the bot, with /zone — for a fresh link.")),
    405: (N_("Not allowed"), N_("This page can only be read.")),
    500: (N_("Something broke on our side"), N_("Sorry about that. Please try again in a moment.")),
}


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:  # redirects and the like, raised rather than returned
        response = exc
    headers = response.headers
    for name, value in HEADERS_HTTPS if request.app[SITE].secure else HEADERS_HTTP:
        headers.setdefault(name, value)
    if isinstance(response, web.HTTPException):
        raise response
    return response


def error_page(request: web.Request, status: int) -> web.Response:
    """The friendly page for `status`, in the reader's language (adapters.web.reader set it outside)."""
    title, text = TITLES.get(status, TITLES[500] if status >= 500 else TITLES[400])
    body = request.app[PAGES].render("error.html", status=status, title=_(title), text=_(text))
    return web.Response(status=status, text=body, content_type="text/html",
                        headers={"Cache-Control": "no-store", "Vary": VARY})


@web.middleware
async def error_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Typed core errors and HTTP errors → one friendly page each; never a stack trace."""
    try:
        return await handler(request)
    except NotFound:
        return error_page(request, 404)
    except Invalid:
        return error_page(request, 400)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return error_page(request, exc.status)
    except Exception:
        log.exception("web request failed: %s %s", request.method, request.path)
        return error_page(request, 500)
