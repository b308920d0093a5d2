"""The Discord front end (discord.py 2.7): translates, never decides."""

from __future__ import annotations

from adapters.discord._lib import discord  # first: imports discord.py with its voice warning silenced
from adapters.discord.adapter import DiscordAdapter, StartError
from adapters.discord.client import INTENTS, OpenZoneClient
from adapters.discord.commands import HASH_KEY, CatalogTranslator, build_tree, commands_hash, sync_if_changed
from adapters.discord.incoming import PLATFORM, sender_of
from adapters.discord.render import ActionButton, Message, render, span_md, toast_text, view_of

__all__ = [
    "HASH_KEY", "INTENTS", "PLATFORM", "ActionButton", "CatalogTranslator", "DiscordAdapter", "Message", "OpenZoneClient",
    "StartError", "build_tree", "commands_hash", "discord", "render", "sender_of", "span_md",
    "sync_if_changed", "toast_text", "view_of",
]
