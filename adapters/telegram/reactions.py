"""Telegram's own reactions as likes: which bot message shows which post, and what a reaction means.

A `message_reaction` update names the message but carries none of its text, and the Bot API
can't fetch a message, so the adapter remembers the post cards it sent (the most recent ones,
in memory). Which reactions count, and what they do, is the handlers' rule (`reaction_action`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from telegram import Message, MessageReactionUpdated, ReactionTypeEmoji

from adapters.telegram.incoming import chat_kind, sender_of
from chat import Incoming
from handlers import reaction_action

REMEMBERED = 20_000  # post cards whose reactions count; older ones are forgotten


class Cards:
    """(chat, message) → the `#ID` its card shows, for the most recent cards sent."""

    def __init__(self, limit: int = REMEMBERED) -> None:
        self.limit = limit
        self._shown: OrderedDict[tuple[int, int], str] = OrderedDict()

    def remember(self, messages: Iterable[Message], post_id: int | None) -> None:
        if post_id is None:
            return
        for m in messages:
            self._shown[(m.chat_id, m.message_id)] = f"#{post_id}"
            self._shown.move_to_end((m.chat_id, m.message_id))
        while len(self._shown) > self.limit:
            self._shown.popitem(last=False)

    def text_of(self, chat_id: int, message_id: int) -> str | None:
        return self._shown.get((chat_id, message_id))


def _emojis(reactions: Iterable[object]) -> set[str]:
    return {r.emoji for r in reactions if isinstance(r, ReactionTypeEmoji)}


def reaction_incoming(event: MessageReactionUpdated, cards: Cards, key: str) -> Incoming | None:
    """The button press a changed reaction stands for (None: anonymous, another message, or no change)."""
    where = chat_kind(event.chat.type)
    text = cards.text_of(event.chat.id, event.message_id)
    if event.user is None or where is None or text is None:
        return None
    action = reaction_action(_emojis(event.old_reaction), _emojis(event.new_reaction), text)
    if action is None:
        return None
    return Incoming(sender_of(event.user), chat=where, action=action, dedup_key=key)


__all__ = ["Cards", "REMEMBERED", "reaction_incoming"]
