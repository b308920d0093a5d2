"""What a signed-in visitor does on the web: like, comment, reply, sign a guestbook — plain forms.

Every form posts here and is answered with a redirect back to its page (post-redirect-get), so a
reload never repeats it; that page then says what was done, once, to this session only (adapters.web.flash). Before anything is done: the session must still resolve (a link from the
bot, not revoked by `/zone revoke`), the form's token must be the one bound to this very session
cookie (adapters.web.session.csrf_token), and an Origin or Referer, when the browser sends one,
must be this site. Then the action runs as chat runs a command — the same ban guard and rate
buckets (core.ratelimit), then the core service itself (privacy, blocks, filter, notifications in
the same transaction) — in one transaction, committed explicitly. The web decides nothing: a
refusal is core's sentence on a page with the matching status.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web
from multidict import MultiDictProxy
from yarl import URL

from adapters.web import flash, reader, session, urls
from adapters.web.cache import CACHE
from adapters.web.context import PAGES, SITE, Site
from adapters.web.session import Visitor
from adapters.web.zone_views import html, page_args
from core import ratelimit
from core.accounts import service as accounts
from core.errors import Conflict, Forbidden, Invalid, LimitExceeded, NotFound, OpenZoneError
from core.guestbook import service as guestbook
from core.i18n import N_, _
from core.model import Account, Comment, PostStatus
from core.outbox import publish
from core.ports import UnitOfWork
from core.posts import comments, service as posts
from core.privacy import Viewer
from core.ratelimit import COMMENTS, GUESTBOOK
from core.standing import standing

Form = MultiDictProxy[str | bytes | bytearray | web.FileField]
Action = Callable[[UnitOfWork, Account, web.Request, Form], Awaitable[str]]
"""A form's work; it answers with what it did, a code of adapters.web.flash.NOTICES."""

NOT_SIGNED_IN = N_("Only people who opened a link from the bot can like, comment or sign a guestbook, so nothing "
                   "was changed. Send /zone to the bot, open the link it gives you, and try again.")
SESSION_ENDED = N_("Your viewing session has expired or was revoked, so nothing was changed. Send /zone to the bot "
                   "for a fresh link, open it, and try again.")
BAD_FORM = N_("This form is out of date or didn't come from this page, so nothing was changed. Go back, reload "
              "the page and try again; if it keeps happening, send /zone to the bot for a fresh link.")
BANNED = N_("You are banned: you can read, but not like, comment or sign guestbooks.")
TITLES = {
    400: N_("That didn't go through"), 403: N_("Nothing was changed"), 404: N_("Nothing to see here"),
    409: N_("That didn't go through"), 429: N_("Slow down"),
}
STATUS: dict[type[OpenZoneError], int] = {Invalid: 400, Forbidden: 403, NotFound: 404, Conflict: 409,
                                          LimitExceeded: 429}
MAX_FIELD = 16_000  # characters of one text field: core's own limits say more precisely what is too long


def _origin(url: URL) -> tuple[str, str | None, int | None]:
    return url.scheme.lower(), (url.host or "").lower(), url.port


def same_site(request: web.Request, site: Site) -> bool:
    """An Origin or Referer the browser sent names this site (none, or "null" as our no-referrer
    policy makes browsers send: then the token alone decides)."""
    ours = {_origin(request.url), _origin(URL(site.public_url))}
    for header in ("Origin", "Referer"):
        raw = request.headers.get(header)
        if raw is None or raw.strip() in ("", "null"):
            continue
        try:
            url = URL(raw.strip())
        except ValueError:
            return False
        if not url.is_absolute() or _origin(url) not in ours:
            return False
    return True


def text_of(form: Form, name: str) -> str:
    """A text field as sent (cut at MAX_FIELD; a file where text belongs is no text)."""
    value = form.get(name, "")
    return value[:MAX_FIELD] if isinstance(value, str) else ""



def back_to(request: web.Request, form: Form, default: str) -> str:
    """Where the form came from (its `next` field), if that is a page of this zone; else `default`."""
    wanted = urls.same_site(text_of(form, "next") or None)
    zone = urls.PATHS.zone(request.match_info["handle"])
    return wanted if wanted == zone or wanted.startswith((zone + "/", zone + "?", zone + "#")) else default


def refused(request: web.Request, visitor: Visitor, status: int, text: str, back: str,
            headers: dict[str, str] | None = None) -> web.Response:
    """The page that says why nothing was changed and what to do, with the way back."""
    body = request.app[PAGES].render("error.html", **page_args(
        request, Visitor(visitor.viewer, visitor.account, drop_cookie=visitor.drop_cookie),
        status=status, title=_(TITLES.get(status, TITLES[400])), text=text, back=back))
    response = html(request, body, visitor, status=status)
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(headers or {})
    return response


async def _admitted(uow: UnitOfWork, site: Site, account: Account, bucket: str | None) -> list[tuple[str, ratelimit.Limit]]:
    """What chat's router asks before every command (core.standing): not banned, within limits."""
    answer = await standing(uow, site.clock.now(), account, site.limits, site.admins, ratelimit.buckets_for(bucket))
    if not answer.may_act:
        raise Forbidden(_(BANNED))
    return list(answer.passed)


def acting(bucket: str | None, default: Callable[[web.Request], str]) -> Callable[[Action], Callable[
        [web.Request], Awaitable[web.StreamResponse]]]:
    """A form's POST route around `action`: checks, the action in one transaction, 303 back."""

    def decorate(action: Action) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def route(request: web.Request) -> web.StreamResponse:
            site = request.app[SITE]
            form = await request.post()
            back = back_to(request, form, default(request))
            cookie = request.cookies.get(session.COOKIE)
            async with site.uow_factory() as uow:
                visitor = await session.resolve(request, uow)
                reader.adopt(request, visitor)
                account = visitor.account
                if account is None:
                    return refused(request, visitor, 403, _(SESSION_ENDED if cookie else NOT_SIGNED_IN), back)
                token = form.get(session.CSRF_FIELD)
                if not same_site(request, site) or not session.csrf_ok(
                        site.signer, cookie, token if isinstance(token, str) else None):
                    return refused(request, visitor, 403, _(BAD_FORM), back)
                try:
                    passed = await _admitted(uow, site, account, bucket)
                    done = await action(uow, account, request, form)
                    await publish(uow, site.subscribers, site.clock.now())
                    await ratelimit.record(uow, site.admins, account, passed, site.clock.now())
                    await uow.commit()
                    woke = uow.outbox.added
                except OpenZoneError as exc:
                    await uow.rollback()
                    wait = getattr(exc, "retry_after", None)
                    headers = {"Retry-After": str(max(1, round(wait)))} if wait else None
                    return refused(request, visitor, STATUS.get(type(exc), 400), exc.message, back, headers)
            if woke:  # the outbox worker has work only when the form's transaction raised something to deliver
                site.on_commit()
            response = web.HTTPSeeOther(back)
            response.headers["Cache-Control"] = "no-store"
            if cookie:
                request.app[CACHE].forget(cookie)
                flash.leave(response, site, cookie, done)
            return response

        return route

    return decorate


def _post_id(request: web.Request) -> int:
    return int(request.match_info["post_id"])


def _post_page(request: web.Request) -> str:
    return urls.PATHS.post(request.match_info["handle"], _post_id(request))


def _guestbook_page(request: web.Request) -> str:
    return urls.PATHS.guestbook(request.match_info["handle"])


def comment_to(form: Form) -> int | None:
    """The comment a reply form answers (`reply_to`: `17` or `c17`), None for a new comment."""
    given = text_of(form, "reply_to").strip()
    if not given:
        return None
    raw = given[1:] if given[:1] in ("c", "C") else given
    if not raw.isdigit() or len(raw) > 18:
        raise Invalid(_("That reply doesn't say which comment it answers. Go back, reload the page and try again."))
    return int(raw)


@acting(None, _post_page)
async def like(uow: UnitOfWork, account: Account, request: web.Request, form: Form) -> str:
    """`do=like` or `do=unlike` (the button shows which); liking twice is harmless, as in chat."""
    now = request.app[SITE].clock.now()
    if text_of(form, "do") == "unlike":
        await posts.unlike(uow, account, _post_id(request))
        return "unliked"
    await posts.like(uow, now, account, _post_id(request))
    return "liked"


@acting(COMMENTS, lambda request: _post_page(request) + "#comments")
async def comment(uow: UnitOfWork, account: Account, request: web.Request, form: Form) -> str:
    """A comment on the post, or (`reply_to`) a reply under one of its comments."""
    now, parent = request.app[SITE].clock.now(), comment_to(form)
    if parent is None:
        c = await posts.add_comment(uow, now, account, _post_id(request), text_of(form, "text"))
        return "comment-waits" if c.status is PostStatus.PENDING else "commented"
    c = await posts.add_reply(uow, now, account, parent, text_of(form, "text"))
    if c.post_id != _post_id(request):  # a reply is made on the page of the post it belongs to
        raise NotFound(posts.no_comment(parent))
    return "reply-waits" if c.status is PostStatus.PENDING else "replied"


@acting(None, lambda request: _post_page(request) + "#comments")
async def delete_comment(uow: UnitOfWork, account: Account, request: web.Request, form: Form) -> str:
    """The comment's writer or the post's owner removes it, with its replies — chat's `/delete cID`: the
    same guard and bucket, core's very rule (anyone else is refused, and nothing changes)."""
    return await remove_comment(uow, account, request, lambda c: c.post_id == _post_id(request))


async def remove_comment(uow: UnitOfWork, account: Account, request: web.Request,
                         on_page: Callable[[Comment], bool]) -> str:
    """Delete the address's comment (core.posts.comments.delete_comment decides who may) if it is one of
    this page's (`on_page`): under another page's address it is "no such comment", as a missing one is."""
    cid = int(request.match_info["comment_id"])
    found, _subject = await comments.visible_comment(uow, Viewer(account.id), cid)
    if not on_page(found):
        raise NotFound(posts.no_comment(cid))
    await comments.delete_comment(uow, account, cid)
    return "deleted"


@acting(GUESTBOOK, _guestbook_page)
async def sign(uow: UnitOfWork, account: Account, request: web.Request, form: Form) -> str:
    """Sign the zone's guestbook; `private` leaves a note only its owner and the writer see."""
    owner = await accounts.by_handle(uow, request.match_info["handle"])
    e = await guestbook.sign(uow, request.app[SITE].clock.now(), account, owner, text_of(form, "text"),
                             private=bool(text_of(form, "private")))
    if e.status is not PostStatus.ACTIVE:  # the word filter holds it for the moderators
        return "entry-held"
    return "noted" if e.private else "signed"


def _entry_id(request: web.Request) -> int:
    return int(request.match_info["entry_id"])


@acting(GUESTBOOK, lambda request: _guestbook_page(request) + f"#g{_entry_id(request)}")
async def reply_entry(uow: UnitOfWork, account: Account, request: web.Request, form: Form) -> str:
    """The owner answers an entry in their guestbook (core refuses anyone else); its writer hears of it."""
    await guestbook.reply(uow, request.app[SITE].clock.now(), account, _entry_id(request), text_of(form, "text"))
    return "replied"


@acting(None, _guestbook_page)
async def delete_entry(uow: UnitOfWork, account: Account, request: web.Request, form: Form) -> str:
    """The owner removes any entry of their guestbook, a writer their own (core decides which)."""
    await guestbook.delete(uow, account, _entry_id(request))
    return "deleted"


def routes() -> list[web.RouteDef]:
    return [web.post(urls.LIKE, like), web.post(urls.COMMENT, comment), web.post(urls.COMMENT_DELETE, delete_comment),
            web.post(urls.GUESTBOOK, sign),
            web.post(urls.ENTRY_REPLY, reply_entry), web.post(urls.ENTRY_DELETE, delete_entry)]


__all__ = ["BAD_FORM", "NOT_SIGNED_IN", "SESSION_ENDED", "Form", "acting", "back_to", "comment_to", "routes", "same_site",
           "text_of"]
