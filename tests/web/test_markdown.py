"""Markdown is sanitized with an allowlist: nothing executable survives, links are marked as user content."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from adapters.web.markdown import render, sanitize

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<style>body{display:none}</style>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<details open ontoggle=alert(1)>",
    '"><script>alert(1)</script>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]
SAFE_TAGS = {"p", "a", "strong", "em", "h1", "ul", "li", "br", "code"}


class _Elements(HTMLParser):
    """Collects the elements a browser would build: escaped text stays text, as it should."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def dangers(html: str) -> list[str]:
    parser = _Elements()
    parser.feed(html)
    bad = []
    for tag, attrs in parser.found:
        if tag not in SAFE_TAGS:
            bad.append(tag)
        bad += [name for name in attrs if name.startswith("on") or name in ("style", "src")]
        href = (attrs.get("href") or "").strip().lower()
        if href and not href.startswith(("http://", "https://", "mailto:")):
            bad.append(href)
    return bad


@pytest.mark.parametrize("attack", XSS)
def test_nothing_executable_survives_markdown(attack: str) -> None:
    assert dangers(render(attack)) == []


@pytest.mark.parametrize("html", [
    '<p onclick="x()">a</p>', "<script>x()</script>", "<iframe src=x></iframe>", '<a href="javascript:x()">a</a>',
    "<style>*{}</style>", '<img src="x" onerror="x()">',
])
def test_the_sanitizer_strips_what_a_renderer_might_let_through(html: str) -> None:
    assert dangers(sanitize(html)) == []


def test_links_are_kept_and_marked_as_user_content() -> None:
    assert render("see [docs](https://example.org/a?b=1)") == (
        '<p>see <a href="https://example.org/a?b=1" rel="nofollow noopener ugc">docs</a></p>\n'
    )


def test_ordinary_markdown_renders() -> None:
    assert render("# Title\n\n**bold** and *it*\n\n- one\n- two") == (
        "<h1>Title</h1>\n<p><strong>bold</strong> and <em>it</em></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
    )
