"""Wires the Discord bot into `openzone run`: the part and its notification sender."""

from __future__ import annotations

from adapters.discord import DiscordAdapter
from openzone.parts import Part, Wiring


def build(wiring: Wiring) -> Part | None:
    """The Discord part, or None when no token is configured."""
    dc = wiring.runtime.settings.discord
    if not dc.token:
        return None
    adapter = DiscordAdapter(
        wiring.runtime.router, dc.token, application_id=dc.application_id, dev_guild_id=dc.dev_guild_id,
        api_base_url=dc.api_base_url, gateway_url=dc.gateway_url, shard_count=dc.shard_count, shard_ids=dc.shard_ids,
    )
    wiring.senders["discord"] = adapter.send_delivery
    return adapter


__all__ = ["build"]
