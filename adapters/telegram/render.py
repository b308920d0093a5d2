"""The one place a Reply becomes Telegram: HTML text chunks, an inline keyboard, photos.

Telegram shows at most 4,096 characters a message — counted in UTF-16 code units, so an emoji or a
rare CJK ideograph outside the Basic Multilingual Plane counts two — and rejects url buttons (and text links)
pointing at hosts it cannot reach — localhost, private addresses, reserved test domains — so
such links are written out as text instead, where a person can still copy them.
"""

from __future__ import annotations

import functools
import html
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlparse

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from chat import Image, Reply, Span, chunk, clip

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024  # a photo's caption, counted after HTML parsing
TOAST_LIMIT = 200  # answerCallbackQuery text
_TAG = re.compile(r"<[^>]+>")
_TAGS = {"b": "b", "i": "i", "code": "code"}
# RFC 2606/6761 names no real client can open.
_RESERVED_SUFFIXES = (".localhost", ".local", ".test", ".example", ".invalid", ".internal", ".lan")


@dataclass(frozen=True)
class Rendered:
    """A Reply in Telegram's terms; `markup` belongs under the last message sent."""

    chunks: tuple[str, ...]
    markup: InlineKeyboardMarkup | None
    images: tuple[Image, ...]
    toast: str
    asks: str = ""

    @property
    def fits_caption(self) -> bool:
        """Whether the words can ride on the pictures as their caption (one message, not two)."""
        return len(self.chunks) <= 1 and visible_len("".join(self.chunks)) <= CAPTION_LIMIT


def strip_tags(text: str) -> str:
    """HTML text without its tags (still escaped): safe to cut anywhere."""
    return _TAG.sub("", text)


def utf16_len(text: str) -> int:
    """How Telegram counts text: in UTF-16 code units (👍 and 𠀀 are two each, 好 is one)."""
    return len(text.encode("utf-16-le")) // 2


def visible_len(text: str) -> int:
    """What Telegram counts of an HTML text: tags dropped, entities decoded, in UTF-16 units."""
    return utf16_len(html.unescape(strip_tags(text)))


def is_public_url(url: str | None) -> bool:
    """Whether Telegram would accept `url` in a button or text link (a reachable http(s) host)."""
    if not url:
        return False
    # Decided by scheme and host alone: the answer for a zone link's base serves every signed link to it.
    return _public_base(url.partition("?")[0].partition("#")[0])


@functools.lru_cache(maxsize=1024)
def _public_base(url: str) -> bool:
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    if parsed.scheme not in ("http", "https") or not host:
        return False
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        pass
    return "." in host and host != "localhost" and not host.endswith(_RESERVED_SUFFIXES)


def span_html(span: Span) -> str:
    """One span as Telegram HTML; every piece of user text is escaped."""
    text = html.escape(span.text, quote=False)
    if span.style == "link" and span.url:
        if is_public_url(span.url):
            return f'<a href="{html.escape(span.url, quote=True)}">{text}</a>'
        url = html.escape(span.url, quote=False)
        return url if span.text == span.url else f"{text} ({url})"
    tag = _TAGS.get(span.style)
    return f"<{tag}>{text}</{tag}>" if tag and text else text


def keyboard(reply: Reply) -> tuple[InlineKeyboardMarkup | None, list[Span]]:
    """Inline keyboard rows, plus text for url buttons Telegram would reject."""
    rows: list[list[InlineKeyboardButton]] = []
    spill: list[Span] = []
    for row in reply.buttons:
        cells: list[InlineKeyboardButton] = []
        for button in row:
            if button.action is not None:
                cells.append(InlineKeyboardButton(button.label, callback_data=button.action))
            elif is_public_url(button.url):
                cells.append(InlineKeyboardButton(button.label, url=button.url))
            elif button.url:
                spill.append(Span("\n" + button.as_text()))
        if cells:
            rows.append(cells)
    return (InlineKeyboardMarkup(rows) if rows else None), spill


def swap_button(markup: InlineKeyboardMarkup | None, pressed: str | None,
                new: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The pressed message's keyboard with the pressed button exchanged for the toast's one
    (None when there is nothing to exchange)."""
    if markup is None or new is None or not new.inline_keyboard or not new.inline_keyboard[0]:
        return None
    swap = new.inline_keyboard[0][0]
    rows = [[swap if b.callback_data == pressed else b for b in row] for row in markup.inline_keyboard]
    return InlineKeyboardMarkup(rows) if any(b is swap for row in rows for b in row) else None


def toast_text(reply: Reply) -> str:
    return clip(" ".join(reply.plain_text.split()), TOAST_LIMIT)


def render(reply: Reply, limit: int = TEXT_LIMIT) -> Rendered:
    """Render once: split on paragraph boundaries under `limit`, buttons below the last part.

    Each part's HTML, tags included, stays under `limit` UTF-16 units: what Telegram counts (the
    text after its entities are parsed) can only be less.
    """
    markup, spill = keyboard(reply)
    spans = [*reply.spans, *spill]
    chunks = tuple(chunk(spans, limit, span_html, utf16_len))
    return Rendered(chunks, markup, reply.images, toast_text(reply), reply.asks)


__all__ = ["CAPTION_LIMIT", "Rendered", "TEXT_LIMIT", "strip_tags", "swap_button", "visible_len", "is_public_url", "keyboard", "render", "span_html", "toast_text", "utf16_len"]
