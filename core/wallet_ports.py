"""What the wallet feature needs from storage."""

from __future__ import annotations

from typing import Protocol


class WalletRepo(Protocol):
    """Filled in by the wallet feature."""
