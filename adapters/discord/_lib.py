"""discord.py, imported once with its voice-support warning silenced.

discord.py's voice support imports the stdlib `audioop`, deprecated on 3.11+; the project runs
with warnings as errors, and we never use voice, so the warning is dropped here, precisely.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="'audioop' is deprecated", category=DeprecationWarning)
    import discord
    import discord.gateway
    import discord.http
    from discord import app_commands

__all__ = ["app_commands", "discord"]
