"""The photo page's forms: like or unlike an album photo, comment and reply, delete a comment.

Each runs through adapters.web.forms.acting — the session, its bound token, the origin check, chat's
guard and rate buckets, one transaction, post-redirect-get and the notice after — and then the very
core services chat's `/like p12`, `/comment p12`, `/reply cID` and `/delete cID` run
(core.albums.reactions, core.posts.service.add_reply, core.posts.comments.delete_comment). Core
decides who may; a refusal is its sentence on a page.
"""

from __future__ import annotations

from aiohttp import web

from adapters.web import urls
from adapters.web.context import SITE
from adapters.web.forms import Form, acting, comment_to, remove_comment, text_of
from core.albums import reactions
from core.errors import NotFound
from core.model import Account
from core.ports import UnitOfWork
from core.posts import service as posts
from core.ratelimit import COMMENTS


def _photo_id(request: web.Request) -> int:
    return int(request.match_info["photo_id"])


def _photo_page(request: web.Request) -> str:
    return urls.PATHS.photo_page(request.match_info["handle"], _photo_id(request))


@acting(None, _photo_page)
async def like(uow: UnitOfWork, account: Account, request: web.Request, form: Form) -> str:
    """`do=like` or `do=unlike`; liking twice is harmless, as in chat."""
    if text_of(form, "do") == "unlike":
        await reactions.unlike(uow, account, _photo_id(request))
        return "unliked"
    await reactions.like(uow, request.app[SITE].clock.now(), account, _photo_id(request))
    return "liked"


@acting(COMMENTS, lambda request: _photo_page(request) + "#comments")
async def comment(uow: UnitOfWork, account: Account, request: web.Request, form: Form) -> str:
    """A comment on the photo, or (`reply_to`) a reply under one of its comments."""
    now, parent = request.app[SITE].clock.now(), comment_to(form)
    if parent is None:
        await reactions.add_comment(uow, now, account, _photo_id(request), text_of(form, "text"))
        return "commented"
    c = await posts.add_reply(uow, now, account, parent, text_of(form, "text"))
    if c.photo_id != _photo_id(request):  # a reply is made on the page of the photo it belongs to
        raise NotFound(posts.no_comment(parent))
    return "replied"


@acting(None, lambda request: _photo_page(request) + "#comments")
async def delete_comment(uow: UnitOfWork, account: Account, request: web.Request, form: Form) -> str:
    """The comment's writer or the photo's owner removes it, with its replies — chat's `/delete cID`."""
    return await remove_comment(uow, account, request, lambda c: c.photo_id == _photo_id(request))


def routes() -> list[web.RouteDef]:
    return [web.post(urls.PHOTO_LIKE, like), web.post(urls.PHOTO_COMMENT, comment),
            web.post(urls.PHOTO_COMMENT_DELETE, delete_comment)]


__all__ = ["routes"]
