"""Numbered choices kept in the database, so `!N` still works after a restart or on another process.

Each answer's choices are stored twice through the keyed-state port: under every message that
shows them (a person may quote-reply an older message with `!2`) and as the conversation's
latest (a bare `!2` means the newest answer's). Both are single writes of one row each — no
counter to race on: numbers start at 1 in every answer.

Which messages show an answer is known only once QQ answered the sends, after the command's
transaction committed, so the choices are bookkeeping notes (handlers' `Services.bookkeeping`):
they ride on the next transaction the router commits, or are written alone after a moment, and
the adapter flushes them when it stops. Until written, this process reads them from there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from handlers import Services

TTL = timedelta(days=30)


def _key(chat: str, message_id: object | None = None) -> str:
    return f"qq:choices:{chat}" + (f":{message_id}" if message_id is not None else "")


class Choices:
    def __init__(self, services: Services) -> None:
        self.services = services

    def remember(self, chat: str, message_ids: Iterable[object], actions: list[str]) -> None:
        """Note the actions `!1`…`!N` of one answer in `chat`, shown by the messages `message_ids`.

        Written with the next transaction, not in one of its own."""
        if not actions:
            return
        value = {"actions": actions}
        expires = self.services.clock.now() + TTL
        notes = self.services.bookkeeping
        notes.put(_key(chat), value, expires)
        for message_id in message_ids:
            notes.put(_key(chat, message_id), value, expires)

    async def action(self, chat: str, number: int, quoted: str | None = None) -> str | None:
        """What `!number` stands for: in the quoted message's answer, else in the chat's latest."""
        key, now = _key(chat, quoted) if quoted is not None else _key(chat), self.services.clock.now()
        found = self.services.bookkeeping.get(key, now)
        if found is None:
            async with self.services.uow_factory() as uow:
                found = await uow.state.get(key, now)
        actions = (found or {}).get("actions") or []
        return str(actions[number - 1]) if 1 <= number <= len(actions) else None

    async def flush(self) -> None:
        """Write the choices still waiting (the adapter stopping): a restart still finds them."""
        await self.services.bookkeeping.flush()


__all__ = ["Choices", "TTL"]
