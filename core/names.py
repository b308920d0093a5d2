"""How people name their things in chat: one rule for album titles and circle names.

A name with spaces may be quoted — "Just friends", “Just friends” (phones curl quotes), «…» —
and the quotes only delimit: they are never part of the name. Unquoted, the longest run of
leading words that names an existing thing wins, so `/album rename Just friends | Cats` finds
"Just friends" and `/circle add Close Friends bob` finds "Close Friends".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

OPENERS = '"“„«'
# An opening quote, the name, its closing quote, then a space or the end.
_QUOTED = re.compile(r'^\s*(?:"([^"]*)"|“([^”“]*)[”“]|„([^“”]*)[“”]|«([^»]*)»)(?=\s|$)\s*(.*)$', re.S)


def split_quoted(text: str) -> tuple[str, str] | None:
    """`"Just friends" friends` → (`Just friends`, `friends`); None when `text` doesn't start quoted."""
    m = _QUOTED.match(text)
    if m is None:
        return None
    inside = next(g for g in m.groups()[:4] if g is not None)
    return inside.strip(), m.group(5).strip()


def unquote(text: str) -> str:
    """A whole name written in quotes, without them; anything else as it was (stripped)."""
    quoted = split_quoted(text)
    return quoted[0] if quoted is not None and not quoted[1] else text.strip()


def match_name(text: str, things: Iterable[T], name_of: Callable[[T], str],
               key: Callable[[str], str]) -> tuple[T | None, str]:
    """The thing `text` starts with, and what follows its name.

    Quoted: the quoted name, compared by `key`. Unquoted: the longest run of leading words
    whose `key` is a thing's. (None, text) when nothing matches.
    """
    by_key = {key(name_of(t)): t for t in things}
    quoted = split_quoted(text)
    if quoted is not None:
        return by_key.get(key(quoted[0])), quoted[1]
    text = text.strip()
    words = text.split()
    for n in range(len(words), 0, -1):
        found = by_key.get(key(" ".join(words[:n])))
        if found is not None:
            rest = re.split(r"\s+", text, maxsplit=n)
            return found, rest[n] if len(rest) > n else ""
    return None, text


__all__ = ["OPENERS", "match_name", "split_quoted", "unquote"]
