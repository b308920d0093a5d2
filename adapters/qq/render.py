"""The one place a Reply becomes QQ messages: plain text in chunks, numbered choices, image segments.

QQ shows no markup and OneBot v11 has no buttons: styles are dropped, links are written out,
and each action button becomes a numbered choice `[!N label]` that the person answers by
sending `!N` (the numbers run on across one answer, as on the console). Pictures ride along as
`image` segments (base64), at most `IMAGES_PER_MESSAGE` to a message.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from chat import Image, Reply, Span, chunk

# QQ refuses or cuts messages of about 4,500 characters; stay under with room for the choices.
TEXT_LIMIT = 3000
IMAGES_PER_MESSAGE = 9
Segment = dict[str, object]


@dataclass(frozen=True)
class Outgoing:
    """One QQ message to send: its segments, in order."""

    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(str(s["data"]["text"]) for s in self.segments if s["type"] == "text")  # type: ignore[index]


def text_segment(text: str) -> Segment:
    return {"type": "text", "data": {"text": text}}


def image_segment(image: Image) -> Segment:
    return {"type": "image", "data": {"file": "base64://" + base64.b64encode(image.data).decode("ascii"),
                                      "summary": image.alt[:50]}}


def span_text(span: Span) -> str:
    if span.style == "link" and span.url and span.url != span.text:
        return f"{span.text} ({span.url})"
    return span.url if span.style == "link" and span.url else span.text


def choices(reply: Reply, numbers: list[str]) -> str:
    """The reply's buttons as lines of `[!N label]`; each action is appended to `numbers`."""
    lines = []
    for row in reply.buttons:
        cells = []
        for button in row:
            if button.action is not None:
                numbers.append(button.action)
                cells.append(f"[!{len(numbers)} {button.label}]")
            elif button.url:
                cells.append(button.as_text())
        if cells:
            lines.append(" ".join(cells))
    return "\n".join(lines)


def render(reply: Reply, numbers: list[str], limit: int = TEXT_LIMIT) -> list[Outgoing]:
    """Messages for one reply: text cut between paragraphs under `limit`, the choices under the last
    part, the pictures in the last message (more than nine: in messages of their own)."""
    buttons = choices(reply, numbers)
    spans = list(reply.spans)
    if buttons:
        spans.append(Span(("\n" if reply.plain_text.strip() else "") + buttons))
    texts = chunk(spans, limit, span_text)
    messages = [[text_segment(t)] for t in texts]
    images = [image_segment(i) for i in reply.images]
    first, rest = images[:IMAGES_PER_MESSAGE], images[IMAGES_PER_MESSAGE:]
    if first:
        if messages:
            messages[-1].extend(first)
        else:
            messages.append(first)
    for start in range(0, len(rest), IMAGES_PER_MESSAGE):
        messages.append(rest[start:start + IMAGES_PER_MESSAGE])
    return [Outgoing(tuple(m)) for m in messages]


__all__ = ["IMAGES_PER_MESSAGE", "Outgoing", "TEXT_LIMIT", "choices", "image_segment", "render", "span_text",
           "text_segment"]
