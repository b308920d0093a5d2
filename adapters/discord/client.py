"""discord.py's client, carrying the adapter: the gateway events it hands on, unsharded or sharded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adapters.discord._lib import discord
from adapters.discord.render import ASK_ID, ActionButton

if TYPE_CHECKING:
    from adapters.discord.adapter import DiscordAdapter

# No privileged intent: slash commands need none, and DMs carry their text without
# MESSAGE_CONTENT. GUILDS keeps guilds and channels cached for interactions.
INTENTS = discord.Intents(guilds=True, dm_messages=True, guild_reactions=True, dm_reactions=True)
IDENTIFY_EVERY = 5.0  # seconds discord.py waits before each shard after a process's first (Discord's identify rate)


class _Events:
    """The events a client hands the adapter; mixed into the unsharded and the sharded client."""

    def __init__(self, adapter: DiscordAdapter, **kw: Any) -> None:
        super().__init__(**kw)
        self.openzone = adapter

    async def setup_hook(self) -> None:
        self.add_dynamic_items(ActionButton)

    async def on_message(self, message: discord.Message) -> None:
        await self.openzone.on_message(message)

    async def on_raw_reaction_add(self, event: discord.RawReactionActionEvent) -> None:
        await self.openzone.on_reaction(event, added=True)

    async def on_raw_reaction_remove(self, event: discord.RawReactionActionEvent) -> None:
        await self.openzone.on_reaction(event, added=False)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is discord.InteractionType.modal_submit and \
                (interaction.data or {}).get("custom_id") == ASK_ID:
            await self.openzone.on_modal(interaction)


class OpenZoneClient(_Events, discord.Client):
    """discord.Client carrying the adapter, so dynamic buttons can reach it after a restart."""


class ShardedOpenZoneClient(_Events, discord.AutoShardedClient):
    """The same over some of the bot's shards: `shard_ids` of `shard_count`, one gateway connection each.

    With shard_count given, discord.py never asks Discord for a recommended count, so every
    process splits the guilds the same way: guild events go to shard (guild_id >> 22) % count,
    DMs to shard 0. Shards after a process's first wait 5 s each before identifying (Discord's
    identify rate), as discord.py does.
    """


__all__ = ["IDENTIFY_EVERY", "INTENTS", "OpenZoneClient", "ShardedOpenZoneClient"]
