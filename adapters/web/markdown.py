"""Markdown → HTML for posts and blogs: markdown-it-py, then an nh3 allowlist (Mastodon's spirit).

markdown-it runs with raw HTML off, so user tags arrive as text; nh3 is the second wall in
case a renderer bug or a future plugin lets markup through. No script, style, iframe, event
handler or javascript: URL survives; links are marked as user content.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener ugc"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})
    md.enable(["table", "strikethrough"])
    return md


def sanitize(html: str) -> str:
    """Keep only the allowlist; every link gets rel=nofollow noopener ugc."""
    return nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=LINK_REL,
        strip_comments=True,
    )


# Posts are immutable between edits and rendered on every page view; remember recent ones.
@lru_cache(maxsize=4096)
def render(text: str) -> str:
    """User Markdown as safe HTML (a string to mark safe in templates)."""
    return sanitize(_parser().render(text))


_TEXT = {"text", "code_inline"}
_BREAKS = {"softbreak", "hardbreak"}


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """User Markdown as the plain text a reader sees once it is rendered: no markup characters.

    For excerpts in lists and feed titles; the result is text (escape it where it is shown), and
    images are left out as the rendered page leaves them out.
    """
    parts: list[str] = []
    for token in _parser().parse(text):
        if token.type in ("fence", "code_block"):
            parts.append(token.content)
        children = token.children if token.type == "inline" and token.children else []
        for child in children:
            if child.type in _TEXT:
                parts.append(child.content)
            elif child.type in _BREAKS:
                parts.append(" ")
        parts.append(" ")
    return " ".join("".join(parts).split())
