"""What a form did, said once on the page it leads back to: "Liked.", "Signed the guestbook." …

The form's 303 carries a short-lived cookie holding a code from `NOTICES` and a MAC binding that code to
the very session cookie that acted (core.tokens.Signer.bound): the page shows the catalog's sentence for
it, in the reader's language, and clears the cookie. So nothing from the request is ever shown as text
(an unknown code, or a code with a wrong MAC, says nothing), the address stays clean (nothing to share,
bookmark or repeat on reload), and only the session that acted sees it — not another person, not
another session of the same person. A refusal says nothing here: its own page explains.
The page cache (adapters.web.cache) never keeps or serves a page while this cookie is present.
"""

from __future__ import annotations

from aiohttp import web

from adapters.web.context import Site
from core.i18n import N_
from core.tokens import Signer

COOKIE = "oz_done"
MAX_AGE = 60  # seconds: the redirect is followed at once; a page opened later says nothing
PURPOSE = "done"
NOTICES = {
    "liked": N_("Liked."),
    "unliked": N_("Your like is taken back."),
    "commented": N_("Your comment is posted."),
    "comment-waits": N_("Your comment waits for the owner's approval; until then only you see it."),
    "replied": N_("Your reply is posted."),
    "reply-waits": N_("Your reply waits for the post owner's approval; until then only you see it."),
    "signed": N_("Signed the guestbook."),
    "noted": N_("Your private note is left: only the owner and you see it."),
    "entry-held": N_("Your entry waits for a moderator: a word in it is kept for review. Until then only you see it."),
    "deleted": N_("Deleted."),
}
"""Every notice a form may leave, by its code (what the cookie carries); the sentence is the catalog's."""


def value(signer: Signer, session: str, code: str) -> str:
    """The notice cookie's value: the code, and a MAC binding it to this session cookie."""
    return f"{code}.{signer.bound(f'{PURPOSE}.{code}', session)}"


def leave(response: web.StreamResponse, site: Site, session: str, code: str) -> None:
    """Have the page `response` leads to say `NOTICES[code]`, to this session only."""
    if site.signer is None or code not in NOTICES:
        return
    response.set_cookie(COOKIE, value(site.signer, session, code), path="/", max_age=MAX_AGE,
                        httponly=True, samesite="Lax", secure=site.secure)


def pending(request: web.Request) -> bool:
    """Whether this request carries a notice cookie (valid or not): the page must clear it, the cache keep out."""
    return COOKIE in request.cookies


def notice(request: web.Request, site: Site, session: str) -> str:
    """The notice (a msgid of `NOTICES`) this request's cookie leaves for `session`, or ""."""
    code, _sep, mac = request.cookies.get(COOKIE, "").partition(".")
    if site.signer is None or code not in NOTICES or not site.signer.check_bound(f"{PURPOSE}.{code}", session, mac):
        return ""
    return NOTICES[code]


def clear(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path="/")


__all__ = ["COOKIE", "NOTICES", "clear", "leave", "notice", "pending", "value"]
