"""The shapes of the functions features hand to the registry and the router.

A leaf: it imports nothing of the handlers, so `registry` (which holds these functions) and
`context` (which names the registry and the command being run) need not import each other.
The context is `handlers.context.Context`; it is `Any` here for that reason, and each function
annotates its own `ctx: Context`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from chat.messages import Reply

CommandFunc = Callable[[Any], Awaitable[Any]]
"""A command: `async def f(ctx) -> Reply | list[Reply] | None`; its parsed arguments are `ctx.args`."""
ActionFunc = Callable[[Any, str], Awaitable[Any]]
"""A button press: `async def f(ctx, arg)`, `arg` being what follows `verb:` in the button's action."""
FlowFunc = Callable[[Any, dict[str, Any]], Awaitable[Any]]
"""The next plain message of a multi-step command (`async def f(ctx, flow)`), and the other
non-command handlers (photos without a command, a reply to a post's message)."""
Guard = Callable[[Any], Awaitable["Reply | None"]]
"""Runs before every command, button press or message (bans, rate limits); a Reply it returns is
the answer and nothing else runs. It may raise OpenZoneError too."""

__all__ = ["ActionFunc", "CommandFunc", "FlowFunc", "Guard"]
