"""One feature of the chat, declared once: what its handlers module adds to the registry and the router.

Each handlers module ends with `feature = Feature(...)`; `handlers.FEATURES` lists them, and the
registry and the router are built from that list alone (NoneBot's `__plugin_meta__` in spirit).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from handlers._types import FlowFunc, Guard
from handlers.registry import CommandGroup


@dataclass(frozen=True)
class Flow:
    """Where a plain message goes when it continues something (a pending flow, a reply to a post),
    and the rate-limit bucket it counts against there (see `Command.bucket`)."""

    func: FlowFunc
    bucket: str | None = None


@dataclass(frozen=True)
class Feature:
    name: str
    """What the feature is called (`posts`, `albums`); the /help topic its commands are listed
    under unless it names another `topic`."""
    summary: str
    """What it offers people, in one line, declared with `N_("…")` (shown through `registry.translated`)."""
    commands: CommandGroup = field(default_factory=CommandGroup)
    """Its commands and button verbs (a command's `button=` makes it pressable too)."""
    topic: str = ""
    """The /help topic it joins, when not its own (comments are listed with posts)."""
    groups: Mapping[str, str] = field(default_factory=dict)
    """The command groups it owns (`/album …`) and what each is for (`N_("…")`): /help, menus and Discord show it."""
    flows: Mapping[str, Flow] = field(default_factory=dict)
    """Multi-step commands: a flow's kind → what handles the sender's next plain message."""
    guards: tuple[Guard, ...] = ()
    """Run before every command, button press and message, in order (bans, rate limits)."""
    on_attachments: FlowFunc | None = None
    """Photos sent without a command."""
    on_reply_to: Flow | None = None
    """A message replying to one that shows a post or a comment."""

    @property
    def help_topic(self) -> str:
        return self.topic or self.name


__all__ = ["Feature", "Flow"]
