"""Markdown → HTML for posts and blogs: markdown-it-py, then an nh3 allowlist (Mastodon's spirit).

markdown-it runs with raw HTML off, so user tags arrive as text; nh3 is the second wall in
case a renderer bug or a future plugin lets markup through. No script, style, iframe, event
handler or javascript: URL survives; links are marked as user content.

`for_storage` is what core stores with each post as it is written or edited (posts.body_html, wired by
openzone.bootstrap): `render`'s HTML stamped with the version of its rules (RULES). The web shows stored
HTML only when its stamp is today's (`stored`); any other is rendered afresh when shown. So a change to what
`render` makes (the allowlist, the parser's options: bump RULES with it) reaches every stored row at once —
a sanitizer fix is never outlived by HTML made before it — and a worker, as it starts, stores today's HTML
for those rows (openzone.runtime rerender_bodies, reading the stamp as `for_storage.made_with`).
"""

from __future__ import annotations

import re
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


# Text with nothing Markdown or HTML could read as markup: no character that starts or closes
# syntax (* _ ` [ ] < > & \\ # ~ | = + - { }…), no line that starts with a digit (a list: "1.")
# or a space, or ends with one, no tab or other whitespace. Most chat posts are such text.
_MARKUP = re.compile(r"[^\w \n,.!?;:'\"()/%@$€£¥，。！？；：、（）“”‘’…—–\u2600-\u27bf\U0001f300-\U0001faff\u200d\ufe0f]"
                     r"|_|^[\d ]|[ ]$", re.MULTILINE)


def _plain_html(text: str) -> str | None:
    """What render(text) gives for text with no markup in it, without parsing it: its paragraphs,
    lines joined by <br> (None: the text has markup, parse it)."""
    if _MARKUP.search(text):
        return None
    paragraphs = [p for p in re.split(r"\n{2,}", text.strip("\n")) if p]
    return "".join(f"<p>{p.replace(chr(10), '<br>' + chr(10))}</p>\n" for p in paragraphs)


# Posts are immutable between edits and rendered on every page view; remember recent ones.
@lru_cache(maxsize=4096)
def render(text: str) -> str:
    """User Markdown as safe HTML (a string to mark safe in templates). Text without markup takes a
    short way to the very same HTML (tests/unit/test_markdown_plain.py compares the two ways)."""
    fast = _plain_html(text)
    return fast if fast is not None else parse(text)


RULES = 1
"""The version of `render`'s rules. Bump it with any change to what `render` makes: stored HTML stamped
with another version is then never shown (it is rendered again from the body)."""
STAMP = f"<!--md{RULES}-->"


class _ForStorage:
    """`render`'s HTML as core stores it with a post (openzone wires this): stamped with the rules' version,
    which core reads as `made_with` (core.posts.ports.VersionedRenderer) to render again what older rules made."""

    made_with = STAMP

    def __call__(self, text: str) -> str:
        return STAMP + render(text)


for_storage = _ForStorage()


def stored(html: str | None) -> str | None:
    """The HTML stored with a post if it was made under today's rules (its stamp taken off), else None."""
    return html[len(STAMP):] if html is not None and html.startswith(STAMP) else None


def parse(text: str) -> str:
    """User Markdown as safe HTML, always through the parser and the sanitizer."""
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
