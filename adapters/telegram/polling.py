"""Long polling that confirms an update only once it has been handled.

Telegram forgets an update when a later `getUpdates` asks from an offset beyond it. PTB's Updater
asks for the next batch as soon as it has queued the last one, so a process killed with updates
still queued lost them. Here the offset moves past an update only after `handle` returned for it:
a process killed mid-batch gets the rest of the batch again on restart, and the router's
de-duplication (`telegram:update:N`, kept in the same transaction as the update's effect) makes an
update handled before the kill a no-op the second time.

The last update of a batch is confirmed as soon as its effect is settled (`settled`: its
transaction committed, or failed), while its replies are still being sent: the next long poll is
then already waiting when the next update comes, as PTB's own Updater has it. Nothing is lost by
that: an update whose effect committed is a no-op if fetched again, its replies unsent either way.
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
        self._last: int | None = None  # the update id ending the batch in hand

    def _fetch(self) -> asyncio.Task[tuple[Update, ...]]:
        return asyncio.ensure_future(self.bot.get_updates(
            offset=self.offset, timeout=self.timeout, read_timeout=self.timeout + 10,
            allowed_updates=self.allowed_updates,
        ))

    def settled(self, update_id: int) -> None:
        """The update's effect is committed (or failed): if it ends the batch, confirm it and ask for
        the next batch now, while its replies are sent."""
        if update_id != self._last or self._stopping or self._fetching is not None:
            return
        self.offset = update_id + 1
        self._fetching = self._fetch()

    async def run(self) -> None:
        await self._delete_webhook()
        backoff = 1.0
        while not self._stopping:
            if self._fetching is None:
                self._fetching = self._fetch()
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
            self._last = updates[-1].update_id if updates else None
            for update in updates:
                # A stop asked meanwhile still lets the batch finish: what was fetched is handled once.
                await self.handle(update)
                if self._fetching is None:
                    self.offset = update.update_id + 1
            self._last = None
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
