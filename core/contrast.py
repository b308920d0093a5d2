"""WCAG 2.2 contrast of a theme's colours: the catalog refuses a theme whose text people can't read.

Pure arithmetic (WCAG's relative luminance and contrast ratio) over hex colours, and the table of
which colour sits on which: every pair a page actually draws, with the minimum AA asks for it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

# (colour, the background it is drawn on, minimum ratio). Text needs 4.5:1 (WCAG 1.4.3; none of
# these is only ever large text, so none gets the 3:1 of large text); the focus ring is a visual
# indicator, 3:1 against what surrounds it (1.4.11 non-text contrast).
PAIRS: tuple[tuple[str, str, float], ...] = (
    ("fg", "bg", 4.5),  # the site name, crumbs and footer sit on the page itself
    ("muted", "bg", 4.5),
    ("link", "bg", 4.5),
    ("fg", "card", 4.5),
    ("muted", "card", 4.5),  # times, counts, captions, excerpts
    ("link", "card", 4.5),
    ("fg", "accent-soft", 4.5),  # badges, code
    ("accent-fg", "accent", 4.5),  # buttons, avatars
    ("notice-fg", "notice-bg", 4.5),
    ("focus", "bg", 3.0),
    ("focus", "card", 3.0),
)
# What sits under each background when it is see-through (a card over the page, the page over white).
BENEATH = {"card": "bg", "accent-soft": "card", "accent": "card", "notice-bg": "bg"}


def _rgba(colour: str) -> tuple[float, float, float, float]:
    digits = colour.lstrip("#")
    if len(digits) in (3, 4):
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in range(0, len(digits), 2)]
    return channels[0], channels[1], channels[2], channels[3] if len(channels) == 4 else 1.0


def _over(top: tuple[float, float, float, float], under: tuple[float, float, float]) -> tuple[float, float, float]:
    alpha = top[3]
    return tuple(t * alpha + u * (1 - alpha) for t, u in zip(top[:3], under))  # type: ignore[return-value]


def _luminance(rgb: tuple[float, float, float]) -> float:
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def ratio(colour: str, background: str, beneath: str = "#ffffff") -> float:
    """WCAG contrast ratio (1–21) of `colour` drawn on `background` (itself drawn on `beneath`)."""
    back = _over(_rgba(background), _rgba(beneath)[:3])
    front = _over(_rgba(colour), back)
    light, dark = sorted((_luminance(front), _luminance(back)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _solid(colours: Mapping[str, str], key: str) -> str:
    """A background as it shows: see-through ones over what lies beneath them, the page over white."""
    under = BENEATH.get(key)
    beneath = _solid(colours, under) if under else "#ffffff"
    r, g, b = _over(_rgba(colours[key]), _rgba(beneath)[:3])
    return "#%02x%02x%02x" % (round(r * 255), round(g * 255), round(b * 255))


def too_low(colours: Mapping[str, str]) -> list[str]:
    """Each pair below its minimum, as a sentence naming the keys, the colours and the ratio."""
    found = []
    for fg, bg, need in PAIRS:
        if fg not in colours or bg not in colours:
            continue
        got = ratio(colours[fg], _solid(colours, bg))
        if got < need:
            shown = math.floor(got * 100) / 100  # never print 4.50 for a 4.497 that fails
            found.append(f"palette.{fg} {colours[fg]} on palette.{bg} {colours[bg]} has a contrast of "
                         f"{shown:.2f}:1; WCAG 2.2 AA needs {need:g}:1")
    return found


__all__ = ["PAIRS", "ratio", "too_low"]
