"""Jinja2 pages (autoescape on, every string through gettext) and the content-hashed stylesheet."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Hashable, Iterator, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_skeleton
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from markupsafe import Markup, escape

from adapters.web import markdown, urls
from adapters.web.fragments import Fragments, Frames, Holes, digest, markers
from chat import clip
from core import i18n
from core.guestbook.model import MAX_ENTRY
from core.i18n import N_
from core.model import MAX_COMMENT

HERE = Path(__file__).parent
HUES = 8
# The words for a post's or album's audience, as its badge shows them (the values stay the code's).
AUDIENCES = {
    "public": N_("public"), "friends": N_("friends only"), "circle": N_("circle only"), "private": N_("only me"),
    "question": N_("with a question"),  # after answering too: "answer to open" is the listing's word, for whom it is still shut
}
LAYOUTS = {"classic": N_("classic layout"), "magazine": N_("magazine layout"), "minimal": N_("minimal layout")}

# Where this request's reader keeps their clock (set per request like core.i18n's language):
# the signed-in viewer's /timezone, else the site's.
_zone: ContextVar[tzinfo] = ContextVar("openzone_web_zone", default=timezone.utc)


@contextmanager
def times_in(zone: tzinfo) -> Iterator[None]:
    """Show every time rendered inside in `zone` (one request)."""
    token = _zone.set(zone)
    try:
        yield
    finally:
        _zone.reset(token)


def switch_zone(zone: tzinfo) -> None:
    """Show the rest of this request's times in `zone` (once the viewer is known)."""
    _zone.set(zone)


def initials(name: str) -> str:
    words = [w for w in name.split() if w[:1].isalnum()] or [name or "?"]
    return "".join(w[0] for w in words[:2]).upper()


def hue(handle: str) -> int:
    """A stable avatar colour class per handle (classes, not inline styles: the CSP forbids those)."""
    return zlib.crc32(handle.encode()) % HUES


def when(at: datetime | None) -> str:
    """A date and time in the reader's language and time zone: "1 Dec 2026, 19:57", "2026年12月2日 03:57".
    core.i18n.when's text (tests/web/test_card_html.py holds them equal), its two halves kept per language:
    the day's by date, the time's by hour and minute — Babel's formatting was a third of a fresh post card."""
    if not at:
        return ""
    local = at.astimezone(_zone.get())
    code = i18n.active().code
    on = _days.get((code, local.year, local.month, local.day))
    if on is None:
        on = _days[(code, local.year, local.month, local.day)] = format_skeleton("yMMMd", local, locale=_locale(code))
        if len(_days) > 20_000:  # some 27 years of days per language: a bound, not a cache policy
            _days.clear()
    clock = _clocks.get((code, local.hour, local.minute))
    if clock is None:
        clock = _clocks[(code, local.hour, local.minute)] = format_skeleton("Hm", local, locale=_locale(code))
    return _pattern(code).replace("{1}", on).replace("{0}", clock)


_days: dict[tuple[str, int, int, int], str] = {}
_clocks: dict[tuple[str, int, int], str] = {}


@lru_cache(maxsize=64)
def _locale(code: str) -> Locale:
    return i18n.active().locale  # the first caller's: the active language is `code`


@lru_cache(maxsize=64)
def _pattern(code: str) -> str:
    return str(_locale(code).datetime_formats.get("medium", "{1} {0}"))


def iso(at: datetime | None) -> str:
    """A `<time datetime>` value in the same zone; HTML allows at most three digits of a second, so whole seconds."""
    return at.astimezone(_zone.get()).isoformat(timespec="seconds") if at else ""


def audience(value: str) -> str:
    return i18n.gettext(AUDIENCES[value]) if value in AUDIENCES else value


def layout(value: str) -> str:
    return i18n.gettext(LAYOUTS[value]) if value in LAYOUTS else value


def md(text: str) -> Markup:
    return Markup(markdown.render(text))  # noqa: S704 - sanitized by nh3 in markdown.render


def prose(post: Any) -> Markup:
    """A post's body as HTML: what core stored with this version of it (markdown.render's own output, wired by
    openzone), else rendered now (a post written before, or without a renderer). The same HTML either way."""
    html = markdown.stored(post.body_html)  # None as well when made under other rules (markdown.RULES)
    return md(post.body) if html is None else Markup(html)  # noqa: S704 - markdown.render's, sanitized by nh3


def excerpt(text: str, limit: int = 280) -> str:
    """The start of a post's Markdown as the plain text it renders to (the template escapes it),
    cut between characters (a Chinese sentence or an emoji sequence is never split mid-glyph)."""
    return clip(markdown.plain(text), limit)


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


_LIKES = ('<span aria-hidden="true">♥</span> %(count)s<span class="visually-hidden"> like</span>',
          '<span aria-hidden="true">♥</span> %(count)s<span class="visually-hidden"> likes</span>')
_COMMENTS = ("%(count)s comment", "%(count)s comments")
_SHARES = ('<span aria-hidden="true">↻</span> %(count)s<span class="visually-hidden"> share</span>',
           '<span aria-hidden="true">↻</span> %(count)s<span class="visually-hidden"> shares</span>')
# Per catalog: the words every card of a reading shows the same (the badges', the "edited" and missing-share lines).
_card_words: dict[Any, tuple[dict[str, str], str, str]] = {}


def _words() -> tuple[dict[str, str], str, str]:
    translations = i18n.active().translations
    kept = _card_words.get(translations)
    if kept is None:
        badges = {value: str(escape(i18n.gettext(label))) for value, label in AUDIENCES.items()}
        # As the template's {{ _("…") }}: the catalog's text is markup (Jinja's newstyle gettext), formatted.
        edited = f'<span class="edited">{Markup(i18n.gettext("edited")) % {}}</span>'  # noqa: S704 - our catalog
        hidden = Markup(i18n.gettext("The shared post isn't visible to you.")) % {}  # noqa: S704 - our catalog
        kept = _card_words[translations] = (badges, edited, f'  <p class="shared shared-missing">{hidden}</p>\n')
    return kept


def _counted(forms: tuple[str, str], n: int) -> str:
    """A `{% trans count=n %}` block's text: Jinja's newstyle ngettext takes the catalog's text as markup and
    formats `count` in escaped, which for a number (core's counts are ints) is plain formatting."""
    return i18n.ngettext(forms[0], forms[1], n) % {"count": n, "num": n}


def card_html(view: Any, owner: Any, full: bool) -> str:
    """What macros.html card_shown renders, byte for byte, without a template's calls (a cold card, one that no
    reading has kept, is rendered per card of a page: tests/web/test_card_html.py holds the two equal)."""
    p, a = view.post, view.author
    badges, edited, missing = _words()
    href = escape(urls.PATHS.post(owner.handle, p.id))
    blog = p.kind == "blog"
    visibility = str(escape(p.visibility))
    badge = badges.get(p.visibility)
    if badge is None:
        badge = str(escape(audience(p.visibility)))
    face = (f'<img src="{escape(urls.PATHS.picture(a.handle, "avatar"))}" alt="" loading="lazy" decoding="async">'
            if a.avatar else "")
    post_id = escape(p.id)
    number = i18n.gettext(" — post #%(id)s") % {"id": p.id}  # a number: as Markup's formatting would
    out = [
        f'<article class="card post{" post-blog" if blog else ""}" aria-labelledby="post-{post_id}-title">\n'
        f'  <header class="post-head">\n'
        f'    <span class="avatar avatar-md hue-{hue(a.handle)}" aria-hidden="true">{escape(initials(a.display_name))}'
        f'{face}</span>\n'
        f'    <div class="post-meta">\n'
        f'      <a class="post-author" href="{escape(urls.PATHS.zone(a.handle))}">{escape(a.display_name)}</a>\n'
        f'      <a class="post-time" id="post-{post_id}-title" href="{href}"><time datetime="{escape(iso(p.created_at))}">'
        f'{escape(when(p.created_at))}</time><span class="visually-hidden">{number}</span></a>\n'
        f'    </div>\n'
        f'    <span class="badge badge-{visibility}">{badge}</span>\n'
        f'  </header>\n'
    ]
    if blog:
        if full:
            out.append(f'    <h2 class="blog-title">{escape(p.title)}</h2>\n    <div class="prose">{prose(p)}</div>\n')
        else:
            out.append(f'    <h2 class="blog-title"><a href="{href}">{escape(p.title)}</a></h2>\n'
                       f'    <p class="excerpt">{escape(excerpt(p.body))}</p>\n')
    elif p.body:
        out.append(f'  <div class="prose">{prose(p)}</div>\n')
    s = view.shared
    if s:
        sp = s.post
        shared_from = Markup(i18n.gettext('Shared from <a href="%(href)s">@%(handle)s</a>')) % {  # noqa: S704
            "href": urls.PATHS.post(s.author.handle, sp.id), "handle": s.author.handle}
        title = f'<p class="blog-title">{escape(sp.title)}</p>' if sp.kind == "blog" else ""
        out.append(f'  <blockquote class="shared">\n    <p class="shared-from">{shared_from}</p>\n'
                   f'{title}    <div class="prose">{prose(sp)}</div>\n  </blockquote>\n')
    elif view.shared_missing:
        out.append(missing)
    out.append(
        f'  <footer class="post-foot">\n'
        f'    <a href="{href}" class="stat">{_counted(_LIKES, p.like_count)}</a>\n'
        f'    <a href="{href}#comments" class="stat">{_counted(_COMMENTS, p.comment_count)}</a>\n'
        f'    <span class="stat">{_counted(_SHARES, p.share_count)}</span>\n'
    )
    if p.edited_at:
        out.append(edited)
    return "".join(out)


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
    return (i18n.active().code, _zone.get())


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

        macros, forms = macros_of("macros.html"), macros_of("form_macros.html")
        albums, comments = macros_of("album_macros.html"), macros_of("comment_macros.html")
        chrome = macros_of("chrome.html")
        self.env.globals.update(
            topbar=_topbar(Holes(lambda *a: chrome("topbar_shown")(*a), _topbar_key, _reading, holes=1)),
            footer=Fragments(lambda: chrome("footer_shown")(), lambda: (), _reading),
            cards=Cards(card_html, lambda *a: forms("like_form")(*a), budget=4_000_000),  # = card_shown
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
