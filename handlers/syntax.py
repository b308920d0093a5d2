"""The chat syntax core never sees: `TITLE [AUDIENCE]`, `LEFT | RIGHT`, `TITLE | BODY`, `p12`, `7d`.

A handler splits what a person typed with these and hands core the pieces; core validates each.
"""

from __future__ import annotations

import re
from datetime import timedelta

from core.errors import Invalid
from core.i18n import _
from core.moderation.model import validate_duration
from core.names import split_quoted, unquote
from core.text import clean
from handlers.params import AUDIENCE_CHOICES


# `Trip to Rome public`, `Trip @family`, `Trip @"Close Friends"`: the audience is the last word (or quoted circle).
_TRAILING_AUDIENCE = re.compile(r'^(.*\S)\s+(public|friends|private|@"[^"]+"|@“[^”]+”|@\S+)$', re.S | re.I)


def audience_token(token: str) -> str | None:
    """`Friends` → `friends`, `@"Close Friends"` → `@Close Friends`; None when it names no audience."""
    if token.startswith("@") and len(token) > 1:
        return "@" + unquote(token[1:])
    return token.lower() if token.lower() in AUDIENCE_CHOICES else None


def title_and_audience(text: str) -> tuple[str, str | None]:
    """`TITLE [AUDIENCE]` → (title, audience token or None): `"Just friends" friends`, `Trip to Rome public`."""
    quoted = split_quoted(text)
    if quoted is not None:
        title, rest = quoted
        token = audience_token(rest) if rest else None
        if rest and token is None:
            raise Invalid(_("After the title comes who sees it — public, friends, private or @circle — not “{rest}”.").format(
                rest=rest[:40]))
        return title, token
    if m := _TRAILING_AUDIENCE.match(text.strip()):
        return m.group(1), audience_token(m.group(2))
    return text.strip(), None


def split_pair(text: str) -> tuple[str, str] | None:
    """`LEFT | RIGHT` → (left, right) as written (not stripped); None without a `|`."""
    left, sep, right = text.partition("|")
    return (left, right) if sep else None


def split_blog(text: str) -> tuple[str, str | None]:
    """`TITLE | BODY` → (title, body); body None when only a title was given.

    The title is cleaned here already: it is echoed and kept in the flow state until the body comes.
    """
    pair = split_pair(text)
    title, body = pair if pair is not None else (text, None)
    return clean(title, multiline=False), (body.strip() if body is not None else None)


_PHOTO_ID = re.compile(r"^[#pP]?(\d{1,18})$")
_DURATION = re.compile(r"^(\d{1,4})([mhdw])$")
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def photo_id(token: str) -> int:
    """`p12`, `#12`, `12` → 12; anything else is Invalid."""
    m = _PHOTO_ID.match(token.strip())
    if not m:
        raise Invalid(_("A photo is named by its number, like p12 — not “{token}”.").format(token=token.strip()[:20]))
    return int(m.group(1))


def parse_duration(text: str) -> timedelta:
    """`30m`, `12h`, `7d`, `2w` → a timedelta (core says how long a sanction may be); anything else is Invalid."""
    m = _DURATION.match(text.strip().lower())
    if not m or int(m.group(1)) == 0:
        raise Invalid(_("“{text}” is not a duration. Write a number and a unit: 30m, 12h, 7d or 2w.").format(text=text))
    return validate_duration(int(m.group(1)) * _UNITS[m.group(2)])


def looks_like_duration(token: str) -> bool:
    """Whether a token was meant as a duration (starts with a digit), so a typo is an error, not a reason."""
    return bool(token) and token[0].isdigit()


__all__ = ["audience_token", "looks_like_duration", "parse_duration", "photo_id", "split_blog", "split_pair",
           "title_and_audience"]
