"""Jinja2 pages (autoescape on, every string through gettext) and the content-hashed stylesheet.

The filters and the reading's time zone are adapters.web.filters' (re-exported here), the post card's HTML
adapters.web.card's."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, MutableMapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from markupsafe import Markup, escape

from adapters.web import urls
from adapters.web.card import card_html, like_html
from adapters.web.filters import (
    audience, excerpt, hue, initials, iso, layout, md, prose, reading_zone, switch_zone, times_in, when,
)
from adapters.web.fragments import Fragments, Frames, Holes, digest, markers
from core import i18n
from core.guestbook.model import MAX_ENTRY
from core.model import MAX_COMMENT

HERE = Path(__file__).parent


def _card_key(view: Any, owner: Any, full: bool) -> Hashable:
    """Everything a post card shows (macros.html card_shown) but the reader's language and time zone. `full`
    only tells a blog post's whole text from its excerpt: any other post's card is the same either way (its
    listing's and its own page's)."""
    p, a, s = view.post, view.author, view.shared
    shared = (s.post.id, s.post.kind, s.author.handle, digest(s.post.title, s.post.body)) if s else None
    return (owner.handle, bool(full) and p.kind == "blog", p.id, p.kind, digest(p.title, p.body), p.visibility,
            p.created_at, p.edited_at, p.like_count, p.comment_count, p.share_count, a.handle, a.display_name,
            bool(a.avatar), shared, bool(view.shared_missing))


def _head_key(header: Any, tab: str) -> Hashable:
    """Everything a zone's header shows (macros.html zone_head_shown) but the reading."""
    o = header.owner
    return (tab, o.handle, o.display_name, o.bio, bool(o.avatar), bool(o.cover), header.posts, header.friends,
            header.visits_today, header.visits_total, bool(header.own))


def _grid_key(photos: Any, prefix: str, handle: str) -> Hashable:
    """Everything a photo grid shows (album_macros.html photo_grid_shown) but the reading."""
    return (prefix, handle, tuple((p.id, p.width, p.height) for p in photos),
            digest(*(t for p in photos for t in (p.placeholder, p.alt, p.caption))))


def _comment_key(c: Any) -> Hashable:
    m, a = c.comment, c.author
    return (m.id, digest(m.body), m.created_at, m.status, a.handle, a.display_name, bool(a.avatar), bool(c.removable),
            tuple(_comment_key(r) for r in c.replies))


def _comments_key(threads: Any, count: int, owner: Any, signed: bool, seen: bool, photo: bool, subject_id: int,
                  empty: str) -> Hashable:
    """Everything a comments section shows (comment_macros.html comments_section_shown) but the reading, the
    session's form token and the address: each comment as it stands, and what this reader may do with it."""
    return (owner.handle, count, signed, seen, bool(photo), subject_id, str(empty),
            tuple(_comment_key(t) for t in threads))


def _likers_key(likers: Any) -> Hashable:
    """Everything a likers card shows (comment_macros.html likers_card_shown) but the reading."""
    if not likers:
        return None
    return (likers.total, tuple((a.handle, a.display_name, bool(a.avatar)) for a in likers.people))


def _comments(pieces: Holes) -> Any:
    """comments_section's arguments → the kept piece: keyed by whether the reader is signed in (the forms) and
    seen at all (else the how-to-join line), never by who; their token and address are its holes."""
    def section(threads: Any, count: int, owner: Any, csrf: str, here: str, viewer: Any, photo: bool, subject_id: int,
                empty: str) -> Markup:
        return pieces(threads, count, owner, bool(csrf), viewer is not None, photo, subject_id, empty, csrf, here)
    return section


def _comments_shown(render: Any) -> Any:
    def shown(threads: Any, count: int, owner: Any, signed: bool, seen: bool, photo: bool, subject_id: int, empty: str,
              csrf: str, here: str) -> Any:
        return render(threads, count, owner, csrf if signed else "", here, seen, photo, subject_id, empty)
    return shown


CARD_END = "  </footer>\n</article>"
"""What closes a post card after the reader's own form (card_shown leaves its footer open for it)."""


class Cards:
    """Post cards as macros.html post_card shows them, in one call for a whole listing (a template's call per
    card costs more than the kept card): each card as its reader may act on it — with their like form (liked
    or not) when they are signed in, without it when not — kept whole, the form's token and the address to
    come back to left as holes, filled in once for the whole listing (the same two values for every card)."""

    def __init__(self, card: Any, like: Any, budget: int) -> None:
        self._card, self._like = card, like
        self._csrf, self._here = markers(2)
        self._kept = Fragments(self._render, lambda: (), _reading, budget=budget)
        # A card's own part (card_shown) is kept on its own too, so what a card is made from is rendered once
        # however many ways it is read: liked or not, signed in or not, in its listing and on its own page.
        self._shown = Fragments(self._card, lambda: (), _reading, budget=budget // 2)

    def _render(self, key: Hashable, view: Any, owner: Any, full: bool, signed: bool) -> str:
        piece = str(self._shown.kept(key, (view, owner, full)))
        if signed:
            back = self._here if full else f"{self._here}#post-{view.post.id}-title"
            piece += str(self._like(view, owner, self._csrf, back))
        return piece + CARD_END

    def __call__(self, views: Any, owner: Any, full: bool, csrf: str, here: str) -> Markup:
        reading, signed = _reading(), bool(csrf)
        kept = self._kept.kept
        keys = [(reading, _card_key(view, owner, full)) for view in views]
        shown = "\n".join([kept((key, bool(full), bool(view.liked) if signed else None), (key, view, owner, full, signed))
                            for key, view in zip(keys, views)])
        if signed:
            shown = shown.replace(self._csrf, str(escape(csrf))).replace(self._here, str(escape(here)))
        return Markup(shown)  # noqa: S704 - kept pieces (autoescaped), each hole filled escaped


def _topbar(pieces: Holes) -> Any:
    """base.html's top bar: kept by whether a reader is signed in and their unread count, never by who;
    their handle is its hole."""
    def topbar(viewer: Any, unread: int, languages: Any) -> Markup:
        signed = bool(viewer)  # as base.html asked it: an error page has no viewer at all
        return pieces(signed, unread or 0, languages, viewer.handle if signed else "")
    return topbar


def _topbar_key(signed: bool, unread: int, languages: Any) -> Hashable:
    return (signed, unread)  # the language switch is the reading's


def _reading() -> Hashable:
    return (i18n.active().code, reading_zone.get())


class _Environment(Environment):
    """Jinja's environment with each template's globals one plain dict, not a ChainMap over the environment's:
    every render copies them into its context, and every `{% from %}` import compares their keys with the
    importing context's — over a ChainMap that was a Python-level lookup per global per import (a post page
    paid ~0.4 ms for it). Pages sets every global before the first template loads and none after."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


class Pages:
    """Renders templates in the reader's language; knows the stylesheet's hashed name so it can be cached for a year."""

    def __init__(self, site_name: str, languages: i18n.Languages | None = None) -> None:
        self.site_name = site_name
        self.languages = languages or i18n.Languages([i18n.ENGLISH])
        self.css = (HERE / "static" / "app.css").read_bytes()
        self.css_name = f"app.{hashlib.sha256(self.css).hexdigest()[:12]}.css"
        # The site's languages are fixed at start: the switch as each language's reader sees it, made once.
        self._switches = {lang.code: self._switch(lang) for lang in self.languages.all}
        self._templates: dict[str, Template] = {}
        self.frames = Frames(self.render, _reading)
        self.env = _Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
            trim_blocks=True, lstrip_blocks=True, auto_reload=False, extensions=["jinja2.ext.i18n"],
        )
        # The same whitespace rule as the extraction (openzone.catalogs: trimmed), so the ids match.
        self.env.policies["ext.i18n.trimmed"] = True
        self.env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
        self.env.filters.update(md=md, prose=prose, when=when, iso=iso, initials=initials, hue=hue, excerpt=excerpt,
                                audience=audience, layout=layout)
        self.env.globals.update(site_name=site_name, css_url=urls.static(self.css_name), paths=urls.PATHS)
        self.env.globals.update(max_comment=MAX_COMMENT, max_entry=MAX_ENTRY)  # the forms' maxlength: core's limits
        # The chrome, post cards, zone headers, photo grids, comment sections and like forms are kept rendered (adapters.web.fragments).
        def macros_of(template: str) -> Any:
            return lambda name: getattr(self.env.get_template(template).module, name)

        macros = macros_of("macros.html")
        albums, comments = macros_of("album_macros.html"), macros_of("comment_macros.html")
        chrome = macros_of("chrome.html")
        self.env.globals.update(
            topbar=_topbar(Holes(lambda *a: chrome("topbar_shown")(*a), _topbar_key, _reading, holes=1)),
            footer=Fragments(lambda: chrome("footer_shown")(), lambda: (), _reading),
            cards=Cards(card_html, like_html, budget=4_000_000),  # = card_shown, like_form
            head=Fragments(lambda *a: macros("zone_head_shown")(*a), _head_key, _reading),
            liked_by=Fragments(lambda *a: comments("likers_card_shown")(*a), _likers_key, _reading),
            grid=Fragments(lambda *a: albums("photo_grid_shown")(*a), _grid_key, _reading, budget=4_000_000),
            comments=_comments(Holes(_comments_shown(lambda *a: comments("comments_section_shown")(*a)), _comments_key,
                                     _reading, holes=2)),
        )
        # A post's "no comments yet" line, as its page's comments section is handed it (adapters.web.views post):
        # one per reading, the post's number its hole.
        self.no_comments = Holes(lambda post_id: comments("no_comments")(post_id), lambda: (), _reading, holes=1)

    def framed(self, template: str, shown: dict[str, Hashable], values: dict[str, Any], absent: tuple[str, ...], *,
               viewer: Any, unread: int, **pieces: tuple[Any, ...]) -> str:
        """`template` from its kept frame (fragments.Frames), with its top bar and the kept `pieces` it calls
        (name: the arguments it calls them with — head, cards, grid) rendered for this request and filled in."""
        switch = self._switches.get(i18n.active().code) or self._switch(i18n.active())
        g = self.env.globals
        calls = {name: g[name](*args) for name, args in pieces.items()}
        calls["topbar"] = g["topbar"](viewer, unread, switch)
        return self.frames(template, shown, values, calls, absent)

    def render(self, template: str, **context: Any) -> str:
        """`template` in the reader's language (`<html lang>`), with the language switch (adapters.web.reader)."""
        reading = i18n.active()
        switch = self._switches.get(reading.code) or self._switch(reading)
        loaded = self._templates.get(template)
        if loaded is None:  # loaded once: templates never change while the site runs (auto_reload off)
            loaded = self._templates[template] = self.env.get_template(template)
        return loaded.render(lang=reading, languages=switch, **context)

    def _switch(self, reading: i18n.Language) -> list[tuple[i18n.Language, str, bool]]:
        """The language switch as a reader of `reading` sees it: each language, its link, whether it is theirs."""
        return [(lang, f"?{urls.LANG_PARAM}={lang.short}", lang.code == reading.code) for lang in self.languages.all]


__all__ = ["CARD_END", "Cards", "Pages", "excerpt", "switch_zone", "times_in"]
