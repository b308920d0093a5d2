"""The one place a Reply becomes Discord: markdown content or a post embed, buttons, files.

Discord shows at most 2,000 characters of content and 4,096 of embed description; longer
replies are split (between paragraphs) by the shared `chat.sending.chunk`, and the
buttons and images go under the last part. User text is markdown-escaped, and every send
disables mentions, so nobody can ping @everyone through a post.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from adapters.discord._lib import discord
from chat import Image, Reply, Span, chunk, clip

CONTENT_LIMIT = 2000
EMBED_LIMIT = 4096
LABEL_LIMIT = 80
TOAST_LIMIT = 2000
ACTION_PREFIX = "oz:"
EMBED_COLOUR = 0x5865F2
MAX_FILES = 10
GALLERY = 4  # images Discord shows together from embeds sharing one url
_GALLERY_URL = "https://discord.com"  # a gallery needs a shared url; a card without a link gets this one
NO_MENTIONS = discord.AllowedMentions.none()
_SAFE_URL = re.compile(r"^https?://[^\s()<>]+$")


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"oz:(?P<action>.+)"):
    """A button whose custom id carries the Reply button's action, so it works after restarts."""

    def __init__(self, action: str, label: str = "…") -> None:
        super().__init__(discord.ui.Button(label=clip(label, LABEL_LIMIT), custom_id=ACTION_PREFIX + action,
                                           style=discord.ButtonStyle.secondary))
        self.action = action

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any],
                             match: re.Match[str]) -> ActionButton:
        return cls(match["action"], getattr(item, "label", None) or "…")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # The client carries the adapter (set in adapter.py); the item itself decides nothing.
        await interaction.client.openzone.on_button(interaction, self.action)


def span_md(span: Span) -> str:
    """One span as Discord markdown; the text is escaped, the style is ours."""
    if span.style == "code":
        return f"`{span.text.replace('`', 'ˋ')}`" if span.text.strip() else span.text
    text = discord.utils.escape_markdown(span.text)
    if span.style == "link" and span.url:
        if _SAFE_URL.match(span.url):
            return f"[{text}]({span.url})" if span.text != span.url else span.url
        return f"{text} ({span.url})"
    if span.style in ("b", "i") and text.strip():
        mark = "**" if span.style == "b" else "*"
        # Markdown emphasis may not start or end with spaces: keep them outside the markers.
        lead, core, trail = _strip_edges(text)
        return f"{lead}{mark}{core}{mark}{trail}"
    return text


def _strip_edges(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.find(core)
    return text[:start], core, text[start + len(core):]


def view_of(reply: Reply) -> discord.ui.View | None:
    """Action buttons (answered by ActionButton), url buttons as links; None when there are none."""
    if not reply.buttons:
        return None
    view = discord.ui.View(timeout=None)
    for row, buttons in enumerate(reply.buttons[:5]):
        for b in buttons[:5]:
            if b.action is not None:
                view.add_item(_action(b.action, b.label, row))
            elif b.url:
                view.add_item(discord.ui.Button(label=clip(b.label, LABEL_LIMIT), url=b.url, row=row))
    return _sent_only(view)


def swap_view(message: discord.Message | None, pressed: str, reply: Reply) -> discord.ui.View | None:
    """The pressed message's buttons with the pressed one exchanged for the toast's one
    (None when there is nothing to exchange)."""
    new = next((b for row in reply.buttons for b in row if b.action is not None), None)
    if message is None or new is None:
        return None
    view, swapped = discord.ui.View(timeout=None), False
    for n, row in enumerate(message.components):
        for c in getattr(row, "children", ()):
            if not isinstance(c, discord.components.Button):
                continue
            if c.custom_id == pressed:
                view.add_item(_action(new.action, new.label, n))  # type: ignore[arg-type]
                swapped = True
            elif c.url:
                view.add_item(discord.ui.Button(label=c.label, url=c.url, row=n))
            elif c.custom_id and c.custom_id.startswith(ACTION_PREFIX):
                view.add_item(_action(c.custom_id[len(ACTION_PREFIX):], c.label or "…", n))
    return _sent_only(view) if swapped else None


def _action(action: str, label: str, row: int) -> discord.ui.Button[discord.ui.View]:
    """The button of an action: its custom id is what ActionButton's template reads back when it is pressed."""
    return discord.ui.Button(label=clip(label, LABEL_LIMIT), custom_id=ACTION_PREFIX + action,
                             style=discord.ButtonStyle.secondary, row=row)


def _sent_only(view: discord.ui.View) -> discord.ui.View:
    """A view to send and forget. Presses reach ActionButton, which the client registers once
    (client.setup_hook) and which matches any message's button by its custom id, after restarts
    too; so discord.py need keep nothing of each message's view, and a stopped view it does not
    store (as `ask_modal`'s modal)."""
    view.stop()
    return view


@dataclass
class Message:
    """One Discord message of a rendered Reply."""

    content: str = ""
    embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None
    images: tuple[Image, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for channel.send, response.send_message and followup.send alike."""
        out: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
        if self.content:
            out["content"] = self.content
        if self.embeds:
            out["embeds"] = self.embeds
        if self.view is not None:
            out["view"] = self.view
        if self.images:
            # Files are read once per send, so they are built fresh each time.
            out["files"] = [discord.File(io.BytesIO(i.data), filename=i.filename, description=i.alt or None)
                            for i in self.images[:MAX_FILES]]
        return out


def _card_parts(reply: Reply) -> tuple[str, list[Span], str, list[Span]] | None:
    """(head, body spans, counts, note) when the Reply is a post card (`#ID · author …` first line);
    a note after the counts (e.g. "Posted #3 to friends.") is said beside the card, not in it."""
    if reply.post_id is None or not reply.spans:
        return None
    head = reply.spans[0].text
    prefix = f"#{reply.post_id} · "
    if not head.startswith(prefix):
        return None
    body = list(reply.spans[1:])
    counts, note = "", []
    at = next((n for n in range(len(body) - 1, -1, -1) if body[n].text.startswith("👍")), None)
    if at is not None:
        counts, note, body = body[at].text, body[at + 1:], body[:at]
    return head[len(prefix):].strip(), body, counts, note


def _picture(first: Message, images: tuple[Image, ...]) -> None:
    """The pictures in the card: its first embed shows one, several show as Discord's gallery
    (embeds sharing one url show their images together); any beyond the gallery are attached."""
    card = first.embeds[0]
    card.set_image(url=f"attachment://{images[0].filename}")
    if len(images) > 1 and card.url is None:
        card.url = _GALLERY_URL
    first.embeds += [discord.Embed(url=card.url).set_image(url=f"attachment://{i.filename}")
                     for i in images[1:GALLERY]]
    first.images = images[:MAX_FILES]


def _link_of(reply: Reply) -> str | None:
    return next((b.url for row in reply.buttons for b in row if b.url and _SAFE_URL.match(b.url)), None)


def _face_fits(reply: Reply) -> bool:
    """Whether the reply's face has room: a message carries at most MAX_FILES files, photos first."""
    return reply.face is not None and len(reply.images) < MAX_FILES


async def rendered(reply: Reply) -> list[Message]:
    """`render`, with the reply's face read first where it will be shown."""
    return render(reply, await reply.face.image() if reply.face is not None and _face_fits(reply) else None)


def render(reply: Reply, face: Image | None = None) -> list[Message]:
    """Render once: a post becomes an embed card, anything else markdown content.

    `face` (the reply's Face, read) is uploaded with the first message and shown from there
    (`attachment://`): a card's author icon, else the thumbnail of an embed that then holds the
    text. Never a URL of ours, which Discord would fetch and keep past a later block or ban.
    """
    view = view_of(reply)
    card = _card_parts(reply)
    face = face if _face_fits(reply) else None
    out: list[Message] = []
    if card is not None:
        head, body, counts, note = card
        parts = chunk(body, EMBED_LIMIT, span_md) or [""]
        for n, part in enumerate(parts):
            embed = discord.Embed(description=part or None, colour=EMBED_COLOUR)
            if n == 0:
                embed.title = f"#{reply.post_id}"
                embed.url = _link_of(reply)
                embed.set_author(name=clip(head, 256), icon_url=f"attachment://{face.filename}" if face else None)
            if n == len(parts) - 1 and counts:
                embed.set_footer(text=counts)
            out.append(Message(embeds=[embed]))
        if reply.images:
            _picture(out[0], reply.images)
        out[0].content = clip("".join(span_md(s) for s in note).strip(), CONTENT_LIMIT)
    elif face is not None:
        out = [Message(embeds=[discord.Embed(description=part or None, colour=EMBED_COLOUR)])
               for part in chunk(reply.spans, EMBED_LIMIT, span_md) or [""]]
        out[0].embeds[0].set_thumbnail(url=f"attachment://{face.filename}")
        out[-1].images = reply.images
    else:
        out = [Message(content=c) for c in chunk(reply.spans, CONTENT_LIMIT, span_md)]
        if not out:
            out = [Message(content="…" if view is None and not reply.images else "")]
        out[-1].images = reply.images
    if face is not None:
        out[0].images = (face, *out[0].images)  # Discord shows a file an embed shows there only
    out[-1].view = view
    return out


ASK_ID = "oz:ask"  # a modal's custom id: its answer goes to the flow that asked, kept in the database
ASK_TITLE = 45  # Discord's limit for a modal title and a text input label
ASK_LIMIT = 4000  # Discord's longest text input; core says what is too long for what is asked


def ask_modal(reply: Reply) -> discord.ui.Modal:
    """The question as a modal with one text box; stopped at once, so discord.py keeps nothing of it
    in memory (the submission is routed by its custom id, even after a restart)."""
    label = clip(reply.asks, ASK_TITLE)
    modal = discord.ui.Modal(title=label, custom_id=ASK_ID, timeout=None)
    modal.add_item(discord.ui.TextInput(label=label, style=discord.TextStyle.paragraph, custom_id="text",
                                        max_length=ASK_LIMIT))
    modal.stop()
    return modal


def toast_text(reply: Reply) -> str:
    return clip("".join(span_md(s) for s in reply.spans).strip(), TOAST_LIMIT)


def message_text(message: discord.Message) -> str:
    """What a bot message says, for `ref_in`: its card's `#ID` title and text (a note beside the
    card, like "Posted #3 …", is not what a reply answers), else its content."""
    for embed in message.embeds[:1]:
        if (embed.title or "").startswith("#"):
            return "\n".join(x for x in (embed.title or "", embed.description or "") if x)
    if message.content:
        return message.content
    for embed in message.embeds:
        return "\n".join(x for x in (embed.title or "", embed.description or "") if x)
    return ""


__all__ = [
    "ACTION_PREFIX", "ASK_ID", "ActionButton", "ask_modal", "CONTENT_LIMIT", "EMBED_LIMIT", "Message", "NO_MENTIONS",
    "message_text", "render", "rendered", "span_md", "swap_view", "toast_text", "view_of",
]
