"""Telegram's own reactions as likes: which bot message shows which post, and what a reaction means.

A `message_reaction` update names the message but carries none of its text, and the Bot API
can't fetch a message, so the adapter notes the post cards it sends (`handlers.cards`, kept in
the database, so they outlive a restart). Which reactions count, and what they do, is the
handlers' rule (`reaction_action`).
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram import MessageReactionUpdated, ReactionTypeEmoji

from adapters.telegram.incoming import PLATFORM, chat_kind, sender_of
from adapters.telegram.send import Shown
from chat import Incoming
from handlers import Services, card_post, reaction_action, remember_cards


def _where(chat_id: int, message_id: int) -> str:
    return f"{chat_id}:{message_id}"


def remember(services: Services, messages: Iterable[Shown], post_id: int | None) -> None:
    """Note the post a sent card (every message of it: a photo album and its buttons) shows."""
    if post_id is not None:
        remember_cards(services, PLATFORM, [_where(m.chat_id, m.message_id) for m in messages], post_id)


def _emojis(reactions: Iterable[object]) -> set[str]:
    return {r.emoji for r in reactions if isinstance(r, ReactionTypeEmoji)}


async def reaction_incoming(services: Services, event: MessageReactionUpdated, key: str) -> Incoming | None:
    """The button press a changed reaction stands for (None: anonymous, another message, or no change)."""
    where = chat_kind(event.chat.type)
    if event.user is None or where is None:
        return None
    post_id = await card_post(services, PLATFORM, _where(event.chat.id, event.message_id))
    if post_id is None:
        return None
    action = reaction_action(_emojis(event.old_reaction), _emojis(event.new_reaction), f"#{post_id}")
    if action is None:
        return None
    return Incoming(sender_of(event.user), chat=where, action=action, dedup_key=key, locale=event.user.language_code)


__all__ = ["reaction_incoming", "remember"]
