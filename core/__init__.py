"""OpenZone's rules: plain Python, no frameworks, no I/O of its own."""

from core.errors import Conflict, Forbidden, Invalid, LimitExceeded, NotFound, OpenZoneError

__all__ = ["Conflict", "Forbidden", "Invalid", "LimitExceeded", "NotFound", "OpenZoneError"]
