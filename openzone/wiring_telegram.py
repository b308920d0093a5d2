"""Wires the Telegram bot into `openzone run`: the part, its notification sender, its webhook route."""

from __future__ import annotations

import os

from adapters.telegram import TelegramAdapter
from openzone.parts import Part, Wiring

WEBHOOK_PATH = "/telegram/webhook"


def build(wiring: Wiring, *, receiver: bool = False) -> Part | None:
    """The Telegram part, or None when no token is configured.

    `receiver`: only take webhook calls and answer them (a `--role web` process at scale); the
    `--role telegram` process sets the webhook, the command menus, and sends the notifications."""
    settings = wiring.runtime.settings
    tg = settings.telegram
    if not tg.token or (receiver and tg.mode != "webhook"):
        return None
    # PTB 22 warns on every flood-limit error unless durations are timedeltas; we read both forms.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    adapter = TelegramAdapter(
        wiring.runtime.router, tg.token, mode=tg.mode,
        webhook_url=settings.public_url.rstrip("/") + WEBHOOK_PATH if tg.mode == "webhook" else "",
        webhook_secret=tg.webhook_secret, api_base_url=tg.api_base_url, file_base_url=tg.file_base_url,
        receiver=receiver,
    )
    if not receiver:
        wiring.senders["telegram"] = adapter.send_delivery
    if tg.mode == "webhook":
        wiring.routes.append(("POST", WEBHOOK_PATH, adapter.webhook))
    return adapter


def build_receiver(wiring: Wiring) -> Part | None:
    """A web process's share of Telegram in webhook mode: the webhook route, answering what it receives."""
    return build(wiring, receiver=True)


__all__ = ["build", "build_receiver", "WEBHOOK_PATH"]
