"""Discord messages and interactions → Incoming: who, where, what, which files."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal

from adapters.discord._lib import discord
from adapters.discord.render import message_text
from chat import Attachment, Incoming, Sender

PLATFORM = "discord"
ChatKind = Literal["private", "group"]


def sender_of(user: discord.abc.User) -> Sender:
    """Identity: platform `discord`, external id = the Discord user id."""
    return Sender(PLATFORM, str(user.id), user.display_name, user.name)


def chat_of(guild_id: int | None) -> ChatKind:
    return "private" if guild_id is None else "group"


def locale_of(interaction: discord.Interaction[Any]) -> str:
    """The language of the person's Discord client (`zh-CN`, `en-US`); interactions carry it, messages don't."""
    return str(interaction.locale)


def _fetcher(attachment: discord.Attachment) -> Callable[[], Awaitable[bytes]]:
    async def fetch() -> bytes:
        # Bytes only when a handler asks (albums); the CDN URL stays valid for a while.
        return await attachment.read()

    return fetch


def attachments_of(message: discord.Message) -> tuple[Attachment, ...]:
    return tuple(_attachment(a) for a in message.attachments)


def replied_text(message: discord.Message, bot_id: int | None) -> str | None:
    """The text of the bot message this one replies to (so replying to a post comments on it)."""
    ref = message.reference
    resolved = ref.resolved if ref is not None else None
    if isinstance(resolved, discord.Message) and bot_id is not None and resolved.author.id == bot_id:
        return message_text(resolved)
    return None


def from_message(message: discord.Message, bot_id: int | None) -> Incoming | None:
    """A DM typed by a person (`/post hello` goes through the same parser as any text)."""
    if message.author.bot or message.guild is not None:
        return None
    files = attachments_of(message)
    if not message.content and not files:
        return None
    return Incoming(sender_of(message.author), text=message.content, chat="private", attachments=files,
                    reply_to_text=replied_text(message, bot_id))


def from_command(interaction: discord.Interaction[Any], path: str, options: dict[str, Any]) -> Incoming:
    """A slash command: its options are the arguments, its attachment options the files."""
    files = tuple(_attachment(a) for a in options.values() if isinstance(a, discord.Attachment))
    args = {k: v for k, v in options.items() if v is not None and not isinstance(v, discord.Attachment)}
    return Incoming(sender_of(interaction.user), chat=chat_of(interaction.guild_id), command=path, args=args,
                    attachments=files, locale=locale_of(interaction))


def _attachment(a: discord.Attachment) -> Attachment:
    mime = a.content_type or ""
    return Attachment("photo" if mime.startswith("image/") else "document", _fetcher(a), a.filename, mime, a.size)


def from_button(interaction: discord.Interaction[Any], action: str) -> Incoming:
    return Incoming(sender_of(interaction.user), chat=chat_of(interaction.guild_id), action=action,
                    locale=locale_of(interaction))


def modal_text(interaction: discord.Interaction[Any]) -> str:
    """What the person typed into a modal's text inputs (ours has one)."""
    rows = (interaction.data or {}).get("components", [])
    values = [c.get("value", "") for row in rows for c in ([row.get("component")] if "component" in row
                                                          else row.get("components", [])) if c]
    return "\n".join(v for v in values if v)


def from_modal(interaction: discord.Interaction[Any]) -> Incoming:
    """A submitted question: its text is the person's next message (the flow that asked takes it)."""
    return Incoming(sender_of(interaction.user), text=modal_text(interaction), chat=chat_of(interaction.guild_id),
                    whole=True, locale=locale_of(interaction))


__all__ = [
    "PLATFORM", "attachments_of", "chat_of", "from_button", "from_command", "from_message", "from_modal",
    "locale_of", "modal_text", "sender_of",
]
