"""The web read side for friends (aiohttp)."""
