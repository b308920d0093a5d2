"""Long polling that confirms an update only once it has been handled.

Telegram forgets an update when a later `getUpdates` asks from an offset beyond it. PTB's Updater
asks for the next batch as soon as it has queued the last one, so a process killed with updates
still queued lost them. Here the offset moves past an update only after `handle` returned for it:
a process killed mid-batch gets the rest of the batch again on restart, and the router's
de-duplication (`telegram:update:N`, kept in the same transaction as the update's effect) makes an
update handled before the kill a no-op the second time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot, Update
from telegram.error import InvalidToken, TelegramError

log = logging.getLogger(__name__)
MAX_BACKOFF = 30.0


class Poller:
    """`run()` until `stop()`: fetch a batch, handle each update in order, then confirm it."""

    def __init__(self, bot: Bot, handle: Callable[[Update], Awaitable[object]], *, timeout: float,
                 allowed_updates: Sequence[str]) -> None:
        self.bot = bot
        self.handle = handle
        self.timeout = timeout
        self.allowed_updates = list(allowed_updates)
        self.offset: int | None = None
        self._fetching: asyncio.Task[tuple[Update, ...]] | None = None
        self._stopping = False

    async def run(self) -> None:
        await self._delete_webhook()
        backoff = 1.0
        while not self._stopping:
            self._fetching = asyncio.ensure_future(self.bot.get_updates(
                offset=self.offset, timeout=self.timeout, read_timeout=self.timeout + 10,
                allowed_updates=self.allowed_updates,
            ))
            try:
                updates = await self._fetching
            except asyncio.CancelledError:
                if self._stopping:
                    break
                raise
            except InvalidToken:
                raise
            except TelegramError as exc:
                log.warning("Telegram polling error (retrying in %.0fs): %s", backoff, exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            finally:
                self._fetching = None
            backoff = 1.0
            for update in updates:
                # A stop asked meanwhile still lets the batch finish: what was fetched is handled once.
                await self.handle(update)
                self.offset = update.update_id + 1
        if self.offset is not None:
            # A clean stop confirms what was handled, so the next start doesn't fetch it again.
            with contextlib.suppress(TelegramError, asyncio.TimeoutError):
                await self.bot.get_updates(offset=self.offset, limit=1, timeout=0, read_timeout=5)

    def stop(self) -> None:
        """Stop asking; `run` finishes the batch in hand, confirms it and returns."""
        self._stopping = True
        if self._fetching is not None:
            self._fetching.cancel()

    async def _delete_webhook(self) -> None:
        """Polling and a webhook exclude each other: drop one left from webhook mode (keeping its updates)."""
        backoff = 1.0
        while not self._stopping:
            try:
                await self.bot.delete_webhook(drop_pending_updates=False)
                return
            except InvalidToken:
                raise
            except TelegramError as exc:
                log.warning("Telegram unreachable (retrying in %.0fs): %s", backoff, exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
