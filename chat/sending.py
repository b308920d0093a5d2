"""What every messenger adapter needs when sending: splitting long texts and pacing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from chat.messages import Span


def _cut(text: str, room: int) -> int:
    """Where to cut `text` to fit `room`: a paragraph break, else a line, else a space, else hard."""
    for sep in ("\n\n", "\n", " "):
        at = text.rfind(sep, 0, room)
        if at > room // 3:
            return at + len(sep)
    return room


def chunk(spans: tuple[Span, ...] | list[Span], limit: int, render: Callable[[Span], str]) -> list[str]:
    """Render spans into messages of at most `limit` characters, splitting between paragraphs."""
    chunks: list[str] = []
    current = ""
    for span in spans:
        piece = render(span)
        if len(current) + len(piece) <= limit:
            current += piece
            continue
        if len(piece) <= limit and current.endswith("\n"):
            chunks.append(current)
            current = piece
            continue
        text = span.text
        while text:
            room = limit - len(current)
            # Find the longest prefix of this span whose rendering fits the room left.
            take = _cut(text, max(1, room)) if len(text) > room else len(text)
            while take > 0 and len(render(Span(text[:take], span.style, span.url))) > room:
                take = _cut(text, take - 1) if take > 1 else 0
            if take == 0:
                if current:
                    chunks.append(current)
                    current = ""
                    continue
                take = 1
            current += render(Span(text[:take], span.style, span.url))
            text = text[take:]
            if text:
                chunks.append(current)
                current = ""
    if current.strip():
        chunks.append(current)
    return [c.rstrip() for c in chunks if c.strip()]


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
