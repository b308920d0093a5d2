"""Showing replies outside an interaction: a typed DM's answers and the outbox's notices.

Interactions are answered by `respond.py`; here replies go to a channel as new messages, with
a typing indicator while handling takes a moment, and Discord's refusals turned into what the
outbox understands (retry later, or this person can't be reached here).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from adapters.discord._lib import discord
from adapters.discord.render import NO_MENTIONS, rendered
from chat import Reply, error_reply
from core.i18n import _
from core.outbox import RetryLater, Unreachable
from core.ports import Delivery

log = logging.getLogger("adapters.discord.adapter")
UNREACHABLE_CODES = {50007, 50033, 10013}  # can't DM this user; invalid recipient; unknown user


async def post(channel: discord.abc.Messageable, r: Reply) -> None:
    """One reply as the messages it renders to, sent to `channel`."""
    for m in await rendered(r):
        await channel.send(**m.kwargs())


async def answer_dm(message: discord.Message, work: Callable[[], Awaitable[list[Reply]]], typing_after: float) -> None:
    """Handle a typed DM and send its replies; any failure becomes an apology in the DM."""
    try:
        async with typing(message.channel, typing_after):
            replies = await work()
        for r in replies:
            await post(message.channel, r)
    except Exception:
        log.exception("discord message %s failed", message.id)
        with contextlib.suppress(Exception):
            await message.channel.send(error_reply(_("Something went wrong on our side. Please try again."))
                                       .plain_text, allowed_mentions=NO_MENTIONS)


@contextlib.asynccontextmanager
async def typing(channel: discord.abc.Messageable, after: float) -> AsyncIterator[None]:
    """Show "typing…" only when handling takes more than a moment."""

    async def indicate() -> None:
        async with channel.typing():
            await asyncio.Event().wait()

    # A timer, not a sleeping task: most DMs are answered before it fires (see the Telegram adapter).
    started: list[asyncio.Task[None]] = []
    timer = asyncio.get_running_loop().call_later(after, lambda: started.append(asyncio.ensure_future(indicate())))
    try:
        yield
    finally:
        timer.cancel()
        for task in started:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, discord.HTTPException):
                await task


async def deliver(client: discord.Client, delivery: Delivery) -> None:
    """The outbox notifier's sender: DM the identity; the outbox decides when to retry."""
    reply = Reply.from_dict(delivery.payload)
    try:
        channel = await client.create_dm(discord.Object(int(delivery.external_id)))
        await post(channel, reply)
    except discord.RateLimited as exc:
        raise RetryLater(exc.retry_after) from exc
    except discord.HTTPException as exc:
        if exc.code in UNREACHABLE_CODES or isinstance(exc, discord.Forbidden):
            raise Unreachable(f"{exc.status} {exc.code}: {exc.text}") from exc
        if exc.status == 429:
            raise RetryLater(_retry_after(exc)) from exc
        raise


def _retry_after(exc: discord.HTTPException) -> float:
    try:
        return float(exc.response.headers.get("Retry-After", 5))
    except (TypeError, ValueError, AttributeError):
        return 5.0


__all__ = ["UNREACHABLE_CODES", "answer_dm", "deliver", "post", "typing"]
