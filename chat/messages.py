"""The platform-neutral message model: what comes in, what goes out."""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from string import Formatter
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

Style = Literal["", "b", "i", "code", "link"]
MAX_ACTION_BYTES = 64


@dataclass(frozen=True)
class Span:
    """A run of text with one light style; adapters escape `text` for their markup."""

    text: str
    style: Style = ""
    url: str | None = None


def plain(text: str) -> Span:
    return Span(text)


def b(text: str) -> Span:
    return Span(text, "b")


def i(text: str) -> Span:
    return Span(text, "i")


def code(text: str) -> Span:
    return Span(text, "code")


def link(text: str, url: str) -> Span:
    return Span(text, "link", url)


@dataclass(frozen=True)
class Button:
    """A button that sends `action` back (≤ 64 bytes), or opens `url`."""

    label: str
    action: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if (self.action is None) == (self.url is None):
            raise ValueError("a button has exactly one of action or url")
        if self.action is not None and len(self.action.encode()) > MAX_ACTION_BYTES:
            raise ValueError(f"button action over {MAX_ACTION_BYTES} bytes: {self.action!r}")

    def as_text(self) -> str:
        """A link button written out where a messenger can't show it as a button (`🔗 Zone: URL`): the
        colon as the label's own script writes it, full-width after Chinese (`🔗 Alice的空间：URL`), so no
        catalog is needed where the reply's language may no longer be active (an adapter's rendering)."""
        label = self.label.rstrip()
        wide = bool(label) and full_width(label[-1]) and not unicodedata.category(label[-1]).startswith("S")
        return f"{label}{'：' if wide else ': '}{self.url}"  # an emoji (a symbol) is wide but no script's


def full_width(char: str) -> bool:
    """Whether `char` takes a full cell, as Chinese characters and their punctuation (，。：) do."""
    return unicodedata.east_asian_width(char) in ("W", "F")


@dataclass(frozen=True)
class Image:
    data: bytes
    alt: str = ""
    filename: str = "image.jpg"


@dataclass(frozen=True)
class Face:
    """A person's picture to show beside their name (a post's author, a profile's owner).

    Its handler has already decided that everyone who reads the reply may see it (in a group,
    everyone there), so an adapter shows it as it is or not at all; the bytes are read only when an
    adapter shows it (`fetch`, None when the file is gone). Never a URL: a messenger that fetched one
    would keep its own copy, past any later block or ban.
    """

    name: str
    fetch: Callable[[], Awaitable[bytes | None]]
    everyone: bool = False
    """Decided for everyone who may read the message (a group's shared message), not one reader only."""
    filename: str = "face.jpg"

    async def image(self) -> Image | None:
        """The face as a picture, if its file is there."""
        data = await self.fetch()
        return Image(data, self.name, self.filename) if data else None


@dataclass(frozen=True)
class Reply:
    """One outgoing message.

    `post_id` names the post the message shows (adapters may render it as a card);
    `personal` marks results that must not be shown to a group (DM or ephemeral instead);
    `in_place` asks to edit the message whose button was pressed instead of sending anew;
    `toast` marks a short acknowledgement of a button press (Telegram: the callback answer,
    Discord: an ephemeral note) whose one button, if any, takes the pressed button's place in
    the pressed message (Like ↔ Unlike), every other button kept.
    `asks` labels a question whose answer is the person's next message (a comment, a reason):
    adapters with a native text input offer one (Discord: a modal; Telegram: a forced reply).
    `menu` (on a notice) names the role whose commands the recipient's command menu lists from
    now on — `user`, `moderator`, `admin`; messengers with per-chat menus (Telegram) follow it.
    `face` is the picture of whom the message is about or by (see Face); never queued.
    """

    spans: tuple[Span, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    images: tuple[Image, ...] = ()
    post_id: int | None = None
    personal: bool = False
    in_place: bool = False
    toast: bool = False
    asks: str = ""
    menu: str = ""
    face: Face | None = None

    @property
    def plain_text(self) -> str:
        return "".join(s.text for s in self.spans)

    def without_personal_links(self) -> Reply:
        """The same message with personal link tokens (`?t=…`) taken out of every URL.

        A signed link makes whoever opens it the person it was made for, so it may only travel
        in messages meant for that person alone.
        """
        spans = tuple(Span(s.text.replace(s.url, _unsigned(s.url)) if s.url else s.text, s.style,
                           _unsigned(s.url) if s.url else None) for s in self.spans)
        buttons = tuple(tuple(Button(b.label, b.action, _unsigned(b.url) if b.url else None) for b in row)
                        for row in self.buttons)
        return replace(self, spans=spans, buttons=buttons)

    def for_group(self) -> Reply:
        """The same message as a whole group may read it: no personal link, and no face that was
        decided for one reader only (see Face.everyone)."""
        face = self.face if self.face is not None and self.face.everyone else None
        return replace(self.without_personal_links(), face=face)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form for queued deliveries (images and faces are not queued)."""
        return {
            "spans": [[s.text, s.style, s.url] for s in self.spans],
            "buttons": [[[x.label, x.action, x.url] for x in row] for row in self.buttons],
            "post_id": self.post_id,
            **({"menu": self.menu} if self.menu else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reply:
        return cls(
            spans=tuple(Span(t, st, u) for t, st, u in data["spans"]),
            buttons=tuple(tuple(Button(lbl, act, url) for lbl, act, url in row) for row in data.get("buttons", [])),
            post_id=data.get("post_id"),
            menu=data.get("menu", ""),
        )


def _unsigned(url: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def reply(*parts: Span | str, buttons: tuple[tuple[Button, ...], ...] = (), images: tuple[Image, ...] = (),
          post_id: int | None = None, personal: bool = False, in_place: bool = False, toast: bool = False,
          asks: str = "", face: Face | None = None) -> Reply:
    """A Reply from its text in parts (plain strings or styled spans); the keywords are Reply's fields."""
    spans = tuple(p if isinstance(p, Span) else Span(p) for p in parts)
    return Reply(spans=spans, buttons=buttons, images=images, post_id=post_id, personal=personal, in_place=in_place,
                 toast=toast, asks=asks, face=face)


def fill(template: str, **values: Span | str | int) -> tuple[Span, ...]:
    """A translated sentence as spans: `{name}` fields take the values, spans keeping their style.

    `fill(_("{who} liked your post #{id}."), who=b(name), id=42)` lets a translator move the
    bold name anywhere in the sentence, which joining spans in code would not.
    """
    out: list[Span] = []
    for text, name, spec, conv in Formatter().parse(template):
        if text:
            out.append(Span(text))
        if name is None:
            continue
        value = values[name]
        if isinstance(value, Span):
            out.append(value)
        else:
            out.append(Span(format(value if conv is None else (repr(value) if conv == "r" else str(value)), spec or "")))
    return tuple(out)


def error_reply(message: str) -> Reply:
    return reply("⚠️ " + message, personal=True)


@dataclass(frozen=True)
class Sender:
    platform: str
    external_id: str
    display_name: str
    username: str | None = None


@dataclass(frozen=True)
class Attachment:
    """A file that arrived with a message; bytes are fetched only when a handler asks."""

    kind: Literal["photo", "document"]
    fetch: Callable[[], Awaitable[bytes]]
    filename: str = ""
    mime: str = ""
    size: int | None = None


@dataclass(frozen=True)
class Incoming:
    """One message or button press, whatever the messenger."""

    sender: Sender
    text: str = ""
    chat: Literal["private", "group"] = "private"
    attachments: tuple[Attachment, ...] = ()
    reply_to_text: str | None = None
    action: str | None = None
    args: dict[str, Any] | None = field(default=None)
    command: str | None = None
    dedup_key: str | None = None
    """Set by adapters whose platform may deliver twice (e.g. `telegram:update:123`)."""
    whole: bool = False
    """The text is a whole answer to a question asked (Discord's modal), never one line of several."""
    locale: str | None = None
    """The language the messenger says the sender reads, as it says it (Telegram `zh-hans`,
    Discord `zh-CN`, the console's `LANG`); None when it doesn't say."""

    @property
    def in_group(self) -> bool:
        """It came from a group chat: replies not marked personal are read by everyone there."""
        return self.chat == "group"
