"""Pieces of pages rendered once and shared by every reader they look the same to.

A post card or a zone's header is kept by what it shows — the words (by digest), times, counts,
names and faces, the reader's language and time zone — never by who reads it: what a reader is
shown at all is decided per request (core.privacy) before a piece is asked for, and what is theirs
alone (a form's token) is filled in afterwards. Bounded by characters kept, so long posts can't
grow the process.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from markupsafe import Markup, escape


def digest(*texts: str) -> bytes:
    """A short key for user text (a blog post may be 50,000 characters: kept as 16 bytes)."""
    return hashlib.blake2b("\0".join(texts).encode(), digest_size=16).digest()


class Fragments:
    """`render(*args)` kept by `key(*args)` and the reading (language, time zone) it is rendered in."""

    def __init__(self, render: Callable[..., Any], key: Callable[..., Hashable], reading: Callable[[], Hashable],
                 budget: int = 2_000_000) -> None:
        self._render, self._key, self._reading = render, key, reading
        self.budget = budget
        self._kept: OrderedDict[Hashable, Markup] = OrderedDict()
        self._size = 0

    def __call__(self, *args: Any) -> Markup:
        return self.kept((self._reading(), self._key(*args)), args)

    def kept(self, key: Hashable, args: tuple[Any, ...]) -> Markup:
        """The piece kept under `key` (the reading and `key(*args)`, computed by the caller), else `render(*args)`."""
        shown = self._kept.get(key)
        if shown is not None:
            self._kept.move_to_end(key)
            return shown
        shown = Markup(self._render(*args))  # noqa: S704 - a template's own (autoescaped) output
        self._kept[key] = shown
        self._size += len(shown)
        while self._size > self.budget and self._kept:
            _old, dropped = self._kept.popitem(last=False)
            self._size -= len(dropped)
        return shown


def markers(n: int) -> tuple[str, ...]:
    """`n` placeholders for a piece's holes: unguessable, so no text shown in the piece (user text included)
    can stand for one, and untouched by escaping."""
    secret = secrets.token_hex(8)
    return tuple(f"\0hole{i}.{secret}\0" for i in range(n))


class Holes:
    """A piece with holes for per-request values (a session's form token, the address to come back
    to): rendered once with markers, then the values filled in escaped — the same bytes as
    rendering it whole. `render(*args, *markers)` must place each marker where its value goes."""

    def __init__(self, render: Callable[..., Any], key: Callable[..., Hashable], reading: Callable[[], Hashable],
                 holes: int, budget: int = 2_000_000) -> None:
        self._markers = markers(holes)
        self._pieces = Fragments(lambda *args: render(*args, *self._markers), key, reading, budget)

    def __call__(self, *args_and_values: Any) -> Markup:
        n = len(self._markers)
        args, values = args_and_values[:-n], args_and_values[-n:]
        piece = str(self._pieces(*args))
        for marker, value in zip(self._markers, values):
            piece = piece.replace(marker, str(escape(value)))
        return Markup(piece)  # noqa: S704 - the template's output, each hole filled escaped


__all__ = ["Fragments", "Holes", "digest", "markers"]
