"""Typed user-facing errors: each carries a message a person can act on."""

from __future__ import annotations


class OpenZoneError(Exception):
    """Base of every error a front end turns into a reply."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(OpenZoneError):
    """The thing does not exist — or the asker may not know it exists."""


class Forbidden(OpenZoneError):
    """The asker may not do this."""


class Invalid(OpenZoneError):
    """The input is malformed; the message says what is expected."""


class LimitExceeded(OpenZoneError):
    """A size or rate limit was hit."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Conflict(OpenZoneError):
    """The change clashes with existing state (taken handle, duplicate name, ...)."""
