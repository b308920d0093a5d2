"""What the album feature needs from storage."""

from __future__ import annotations

from typing import Protocol


class AlbumRepo(Protocol):
    """Filled in by the album feature."""
