"""The terminal front end: `openzone chat --as HANDLE`."""

from adapters.console.session import ConsoleSession, render

__all__ = ["ConsoleSession", "render"]
