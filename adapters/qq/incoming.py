"""OneBot v11 message events → Incoming: who, where, what text, which pictures, which bot message.

Messages arrive as segment arrays (`[{"type": "text", "data": {"text": …}}, …]`) or, from
implementations set to the string format, as CQ-coded text (`hi [CQ:at,qq=10001]`); both
become the same segments here.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from chat import Attachment, Incoming, Sender

PLATFORM = "qq"
ChatKind = Literal["private", "group"]
Segment = dict[str, Any]
Fetcher = Callable[[str], Callable[[], Awaitable[bytes]]]
_CQ = re.compile(r"\[CQ:([a-zA-Z0-9_.-]+)((?:,[^,\]]*)*)\]")
PRESS = re.compile(r"^!(\d{1,4})$")


def _unescape(text: str, *, inside: bool = False) -> str:
    text = text.replace("&#91;", "[").replace("&#93;", "]")
    if inside:
        text = text.replace("&#44;", ",")
    return text.replace("&amp;", "&")


def cq_segments(text: str) -> list[Segment]:
    """A CQ-coded message as segments (OneBot v11's string format)."""
    out: list[Segment] = []
    at = 0
    for m in _CQ.finditer(text):
        if m.start() > at:
            out.append({"type": "text", "data": {"text": _unescape(text[at:m.start()])}})
        data = {}
        for pair in filter(None, m.group(2).split(",")):
            key, _, value = pair.partition("=")
            data[key] = _unescape(value, inside=True)
        out.append({"type": m.group(1), "data": data})
        at = m.end()
    if at < len(text):
        out.append({"type": "text", "data": {"text": _unescape(text[at:])}})
    return out


def segments_of(message: Any) -> list[Segment]:
    if isinstance(message, str):
        return cq_segments(message)
    if isinstance(message, list):
        return [s for s in message if isinstance(s, dict) and isinstance(s.get("data", {}), dict)]
    return []


def plain_text(message: Any) -> str:
    """What a person reads of a message: its text segments (a bot card's first line names its post)."""
    return "".join(str(s.get("data", {}).get("text", "")) for s in segments_of(message) if s.get("type") == "text")


@dataclass(frozen=True)
class Parsed:
    """One message's segments, read: its text, whether it @-mentions us, what it quotes, its pictures."""

    text: str = ""
    at_me: bool = False
    reply_id: str | None = None
    images: tuple[Segment, ...] = field(default_factory=tuple)


def parse(message: Any, self_id: str) -> Parsed:
    parts: list[str] = []
    at_me = False
    reply_id: str | None = None
    images: list[Segment] = []
    for seg in segments_of(message):
        kind, data = seg.get("type"), seg.get("data") or {}
        if kind == "text":
            parts.append(str(data.get("text", "")))
        elif kind == "at":
            if self_id and str(data.get("qq")) == self_id:
                at_me = True
            elif data.get("qq") != "all":
                parts.append("@" + str(data.get("name") or data.get("qq")))
        elif kind == "reply" and data.get("id") is not None:
            reply_id = str(data["id"])
        elif kind == "image":
            images.append(data)
    return Parsed("".join(parts).strip() if at_me else "".join(parts), at_me, reply_id, tuple(images))


def chat_kind(event: dict[str, Any]) -> ChatKind | None:
    """Private chats (friends, group temporary sessions) and groups; anything else is not a conversation."""
    kind = event.get("message_type")
    return kind if kind in ("private", "group") else None


def chat_key(event: dict[str, Any]) -> str:
    """Which conversation an event belongs to: `group:ID` or `private:USER`."""
    if event.get("message_type") == "group":
        return f"group:{event.get('group_id')}"
    return f"private:{event.get('user_id')}"


def sender_of(event: dict[str, Any]) -> Sender:
    info = event.get("sender") or {}
    user_id = str(event.get("user_id") or info.get("user_id"))
    name = str(info.get("card") or info.get("nickname") or user_id)
    return Sender(PLATFORM, user_id, name, None)


def attachments(parsed: Parsed, fetch: Fetcher) -> tuple[Attachment, ...]:
    """Pictures as attachments; their bytes are fetched from the implementation's URL only when asked."""
    found = []
    for data in parsed.images:
        url = data.get("url") or (data.get("file") if str(data.get("file", "")).startswith("http") else None)
        if not url:
            continue
        size = data.get("file_size")
        found.append(Attachment("photo", fetch(str(url)), str(data.get("file") or "image.jpg")[:120], "",
                                int(size) if str(size or "").isdigit() else None))
    return tuple(found)


def to_incoming(event: dict[str, Any], parsed: Parsed, fetch: Fetcher, *, replied_to_me: str | None,
                action: str | None = None) -> Incoming | None:
    """The neutral message, or None for what nobody asked the bot.

    `replied_to_me`: the text of our message this one quotes (None if it quotes nothing of ours);
    `action`: the button a `!N` stands for. In groups only commands, @-mentions, presses and
    replies to our messages are for us; an @-mention without a slash is read as a command
    (`@bot feed` is `/feed`).
    """
    where = chat_kind(event)
    if where is None:
        return None
    key = f"qq:{chat_key(event)}:{event.get('message_id')}"
    sender = sender_of(event)
    if action is not None:
        return Incoming(sender, chat=where, action=action, dedup_key=key)
    text = parsed.text
    if where == "group":
        text = text.strip()
        if not (text.startswith("/") or parsed.at_me or replied_to_me is not None):
            return None
        if parsed.at_me and replied_to_me is None and text and not text.startswith("/"):
            text = "/" + text
    files = attachments(parsed, fetch)
    if not text.strip() and not files:
        return None
    return Incoming(sender, text=text, chat=where, attachments=files, reply_to_text=replied_to_me, dedup_key=key)


__all__ = ["PLATFORM", "PRESS", "Parsed", "chat_key", "chat_kind", "cq_segments", "parse", "plain_text",
           "segments_of", "sender_of", "to_incoming"]
