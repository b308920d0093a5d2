"""Numbered choices kept in the database, so `!N` still works after a restart or on another process.

Each answer's choices are stored twice through the keyed-state port: under every message that
shows them (a person may quote-reply an older message with `!2`) and as the conversation's
latest (a bare `!2` means the newest answer's). Both are single writes of one row each — no
counter to race on: numbers start at 1 in every answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from core.ports import Clock, UnitOfWorkFactory

TTL = timedelta(days=30)


def _key(chat: str, message_id: object | None = None) -> str:
    return f"qq:choices:{chat}" + (f":{message_id}" if message_id is not None else "")


class Choices:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self.uow_factory = uow_factory
        self.clock = clock

    async def remember(self, chat: str, message_ids: Iterable[object], actions: list[str]) -> None:
        """The actions `!1`…`!N` of one answer in `chat`, shown by the messages `message_ids`."""
        if not actions:
            return
        value = {"actions": actions}
        expires = self.clock.now() + TTL
        async with self.uow_factory() as uow:
            await uow.state.put(_key(chat), value, expires)
            for message_id in message_ids:
                await uow.state.put(_key(chat, message_id), value, expires)
            await uow.commit()

    async def action(self, chat: str, number: int, quoted: str | None = None) -> str | None:
        """What `!number` stands for: in the quoted message's answer, else in the chat's latest."""
        async with self.uow_factory() as uow:
            found = await uow.state.get(_key(chat, quoted) if quoted is not None else _key(chat), self.clock.now())
        actions = (found or {}).get("actions") or []
        return str(actions[number - 1]) if 1 <= number <= len(actions) else None


__all__ = ["Choices", "TTL"]
