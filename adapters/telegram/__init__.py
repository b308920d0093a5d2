"""The Telegram front end (python-telegram-bot 22): translates, never decides."""

from __future__ import annotations

from adapters.telegram.adapter import ALLOWED_UPDATES, SECRET_HEADER, TelegramAdapter, menu
from adapters.telegram.incoming import PLATFORM, to_incoming
from adapters.telegram.render import Rendered, is_public_url, render, span_html
from adapters.telegram.send import Poster, retry_seconds

__all__ = [
    "ALLOWED_UPDATES", "PLATFORM", "Poster", "Rendered", "SECRET_HEADER", "TelegramAdapter", "is_public_url", "menu",
    "render", "retry_seconds", "span_html", "to_incoming",
]
