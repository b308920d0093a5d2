"""Autocomplete for typed parameters: handles, circles, audiences and posts, for any front end.

Suggestions read through core only and never write: an unknown sender gets handle
suggestions and nothing personal. Posts come from core's feed and zone queries, so privacy
decides what is offered — a post one may not see is never suggested.
"""

from __future__ import annotations

from core import circles, friends, posts
from core.model import Account
from core.ports import UnitOfWork
from core.privacy import Viewer
from handlers.context import App
from handlers.format import who
from handlers.messages import Sender
from handlers.registry import AUDIENCE_CHOICES

NAME_LIMIT = 100  # Discord's longest choice name; others cut shorter themselves
WORDS = 6


def _words(text: str, limit: int = 60) -> str:
    line = " ".join(text.split()[:WORDS])
    return line if len(line) <= limit else line[: limit - 1] + "…"


async def _handles(uow: UnitOfWork, me: Account | None, prefix: str, limit: int) -> list[tuple[str, str]]:
    out: dict[str, str] = {}
    if me is not None:
        # Friends first: they are whom people name most.
        for friend in await friends.friends_of(uow, me):
            if friend.handle.startswith(prefix):
                out[friend.handle] = who(friend)
    viewer = Viewer(me.id) if me is not None else Viewer(None)
    for handle in await friends.handles_starting(uow, viewer, prefix, limit):
        out.setdefault(handle, f"@{handle}")
    return [(name, handle) for handle, name in list(out.items())[:limit]]


async def _circles(uow: UnitOfWork, me: Account | None, prefix: str, limit: int) -> list[tuple[str, str]]:
    if me is None:
        return []
    mine = await circles.list_circles(uow, me)
    return [(f"{c.name} ({len(c.member_ids)})", c.name) for c in mine if c.name.startswith(prefix)][:limit]


async def _audiences(uow: UnitOfWork, me: Account | None, prefix: str, limit: int) -> list[tuple[str, str]]:
    out = [(a, a) for a in AUDIENCE_CHOICES if a.startswith(prefix)]
    if me is not None:
        bare = prefix.removeprefix("@")
        if prefix.startswith("@") or not out:
            out += [(f"@{name} · circle", f"@{value}") for name, value in await _circles(uow, me, bare, limit)]
    return out[:limit]


async def _posts(uow: UnitOfWork, me: Account | None, prefix: str, limit: int) -> list[tuple[str, str]]:
    if me is None:
        return []
    wanted = prefix.strip().lstrip("#").lower()
    views = await posts.feed(uow, me, limit=posts.MAX_PAGE)
    mine = await posts.zone_posts(uow, Viewer(me.id), me, limit=posts.MAX_PAGE)
    seen: dict[int, posts.PostView] = {v.post.id: v for v in [*views, *mine]}
    out: list[tuple[str, str]] = []
    for pid in sorted(seen, reverse=True):
        view = seen[pid]
        text = view.post.title or view.post.body or "(shared post)"
        if wanted and not (str(pid).startswith(wanted) or wanted in text.lower()):
            continue
        name = f"#{pid} · @{view.author.handle}: {_words(text)}"
        out.append((name[:NAME_LIMIT], str(pid)))
        if len(out) >= limit:
            break
    return out


KINDS = {"handle": _handles, "circle": _circles, "audience": _audiences, "post": _posts}


async def suggest(app: App, sender: Sender, kind: str, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
    """(shown name, value) pairs for a parameter of `kind` starting with `prefix`."""
    find = KINDS.get(kind)
    if find is None:
        return []
    clean = prefix.strip().lower()
    if kind == "handle":
        clean = clean.lstrip("@")
    async with app.uow_factory() as uow:
        me = await uow.accounts.by_identity(sender.platform, sender.external_id)
        return await find(uow, me, clean, limit)


__all__ = ["KINDS", "suggest"]
