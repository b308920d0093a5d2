"""Jinja2 pages (autoescape on) and the content-hashed stylesheet."""

from __future__ import annotations

import hashlib
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from adapters.web import markdown, urls
from chat import clip

HERE = Path(__file__).parent
HUES = 8


def initials(name: str) -> str:
    words = [w for w in name.split() if w[:1].isalnum()] or [name or "?"]
    return "".join(w[0] for w in words[:2]).upper()


def hue(handle: str) -> int:
    """A stable avatar colour class per handle (classes, not inline styles: the CSP forbids those)."""
    return zlib.crc32(handle.encode()) % HUES


def when(at: datetime | None) -> str:
    return at.strftime("%-d %b %Y, %H:%M UTC") if at else ""


def iso(at: datetime | None) -> str:
    """A `<time datetime>` value; HTML allows at most three digits of a second, so whole seconds."""
    return at.isoformat(timespec="seconds") if at else ""


def md(text: str) -> Markup:
    return Markup(markdown.render(text))  # noqa: S704 - sanitized by nh3 in markdown.render


def excerpt(text: str, limit: int = 280) -> str:
    """The start of a post's Markdown as the plain text it renders to (the template escapes it),
    cut between characters (a Chinese sentence or an emoji sequence is never split mid-glyph)."""
    return clip(markdown.plain(text), limit)


class Pages:
    """Renders templates; knows the stylesheet's hashed name so it can be cached for a year."""

    def __init__(self, site_name: str) -> None:
        self.site_name = site_name
        self.css = (HERE / "static" / "app.css").read_bytes()
        self.css_name = f"app.{hashlib.sha256(self.css).hexdigest()[:12]}.css"
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
            trim_blocks=True, lstrip_blocks=True, auto_reload=False,
        )
        self.env.filters.update(md=md, when=when, iso=iso, initials=initials, hue=hue, excerpt=excerpt)
        self.env.globals.update(site_name=site_name, css_url=urls.static(self.css_name), paths=urls.PATHS)

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)
