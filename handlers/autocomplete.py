"""Autocomplete for typed parameters: handles, circles, audiences, posts, one's albums, shop
items (all, or one category's) and time zones, for any front end.

Suggestions read through core only and never write: an unknown sender gets handle
suggestions and nothing personal. Posts come from core's feed and zone queries, so privacy
decides what is offered — a post one may not see is never suggested.
"""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from chat.messages import Sender
from core.albums import service as albums
from core import i18n
from core.i18n import N_, _, ngettext
from core.model import Account
from core.ports import UnitOfWork
from core.posts import service as posts
from core.privacy import Viewer
from core.social import circles, friends
from handlers.context import Services
from handlers.format import who
from handlers.registry import AUDIENCE_CHOICES

NAME_LIMIT = 100  # Discord's longest choice name; others cut shorter themselves
WORDS = 6
ALL_OF = {"theme": N_("All theme"), "music": N_("All music"), "badge": N_("All badge")}


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
            out += [(_("@{name} · circle").format(name=name), f"@{value}") for name, value in await _circles(uow, me, bare, limit)]
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
        text = view.post.title or view.post.body or _("(shared post)")
        if wanted and not (str(pid).startswith(wanted) or wanted in text.lower()):
            continue
        name = f"#{pid} · @{view.author.handle}: {_words(text)}"
        out.append((name[:NAME_LIMIT], str(pid)))
        if len(out) >= limit:
            break
    return out


async def _albums(uow: UnitOfWork, me: Account | None, prefix: str, limit: int) -> list[tuple[str, str]]:
    if me is None:
        return []
    mine = await albums.listed_albums(uow, Viewer(me.id), me)
    return [(f"{a.title} ({a.photo_count})", a.title) for a in mine if prefix in a.title.lower()][:limit]


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


async def _timezones(uow: UnitOfWork, me: Account | None, prefix: str, limit: int) -> list[tuple[str, str]]:
    found = [z for z in _zones() if prefix in z.lower()]
    return [(z, z) for z in sorted(found, key=lambda z: (not z.lower().startswith(prefix), z))[:limit]]


KINDS = {"handle": _handles, "circle": _circles, "audience": _audiences, "post": _posts, "album": _albums,
         "timezone": _timezones}


def _items(services: Services, prefix: str, limit: int, category: str | None = None) -> list[tuple[str, str]]:
    found = [i for i in services.catalog.items.values()
             if (prefix in i.id or prefix in i.name.lower() or prefix in _(i.name).lower()) and category in (None, i.category)]
    return [(ngettext("{name} ({id}) · {n} coin", "{name} ({id}) · {n} coins", i.price).format(
        name=_(i.name), id=i.id, n=i.price), i.id) for i in found][:limit]


def _catalog(services: Services, kind: str, prefix: str, limit: int) -> list[tuple[str, str]]:
    """Shop items: all (`item`), one category and `off` (`theme`, `music`), or categories first (`shop`)."""
    if kind == "shop":
        heads = [(_(ALL_OF[c]), c) for c in ("theme", "music", "badge") if c.startswith(prefix)]
        return (heads + _items(services, prefix, limit))[:limit]
    if kind in ("theme", "music"):
        off = [(_("off · none"), "off")] if "off".startswith(prefix) else []
        return (_items(services, prefix, limit, kind) + off)[:limit]
    return _items(services, prefix, limit)


async def completions(services: Services, sender: Sender, kind: str, prefix: str, limit: int = 25,
                      locale: str | None = None) -> list[tuple[str, str]]:
    """(shown name, value) pairs for a parameter of `kind` starting with `prefix`.

    The names are worded in the sender's language: their /lang, else `locale` (what their messenger
    says, e.g. Discord's interaction locale), as a message from them would be.
    """
    clean = prefix.strip().lower()
    find = KINDS.get(kind)
    catalog = kind in ("item", "theme", "music", "shop")
    if catalog and services.catalog is None or not catalog and find is None:
        return []
    if kind == "handle":
        clean = clean.lstrip("@")
    async with services.uow_factory() as uow:
        me = await uow.accounts.by_identity(sender.platform, sender.external_id)
        hint = locale or (me.language_hint if me is not None else None)
        language = services.languages.for_account(me.language if me is not None else None, hint)
        with i18n.using(language):
            if catalog:
                return _catalog(services, kind, clean, limit)
            assert find is not None
            return await find(uow, me, clean, limit)


__all__ = ["KINDS", "completions"]
