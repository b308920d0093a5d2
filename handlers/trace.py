"""The id of the request or update being handled, for every log line made while handling it.

A context variable, so each asyncio task (one web request, one chat update) carries its own: the
web middleware and the chat entry point set it, `openzone.logs` writes it on each line.
"""

from __future__ import annotations

from contextvars import ContextVar

REQUEST_ID: ContextVar[str] = ContextVar("openzone_request_id", default="-")

__all__ = ["REQUEST_ID"]
