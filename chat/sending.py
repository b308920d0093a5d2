"""What every messenger adapter needs when sending: splitting long texts and pacing."""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from chat.messages import Reply, Span


# What a person sees as one character may be several code points: a letter and its accents, an
# emoji and its skin tone or variation selector, a family joined by ZWJ, a flag's two regional
# indicators or its tag characters, a keycap. Cutting inside one shows a broken glyph, so cuts
# move back to the start of such a cluster (the rules of UAX #29 that matter for chat text).
_ZWJ = "\u200d"
_EXTENDERS = frozenset("\u200c\u200d\u20e3") | {chr(c) for c in range(0xFE00, 0xFE10)}


def _extends(ch: str) -> bool:
    """Whether `ch` belongs to the character before it (never starts one of its own)."""
    cp = ord(ch)
    return (ch in _EXTENDERS or unicodedata.category(ch) in ("Mn", "Mc", "Me")
            or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F or 0xE0100 <= cp <= 0xE01EF)


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def boundary(text: str, at: int) -> int:
    """The nearest place at or before `at` where a cut splits no character (0 if none is)."""
    at = max(0, min(at, len(text)))
    while 0 < at < len(text):
        before, after = text[at - 1], text[at]
        if _extends(after) or before == _ZWJ:
            at -= 1
            continue
        if _regional(before) and _regional(after):
            run = 0  # regional indicators pair up from the start of their run: 🇨🇳🇯🇵
            while run < at and _regional(text[at - 1 - run]):
                run += 1
            if run % 2:
                at -= 1
                continue
        break
    return at


def clip(text: str, limit: int, more: str = "…") -> str:
    """`text` if it has at most `limit` characters, else its start (whole characters) and `more`."""
    if len(text) <= limit:
        return text
    cut = boundary(text, limit - len(more)) or boundary(text, limit)
    return text[:cut].rstrip() + more


def _cut(text: str, room: int) -> int:
    """Where to cut `text` within its first `room` code points: a paragraph break, else a line,
    else a space, else hard (never inside a character)."""
    for sep in ("\n\n", "\n", " "):
        at = text.rfind(sep, 0, room)
        if at > room // 3:
            return at + len(sep)
    return boundary(text, room) or room


def _fits(text: str, room: int, fits: Callable[[int], bool]) -> int:
    """The most code points of `text` that fit `room` (`fits(n)`: the first n do): by bisection,
    since a longer prefix never measures less; then moved back to a good place to cut."""
    if fits(len(text)):
        return len(text)
    lo, hi = 0, min(len(text), room)  # a code point measures at least one unit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    return _cut(text, lo) if lo else 0


def chunk(spans: tuple[Span, ...] | list[Span], limit: int, render: Callable[[Span], str],
          measure: Callable[[str], int] = len) -> list[str]:
    """Render spans into messages of at most `limit`, splitting between paragraphs.

    `measure` is how the messenger counts (default: characters, as Discord does; Telegram counts
    UTF-16 code units, so an emoji is two). Cuts fall between characters: never inside a code
    point's surrogate pair, nor inside an emoji sequence or a letter with its accents.
    """
    chunks: list[str] = []
    current, used = "", 0
    for span in spans:
        piece = render(span)
        size = measure(piece)
        if used + size <= limit:
            current, used = current + piece, used + size
            continue
        if size <= limit and current.endswith("\n"):
            chunks.append(current)
            current, used = piece, size
            continue
        text = span.text
        while text:
            room = limit - used

            def fits(n: int, text: str = text, room: int = room) -> bool:
                return measure(render(Span(text[:n], span.style, span.url))) <= room

            take = _fits(text, room, fits) if room > 0 else 0
            if take == 0:
                if current:
                    chunks.append(current)
                    current, used = "", 0
                    continue
                take = 1  # nothing fits an empty message: send one character anyway
                while take < len(text) and boundary(text, take) != take:
                    take += 1
            rendered = render(Span(text[:take], span.style, span.url))
            current, used = current + rendered, used + measure(rendered)
            text = text[take:]
            if text:
                chunks.append(current)
                current, used = "", 0
    if current.strip():
        chunks.append(current)
    return [c.rstrip() for c in chunks if c.strip()]


async def face_as_picture(reply: Reply) -> Reply:
    """For messengers that can't put a small picture beside a name: the reply's face as its picture,
    where the message is about that person (a profile, a zone) and has none of its own. A post card
    stays as it is — a photo on every card would crowd a chat and cap its text at a caption's length."""
    if reply.face is None or reply.post_id is not None or reply.images:
        return reply
    image = await reply.face.image()
    return replace(reply, images=(image,)) if image is not None else reply


@dataclass
class Pacer:
    """Keeps sends under a messenger's limits: one chat at most every `per_chat` seconds,
    and at most `per_second` messages a second overall."""

    per_chat: float = 1.0
    per_second: float = 25.0
    _last: dict[str, float] = field(default_factory=dict)
    _sent: list[float] = field(default_factory=list)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def wait(self, chat: str) -> None:
        async with self._lock:
            while True:
                now = time.monotonic()
                self._sent = [t for t in self._sent if now - t < 1.0]
                chat_wait = self._last.get(chat, -1e9) + self.per_chat - now
                global_wait = (self._sent[0] + 1.0 - now) if len(self._sent) >= self.per_second else 0.0
                delay = max(chat_wait, global_wait)
                if delay <= 0:
                    self._last[chat] = now
                    self._sent.append(now)
                    if len(self._last) > 10_000:
                        self._last = {k: v for k, v in self._last.items() if now - v < self.per_chat}
                    return
                await asyncio.sleep(delay)
