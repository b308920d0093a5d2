"""The filters post cards and pages are rendered with, and the reading's time zone (set per request like
core.i18n's language)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone, tzinfo
from typing import Any

from markupsafe import Markup

from adapters.web import markdown
from chat import clip
from core import i18n
from core.i18n import N_

HUES = 8
# The words for a post's or album's audience, as its badge shows them (the values stay the code's).
AUDIENCES = {
    "public": N_("public"), "friends": N_("friends only"), "circle": N_("circle only"), "private": N_("only me"),
    "question": N_("with a question"),  # after answering too: "answer to open" is the listing's word, for whom it is still shut
}
LAYOUTS = {"classic": N_("classic layout"), "magazine": N_("magazine layout"), "minimal": N_("minimal layout")}

# Where this request's reader keeps their clock (set per request like core.i18n's language):
# the signed-in viewer's /timezone, else the site's.
reading_zone: ContextVar[tzinfo] = ContextVar("openzone_web_zone", default=timezone.utc)


@contextmanager
def times_in(zone: tzinfo) -> Iterator[None]:
    """Show every time rendered inside in `zone` (one request)."""
    token = reading_zone.set(zone)
    try:
        yield
    finally:
        reading_zone.reset(token)


def switch_zone(zone: tzinfo) -> None:
    """Show the rest of this request's times in `zone` (once the viewer is known)."""
    reading_zone.set(zone)


def initials(name: str) -> str:
    words = [w for w in name.split() if w[:1].isalnum()] or [name or "?"]
    return "".join(w[0] for w in words[:2]).upper()


def hue(handle: str) -> int:
    """A stable avatar colour class per handle (classes, not inline styles: the CSP forbids those)."""
    return zlib.crc32(handle.encode()) % HUES


def when(at: datetime | None) -> str:
    """A date and time in the reader's language and time zone: "1 Dec 2026, 19:57", "2026年12月2日 03:57"."""
    return i18n.when(at, reading_zone.get()) if at else ""


def iso(at: datetime | None) -> str:
    """A `<time datetime>` value in the same zone; HTML allows at most three digits of a second, so whole seconds."""
    return at.astimezone(reading_zone.get()).isoformat(timespec="seconds") if at else ""


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


__all__ = ["AUDIENCES", "HUES", "LAYOUTS", "audience", "excerpt", "hue", "initials", "iso", "layout", "md", "prose",
           "reading_zone", "switch_zone", "times_in", "when"]
