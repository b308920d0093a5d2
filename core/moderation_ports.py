"""What the moderation feature needs from storage."""

from __future__ import annotations

from typing import Protocol


class ModerationRepo(Protocol):
    """Filled in by the moderation feature."""
