"""Theme preview cards for chat, drawn with Pillow from the theme's palette and cached in memory.

A card is a miniature zone: the page background and pattern, the banner gradient, a post card
with an avatar, text lines and an accent button — enough to judge a theme in a chat list. It holds
no words (text is suggested by bars), so one card serves readers of every language.
"""

from __future__ import annotations

import io
import re
import threading

from PIL import Image, ImageDraw

from core.shop.catalog import Theme

W, H = 480, 300
_HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def rgb(value: str, fallback: str = "#888888") -> tuple[int, int, int]:
    """`#abc` or `#aabbcc` (alpha ignored) → an RGB tuple."""
    m = _HEX.search(value or "") or _HEX.search(fallback)
    assert m is not None
    h = m.group(0)[1:]
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _stops(css: str, fallback: str) -> list[tuple[int, int, int]]:
    found = [rgb(m.group(0)) for m in _HEX.finditer(css or "")]
    return found or [rgb(fallback)]


def _gradient(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], stops: list[tuple[int, int, int]]) -> None:
    x0, y0, x1, y1 = box
    if len(stops) == 1:
        draw.rectangle(box, fill=stops[0])
        return
    span = max(1, x1 - x0)
    for x in range(x0, x1):
        t = (x - x0) / span * (len(stops) - 1)
        i = min(int(t), len(stops) - 2)
        f = t - i
        a, b = stops[i], stops[i + 1]
        draw.line([(x, y0), (x, y1)], fill=tuple(round(a[k] + (b[k] - a[k]) * f) for k in range(3)))


def _heart(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, fill: tuple[int, int, int]) -> None:
    """A small heart (the Like button's mark) with its top-left corner at x, y."""
    r = size // 4
    draw.ellipse((x, y, x + 2 * r, y + 2 * r), fill=fill)
    draw.ellipse((x + 2 * r, y, x + 4 * r, y + 2 * r), fill=fill)
    draw.polygon([(x, y + r + 1), (x + 4 * r, y + r + 1), (x + 2 * r, y + size)], fill=fill)


def draw_card(theme: Theme) -> bytes:
    c = theme.colour
    bg, fg, muted, card = rgb(c("bg")), rgb(c("fg")), rgb(c("muted")), rgb(c("card"))
    border, accent, accent_fg, soft = rgb(c("card-border")), rgb(c("accent")), rgb(c("accent-fg")), rgb(c("accent-soft"))
    img = Image.new("RGB", (W, H), bg)
    d = ImageDraw.Draw(img)
    dots = _stops(theme.pattern, c("accent-soft"))
    for y in range(6, H, 18):  # the tiled pattern, suggested by dots in its own colours
        for x in range(6 + (y // 18 % 2) * 9, W, 18):
            d.ellipse((x, y, x + 2, y + 2), fill=dots[(x + y) % len(dots)])
    minimal, magazine = theme.layout == "minimal", theme.layout == "magazine"
    banner_h = 0 if minimal else 70
    if banner_h:
        _gradient(d, (0, 0, W, banner_h), _stops(c("banner"), c("accent")))
    radius = 4 if minimal else 16
    columns = 2 if magazine else 1
    gap, top = 16, banner_h + (24 if minimal else 14)
    width = (W - 2 * 24 - (columns - 1) * gap) // columns
    for col in range(columns):
        x0 = 24 + col * (width + gap)
        box = (x0, top, x0 + width, H - 20)
        d.rounded_rectangle(box, radius=radius, fill=card, outline=border, width=2)
        d.ellipse((x0 + 14, top + 14, x0 + 50, top + 50), fill=accent)
        # Words are drawn as bars: the card reads the same in every language (the message names the theme).
        d.rounded_rectangle((x0 + 60, top + 18, x0 + 60 + min(140, width - 80), top + 30), radius=6, fill=fg)
        d.rounded_rectangle((x0 + 60, top + 38, x0 + 60 + min(70, width - 80), top + 44), radius=3, fill=muted)
        for n, frac in enumerate((0.9, 0.75, 0.55)):
            y = top + 66 + n * 18
            d.rounded_rectangle((x0 + 14, y, x0 + 14 + int((width - 28) * frac), y + 8), radius=4, fill=soft)
        by = H - 60
        d.rounded_rectangle((x0 + 14, by, x0 + 64, by + 26), radius=13, fill=accent)
        _heart(d, x0 + 31, by + 7, 14, accent_fg)
        d.rounded_rectangle((x0 + 76, by + 10, x0 + 76 + min(60, width - 90), by + 16), radius=3, fill=muted)
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


class ThemePreviews:
    """The PreviewRenderer port: one PNG per theme (and palette), drawn once per process."""

    def __init__(self) -> None:
        self._cache: dict[Theme, bytes] = {}
        self._lock = threading.Lock()

    def theme_card(self, theme: Theme) -> bytes:
        with self._lock:
            if theme not in self._cache:
                self._cache[theme] = draw_card(theme)
            return self._cache[theme]


__all__ = ["ThemePreviews", "draw_card"]
