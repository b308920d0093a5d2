"""Pieces of pages rendered once and shared by every reader they look the same to.

A post card or a zone's header is kept by what it shows — the words (by digest), times, counts,
names and faces, the reader's language and time zone — never by who reads it: what a reader is
shown at all is decided per request (core.privacy) before a piece is asked for, and what is theirs
alone (a form's token) is filled in afterwards. Bounded by characters kept, so long posts can't
grow the process.
"""

from __future__ import annotations

import hashlib
import re
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


class Only:
    """The few attributes of an object a kept frame shows (hashable, so they key it); any other fails loudly
    rather than render as Jinja's empty Undefined: what the key doesn't cover must never reach a kept page."""

    def __init__(self, name: str, **shown: Hashable) -> None:
        self.__dict__.update(shown)
        self._key = (name, tuple(sorted(shown.items())))

    def __getattr__(self, attribute: str) -> Any:
        raise RuntimeError(f"a kept frame used {self._key[0]}.{attribute}, which its key doesn't cover")

    def __hash__(self) -> int:
        return hash(self._key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Only) and other._key == self._key


class Absent:
    """A page value a kept frame may not use at all (its key doesn't cover it): any use fails loudly."""

    def __init__(self, name: str) -> None:
        self.__dict__["_name"] = name

    def _used(self, *_args: Any) -> Any:
        raise RuntimeError(f"a kept frame used {self._name}, which its key doesn't cover")

    __getattr__ = __bool__ = __str__ = __iter__ = __len__ = _used


class Frames:
    """Whole pages kept but for their holes, keyed by everything else they are rendered from.

    `render(template, **context)` is called (once per key) only with the `shown` values (which are the key),
    `Absent` for the page's other values, and markers for the holes: `values` (filled in escaped, as the
    template's `{{ }}` would) and `calls` (the template's calls of kept pieces — topbar, head, cards —
    answered with a marker; the piece itself, already rendered for this request, is filled in as it is)."""

    def __init__(self, render: Callable[..., str], reading: Callable[[], Hashable], budget: int = 2_000_000) -> None:
        self._render, self._reading = render, reading
        self._secret = secrets.token_hex(8)
        self.budget = budget
        self._kept: OrderedDict[Hashable, tuple[str, ...]] = OrderedDict()
        self._size = 0

    def _marker(self, name: str) -> str:
        return f"\0frame-{name}.{self._secret}\0"

    def __call__(self, template: str, shown: dict[str, Hashable], values: dict[str, Any], calls: dict[str, Markup],
                 absent: tuple[str, ...]) -> str:
        key = (self._reading(), template, tuple(sorted(shown.items())), tuple(sorted(values)), tuple(sorted(calls)),
               absent)
        parts = self._kept.get(key)
        if parts is None:
            parts = self._kept[key] = self._split(template, shown, tuple(values), tuple(calls), absent)
            self._size += sum(map(len, parts))
            while self._size > self.budget and self._kept:
                _old, dropped = self._kept.popitem(last=False)
                self._size -= sum(map(len, dropped))
        else:
            self._kept.move_to_end(key)
        filled = {self._marker(n): str(escape(v)) for n, v in values.items()}
        filled.update((self._marker(n), str(piece)) for n, piece in calls.items())
        return "".join([filled[part] if i % 2 else part for i, part in enumerate(parts)])

    def _split(self, template: str, shown: dict[str, Hashable], values: tuple[str, ...], calls: tuple[str, ...],
               absent: tuple[str, ...]) -> tuple[str, ...]:
        context: dict[str, Any] = {n: Absent(n) for n in absent}
        context.update(shown)
        context.update((n, Markup(self._marker(n))) for n in values)  # noqa: S704 - our own marker
        context.update((n, _Call(Markup(self._marker(n)))) for n in calls)  # noqa: S704 - our own marker
        page = self._render(template, **context)
        pattern = "(" + "|".join(re.escape(self._marker(n)) for n in (*values, *calls)) + ")"
        return tuple(re.split(pattern, page)) if values or calls else (page,)


class _Call:
    """A kept piece's call in a frame: whatever it is asked, its marker."""

    def __init__(self, marker: Markup) -> None:
        self._marker = marker

    def __call__(self, *_args: Any, **_kw: Any) -> Markup:
        return self._marker


__all__ = ["Absent", "Fragments", "Frames", "Holes", "Only", "digest", "markers"]
