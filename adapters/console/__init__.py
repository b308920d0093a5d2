"""The terminal front end: `openzone chat --as HANDLE`."""

from adapters.console.session import ConsoleSession, render, system_locale

__all__ = ["ConsoleSession", "render", "system_locale"]
