"""Shop commands (to be filled in by the shop feature)."""

from __future__ import annotations

from typing import Any

from handlers.registry import CommandGroup

commands = CommandGroup()
flows: dict[str, Any] = {}
