"""The terminal front end: `openzone chat --as HANDLE`."""

from adapters.console.session import ConsoleSession, console_identity, render, system_locale

__all__ = ["ConsoleSession", "console_identity", "render", "system_locale"]
