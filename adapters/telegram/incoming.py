"""Telegram Update → Incoming: who, where, what text, which photos, which bot message."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

from telegram import Bot, Message, Update, User

from chat import Attachment, Incoming, Sender

PLATFORM = "telegram"
ChatKind = Literal["private", "group"]


def sender_of(user: User) -> Sender:
    return Sender(PLATFORM, str(user.id), user.full_name, user.username)


def chat_kind(chat_type: str | None) -> ChatKind | None:
    """Private chats and (super)groups; channels are not conversations with a person."""
    if chat_type == "private":
        return "private"
    if chat_type in ("group", "supergroup"):
        return "group"
    return None


def dedup_key(update: Update) -> str:
    return f"telegram:update:{update.update_id}"


def fetcher(bot: Bot, file_id: str) -> Callable[[], Awaitable[bytes]]:
    """Bytes on demand: getFile, then the download — only if a handler asks."""

    async def fetch() -> bytes:
        file = await bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())

    return fetch


def attachments(bot: Bot, message: Message) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        found.append(Attachment("photo", fetcher(bot, largest.file_id), f"{largest.file_unique_id}.jpg",
                                "image/jpeg", largest.file_size))
    if message.document is not None:
        doc = message.document
        mime = doc.mime_type or ""
        kind: Literal["photo", "document"] = "photo" if mime.startswith("image/") else "document"
        found.append(Attachment(kind, fetcher(bot, doc.file_id), doc.file_name or "", mime, doc.file_size))
    return tuple(found)


def addressed_elsewhere(text: str, bot_username: str | None) -> bool:
    """`/cmd@OtherBot`: a command for another bot in the same group."""
    head = text.split(maxsplit=1)[0] if text.strip() else ""
    if not head.startswith("/") or "@" not in head:
        return False
    return bot_username is not None and head.partition("@")[2].lower() != bot_username.lower()


def to_incoming(update: Update, bot: Bot) -> Incoming | None:
    """The neutral message, or None for updates nobody asked the bot about.

    Its `locale` is the sender's app language as Telegram tells it (`language_code`: `en`, `zh-hans`).
    """
    key = dedup_key(update)
    if (query := update.callback_query) is not None:
        if query.data is None:
            return None
        where = chat_kind(query.message.chat.type) if query.message is not None else "private"
        return Incoming(sender_of(query.from_user), chat=where or "group", action=query.data, dedup_key=key,
                        locale=query.from_user.language_code)
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None
    where = chat_kind(message.chat.type)
    if where is None:
        return None
    text = message.text or message.caption or ""
    if where == "private" and text.startswith("/start "):
        text = "/start"  # a deep link's payload (t.me/BOT?start=…) only brought the person here
    replied = message.reply_to_message
    to_bot = replied is not None and replied.from_user is not None and replied.from_user.id == bot.id
    if where == "group":
        # Groups: only commands, and replies to what the bot said, are meant for us.
        if not (text.startswith("/") or to_bot) or addressed_elsewhere(text, bot.username):
            return None
    files = attachments(bot, message)
    if not text and not files:
        return None
    reply_to_text = (replied.text or replied.caption) if to_bot and replied is not None else None
    return Incoming(sender_of(message.from_user), text=text, chat=where, attachments=files,
                    reply_to_text=reply_to_text, dedup_key=key, locale=message.from_user.language_code)


__all__ = ["PLATFORM", "addressed_elsewhere", "attachments", "chat_kind", "dedup_key", "sender_of", "to_incoming"]
