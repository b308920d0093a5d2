"""Telegram media groups: an album of photos arrives as one update per photo with a shared
`media_group_id`. They are collected for a short window and handed on as one Incoming with every
attachment, so the person gets one reply ("3 photos added to Trip") instead of three."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram import Update

from chat import Incoming

Flush = Callable[[Update, Incoming], Awaitable[None]]
WINDOW = 1.0  # Telegram sends a group's updates within a fraction of a second of each other


@dataclass
class _Batch:
    first: Update
    parts: list[tuple[int, Incoming]] = field(default_factory=list)
    task: asyncio.Task[None] | None = None


class MediaGroups:
    def __init__(self, flush: Flush, window: float = WINDOW) -> None:
        self._flush = flush
        self.window = window
        self._pending: dict[str, _Batch] = {}

    def add(self, update: Update, incoming: Incoming) -> bool:
        """Hold `incoming` if it belongs to a media group (True); the group is handled once, later."""
        message = update.message
        if message is None or message.media_group_id is None:
            return False
        key = f"{message.chat.id}:{message.media_group_id}"
        batch = self._pending.get(key)
        if batch is None:
            batch = self._pending[key] = _Batch(update)
            batch.task = asyncio.create_task(self._later(key))
        batch.parts.append((message.message_id, incoming))
        return True

    async def _later(self, key: str) -> None:
        await asyncio.sleep(self.window)
        batch = self._pending.pop(key)
        parts = [incoming for _, incoming in sorted(batch.parts, key=lambda p: p[0])]
        first = parts[0]
        # Telegram puts the caption on one photo of the group (usually the first); keep whichever has it.
        text = next((p.text for p in parts if p.text), "")
        merged = dataclasses.replace(first, text=text, attachments=tuple(a for p in parts for a in p.attachments))
        await self._flush(batch.first, merged)

    async def close(self) -> None:
        tasks = [b.task for b in self._pending.values() if b.task is not None]
        self._pending.clear()
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
