"""A small, in-process fake of Discord (REST API + gateway websocket).

The real ``discord.Client`` (discord.py 2.7) logs into it and runs against it,
so the Discord adapter is exercised through the real library code paths:
HTTP request building, rate-limit bookkeeping, gateway framing, state caching,
interaction parsing, webhook followups.  Nothing in discord.py is mocked; two
URLs are redirected (see :func:`patch_discord_base`).

What must be patched in discord.py (done by :func:`patch_discord_base`):

* ``discord.http.Route.BASE`` -- every REST call *and* every interaction
  callback / webhook followup (``discord/webhook/async_.py`` and
  ``sync.py`` import the very same ``Route`` class) is built from it.  It is
  read when a ``Route`` is constructed, so the patch must be active while the
  client runs, not only during ``login``.
* ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` -- a plain
  ``discord.Client`` never calls ``GET /gateway/bot``; it connects straight
  to ``wss://gateway.discord.gg/`` (only ``AutoShardedClient`` asks the REST
  API).  Resumes go to READY's ``resume_gateway_url`` (which the fake points at
  itself) and a non-resumable INVALID_SESSION sends the client back to
  ``DEFAULT_GATEWAY``, so that one must point at the fake as well.

Attachments are served by the fake under ``/attachments/...`` with absolute
URLs, so ``Attachment.read()`` needs no patching.  CDN assets (avatars,
``Asset.BASE``) are *not* redirected; the fake never sets avatar hashes.

Realism notes (things that bite a real bot too):

* interaction callbacks and webhook followups carry no ``Authorization``
  header; the fake accepts them without one, like Discord.
* discord.py only retries a 429 when the response carries a ``Via`` header
  (otherwise it assumes a Cloudflare ban); the fake sends ``Via`` everywhere.
* 2.7 posts callbacks with ``?with_response=1`` and *parses the body*
  (``{"interaction": {...}, "resource": {...}}``); a bare 204 would crash it.
* guild MESSAGE_CREATE content is blanked unless the client identified with
  the MESSAGE_CONTENT intent (or the bot is mentioned), as Discord does.
  DMs always carry content.
* injected 5xx are retried by discord.py with ``sleep(1 + 2 * tries)``; prefer
  4xx/429 injection in fast tests.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import re
import time
import warnings
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable, Iterable, Mapping, Sequence

import yarl
from aiohttp import BodyPartReader, WSMsgType, web

with warnings.catch_warnings():
    # discord.py imports the stdlib ``audioop`` (voice support), which is
    # deprecated on 3.11+; under ``-W error`` a bare import would fail.
    warnings.filterwarnings("ignore", message="'audioop' is deprecated", category=DeprecationWarning)
    import discord.gateway
    import discord.http

__all__ = [
    "Call",
    "DiscordPatch",
    "FakeDiscord",
    "new_snowflake",
    "option",
    "patch_discord_base",
    "restore_discord_base",
]

JSONDict = dict[str, Any]

# --------------------------------------------------------------------------- #
# discord.py patching
# --------------------------------------------------------------------------- #

_ORIGINAL_ROUTE_BASE: str = discord.http.Route.BASE
_ORIGINAL_DEFAULT_GATEWAY: yarl.URL = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY


class DiscordPatch:
    """Handle returned by :func:`patch_discord_base`.

    Usable as a context manager or restored explicitly with :meth:`restore`.
    Restores exactly the values that were in place when it was applied, so
    nested patches unwind correctly.
    """

    def __init__(self, api_base: str, gateway_url: str | None) -> None:
        self._old_base = discord.http.Route.BASE
        self._old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = api_base.rstrip("/")
        if gateway_url is not None:
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
        self._restored = False

    def restore(self) -> None:
        if self._restored:
            return
        discord.http.Route.BASE = self._old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._old_gateway
        self._restored = True

    def __enter__(self) -> DiscordPatch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.restore()


def patch_discord_base(api_base: str | FakeDiscord, gateway_url: str | None = None) -> DiscordPatch:
    """Point discord.py's REST base (and gateway) at a fake.

    ``api_base`` is e.g. ``fake.api_base`` (``http://127.0.0.1:PORT/api/v10``)
    or the :class:`FakeDiscord` itself, in which case its gateway URL is used
    too.  Applied immediately; undo with ``.restore()`` /
    :func:`restore_discord_base`, or use it as a ``with`` block.
    """
    if isinstance(api_base, FakeDiscord):
        gateway_url = gateway_url or api_base.gateway_url
        api_base = api_base.api_base
    return DiscordPatch(api_base, gateway_url)


def restore_discord_base() -> None:
    """Put discord.py back to the real Discord URLs (values seen at import)."""
    discord.http.Route.BASE = _ORIGINAL_ROUTE_BASE
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = _ORIGINAL_DEFAULT_GATEWAY


# --------------------------------------------------------------------------- #
# helpers
# --------------------------------------------------------------------------- #

_DISCORD_EPOCH_MS = 1420070400000
_snowflake_counter = itertools.count(1)

# Administrator-ish: every permission bit up to 2**51, the usual bot grant.
ALL_PERMISSIONS = (1 << 51) - 1
MESSAGE_CONTENT_INTENT = 1 << 15
GUILD_PRESENCES_INTENT = 1 << 8
GUILD_MESSAGE_REACTIONS_INTENT = 1 << 10
DIRECT_MESSAGE_REACTIONS_INTENT = 1 << 13
EPHEMERAL_FLAG = 1 << 6
LOADING_FLAG = 1 << 7
MAX_CONTENT_LENGTH = 2000


def new_snowflake() -> int:
    """A fresh, increasing, realistic snowflake (timestamp in the high bits)."""
    ms = int(time.time() * 1000) - _DISCORD_EPOCH_MS
    return (ms << 22) | (next(_snowflake_counter) & 0x3FFFFF)


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


def option(
    name: str,
    value: Any = None,
    type: int = 3,
    *,
    focused: bool = False,
    options: Sequence[JSONDict] | None = None,
) -> JSONDict:
    """Build an interaction ``data.options`` entry.

    ``type`` follows Discord's option types (1 subcommand, 2 group, 3 string,
    4 integer, 5 boolean, 6 user, 7 channel, 8 role, 10 number, 11 attachment).
    Subcommands/groups take nested ``options`` instead of a value.
    """
    opt: JSONDict = {"name": name, "type": type}
    if type in (1, 2):
        opt["options"] = list(options or [])
    else:
        opt["value"] = value
    if focused:
        opt["focused"] = True
    return opt


class _ApiError(Exception):
    """Raised by handlers to produce a Discord-style JSON error."""

    def __init__(self, status: int, message: str, code: int = 0, errors: JSONDict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body: JSONDict = {"message": message, "code": code}
        if errors:
            self.body["errors"] = errors


def _too_long(field_name: str) -> _ApiError:
    return _ApiError(
        400,
        "Invalid Form Body",
        50035,
        {
            field_name: {
                "_errors": [
                    {
                        "code": "BASE_TYPE_MAX_LENGTH",
                        "message": f"Must be {MAX_CONTENT_LENGTH} or fewer in length.",
                    }
                ]
            }
        },
    )


@dataclass
class Call:
    """One HTTP request the fake received (recorded after it was answered)."""

    method: str
    # Path relative to the API base ("/channels/1/messages"); non-API paths
    # (attachments) keep their full path ("/attachments/1/a.png").
    path: str
    query: dict[str, str]
    # JSON body, or the decoded ``payload_json`` part of a multipart body.
    json: Any = None
    # multipart file parts: field name ("files[0]") -> bytes / filename.
    files: dict[str, bytes] = field(default_factory=dict)
    filenames: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 0
    response: Any = None

    def __repr__(self) -> str:
        return f"<Call {self.method} {self.path} -> {self.status}>"


@dataclass
class _Failure:
    pattern: re.Pattern[str]
    status: int
    body: JSONDict
    headers: dict[str, str]
    remaining: int


@dataclass
class _Interaction:
    payload: JSONDict
    token: str
    response_type: int | None = None
    original_message_id: int | None = None
    modal: JSONDict | None = None  # the modal shown in answer (type 9)


@dataclass
class _Session:
    session_id: str
    token: str
    intents: int
    seq: int = 0
    shard: tuple[int, int] | None = None
    """(shard_id, shard_count) from IDENTIFY; None: an unsharded connection (receives everything)."""

    def owns(self, guild_id: Any) -> bool:
        """Discord's routing: a guild's events go to shard (guild_id >> 22) % count; DMs to shard 0."""
        if self.shard is None:
            return True
        shard_id, count = self.shard
        return (int(guild_id) >> 22) % count == shard_id if guild_id is not None else shard_id == 0


class _GatewayConnection:
    """One websocket client; serialises sends so zlib frames stay ordered."""

    def __init__(self, ws: web.WebSocketResponse, compress: bool) -> None:
        self.ws = ws
        # zlib-stream: one compressor for the whole connection, each frame
        # flushed with Z_SYNC_FLUSH so it ends in 00 00 ff ff (what
        # discord.py's _ZlibDecompressionContext waits for).
        self.compressor = zlib.compressobj() if compress else None
        self.lock = asyncio.Lock()
        self.session: _Session | None = None

    async def send(self, payload: JSONDict) -> None:
        text = json.dumps(payload)
        async with self.lock:
            if self.ws.closed:
                return
            if self.compressor is not None:
                data = self.compressor.compress(text.encode()) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(data)
            else:
                await self.ws.send_str(text)


_Handler = Callable[[Call, re.Match[str], web.Request], Awaitable[web.StreamResponse]]


# --------------------------------------------------------------------------- #
# the fake
# --------------------------------------------------------------------------- #


class FakeDiscord:
    """An aiohttp server speaking enough Discord for discord.py 2.7.

    Typical use::

        fake = FakeDiscord()
        fake.add_guild(1, "Test guild")
        await fake.start()
        with patch_discord_base(fake):
            await client.login(fake.token)
            task = asyncio.create_task(client.connect())
            ...
        await fake.stop()
    """

    HEARTBEAT_INTERVAL_MS = 41250

    def __init__(
        self,
        token: str = "TEST.TOKEN",
        application_id: int = 1100000000000000001,
        bot_user_id: int | None = None,
        *,
        bot_username: str = "FakeBot",
        gateway_compression: bool = True,
        enforce_message_content_intent: bool = True,
    ) -> None:
        self.token = token
        self.application_id = application_id
        # Bot users normally share their application's id.
        self.bot_user_id = bot_user_id if bot_user_id is not None else application_id
        self.gateway_compression = gateway_compression
        self.enforce_message_content_intent = enforce_message_content_intent
        # If False, RESUME is answered with INVALID_SESSION(false).
        self.allow_resume = True

        self.users: dict[int, JSONDict] = {}
        self.bot_user = self.make_user(self.bot_user_id, bot_username, bot=True)
        self.guilds: dict[int, JSONDict] = {}
        self.channels: dict[int, JSONDict] = {}
        self.dm_channels: dict[int, JSONDict] = {}  # recipient user id -> channel
        self.dms_disabled: set[int] = set()  # users whose DMs answer 403/50007
        self.messages: dict[int, JSONDict] = {}
        self.global_commands: list[JSONDict] = []
        self.guild_commands: dict[int, list[JSONDict]] = {}
        self.attachments: dict[int, tuple[bytes, str, str]] = {}
        self.interactions: dict[int, _Interaction] = {}
        self._interactions_by_token: dict[str, int] = {}

        self.calls: list[Call] = []
        self.identify_payloads: list[JSONDict] = []
        self.resume_payloads: list[JSONDict] = []
        self.gateway_received: list[JSONDict] = []
        self.dispatched: list[tuple[str, JSONDict]] = []
        self.gateway_queries: list[dict[str, str]] = []

        self._failures: list[_Failure] = []
        self._sessions: dict[str, _Session] = {}
        self._connections: set[_GatewayConnection] = set()
        self._call_event = asyncio.Event()
        self._ready_event = asyncio.Event()
        self._routes = self._build_routes()
        self._runner: web.AppRunner | None = None
        self._base_url = ""

    # ------------------------------------------------------------------ #
    # lifecycle
    # ------------------------------------------------------------------ #

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway_handler)
        app.router.add_get("/attachments/{attachment_id}/{filename}", self._attachment_handler)
        app.router.add_route("*", "/api/{tail:.*}", self._api_handler)
        app.router.add_route("*", "/{tail:.*}", self._api_handler)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # started above
        port = server.sockets[0].getsockname()[1]
        self._base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        # Close websockets ourselves first: runner.cleanup() would otherwise
        # wait for the connection handlers up to its shutdown timeout.
        connections = list(self._connections)
        await asyncio.gather(
            *(c.ws.close(code=1001, message=b"fake shutting down") for c in connections),
            return_exceptions=True,
        )
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if not self._base_url:
            raise RuntimeError("FakeDiscord.start() has not been awaited")
        return self._base_url

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.base_url.removeprefix('http://')}/gateway"

    # ------------------------------------------------------------------ #
    # world building
    # ------------------------------------------------------------------ #

    def make_user(self, user_id: int, username: str | None = None, *, bot: bool = False) -> JSONDict:
        """Create (or update) a user and return its Discord user object."""
        user: JSONDict = {
            "id": str(user_id),
            "username": username or f"user{user_id}",
            "discriminator": "0",
            "global_name": username or f"user{user_id}",
            "avatar": None,
            "public_flags": 0,
            "flags": 0,
            "bot": bot,
        }
        self.users[user_id] = user
        return user

    def user(self, user_id: int) -> JSONDict:
        """The user object for ``user_id``, created on first use."""
        return self.users.get(user_id) or self.make_user(user_id)

    def add_guild(
        self,
        guild_id: int,
        name: str,
        channels: Sequence[Mapping[str, Any]] | None = None,
        *,
        member_ids: Iterable[int] = (),
        owner_id: int | None = None,
    ) -> JSONDict:
        """Register a guild sent as GUILD_CREATE after READY.

        ``channels`` are partial channel dicts (at least ``name``; ``id`` and
        ``type`` default to a fresh snowflake / 0 = text).  Without channels a
        single ``#general`` is created.  The bot is always a member.  Call
        before the client connects, or dispatch
        ``("GUILD_CREATE", fake.guild_payload(gid))`` afterwards.
        """
        member_ids = list(member_ids)
        guild: JSONDict = {
            "id": str(guild_id),
            "name": name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(owner_id if owner_id is not None else (member_ids or [self.bot_user_id])[0]),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "features": [],
            "roles": [
                {
                    # @everyone shares the guild id.
                    "id": str(guild_id),
                    "name": "@everyone",
                    "permissions": str(1071698660929),  # Discord's default
                    "position": 0,
                    "color": 0,
                    "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "emojis": [],
            "stickers": [],
            "channels": [],
            "threads": [],
            "members": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "unavailable": False,
            "large": False,
            "lazy": True,
            "premium_progress_bar_enabled": False,
            "max_members": 500000,
        }
        self.guilds[guild_id] = guild
        for position, spec in enumerate(channels or [{"name": "general"}]):
            self.add_channel(guild_id, **{"position": position, **dict(spec)})
        self.add_member(guild_id, self.bot_user_id)
        for uid in member_ids:
            self.add_member(guild_id, uid)
        return guild

    def add_channel(self, guild_id: int, name: str, *, id: int | None = None, type: int = 0, **extra: Any) -> JSONDict:
        """Add a guild channel (text by default) and return it."""
        guild = self.guilds[guild_id]
        channel_id = int(id) if id is not None else new_snowflake()
        channel: JSONDict = {
            "id": str(channel_id),
            "type": type,
            "guild_id": str(guild_id),
            "name": name,
            "position": len(guild["channels"]),
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }
        if type in (2, 13):  # voice / stage need these
            channel.update({"bitrate": 64000, "user_limit": 0, "rtc_region": None})
        channel.update(extra)
        guild["channels"].append(channel)
        self.channels[channel_id] = channel
        return channel

    def add_member(
        self, guild_id: int, user_id: int, *, roles: Sequence[int] = (), nick: str | None = None
    ) -> JSONDict:
        guild = self.guilds[guild_id]
        member = {
            "user": self.user(user_id),
            "nick": nick,
            "avatar": None,
            "banner": None,
            "roles": [str(r) for r in roles],
            "joined_at": _now_iso(),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        guild["members"] = [m for m in guild["members"] if m["user"]["id"] != str(user_id)] + [member]
        guild["member_count"] = len(guild["members"])
        return member

    def guild_payload(self, guild_id: int, *, all_members: bool = True) -> JSONDict:
        """The GUILD_CREATE payload for a configured guild.

        With ``all_members=False`` only the bot's own member is included while
        ``member_count`` stays the real total -- what Discord sends a client
        without the GUILD_PRESENCES intent; discord.py then asks for the rest
        with REQUEST_GUILD_MEMBERS (op 8) if it has the members intent.
        """
        guild = dict(self.guilds[guild_id])
        guild["joined_at"] = _now_iso()
        if not all_members:
            guild["members"] = [m for m in guild["members"] if m["user"]["id"] == str(self.bot_user_id)]
        return guild

    def guild_of_channel(self, channel_id: int) -> int | None:
        channel = self.channels.get(channel_id)
        if channel is None or channel.get("guild_id") is None:
            return None
        return int(channel["guild_id"])

    def dm_channel(self, user_id: int, channel_id: int | None = None) -> JSONDict:
        """The bot's DM channel with ``user_id`` (created on first use)."""
        existing = self.dm_channels.get(user_id)
        if existing is not None:
            return existing
        cid = channel_id if channel_id is not None else new_snowflake()
        channel: JSONDict = {
            "id": str(cid),
            "type": 1,
            "last_message_id": None,
            "flags": 0,
            "recipients": [self.user(user_id)],
        }
        self.dm_channels[user_id] = channel
        self.channels[cid] = channel
        return channel

    def add_attachment(
        self,
        data: bytes,
        filename: str,
        content_type: str = "application/octet-stream",
        *,
        width: int | None = None,
        height: int | None = None,
    ) -> JSONDict:
        """Store bytes and return an attachment object served by the fake."""
        attachment_id = new_snowflake()
        self.attachments[attachment_id] = (data, content_type, filename)
        url = f"{self.base_url}/attachments/{attachment_id}/{filename}"
        attachment: JSONDict = {
            "id": str(attachment_id),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
        }
        if width is not None and height is not None:
            attachment.update({"width": width, "height": height})
        return attachment

    # ------------------------------------------------------------------ #
    # payload builders (gateway events)
    # ------------------------------------------------------------------ #

    def _build_message(
        self,
        *,
        channel_id: int,
        author: JSONDict,
        content: str = "",
        guild_id: int | None = None,
        attachments: Sequence[JSONDict] = (),
        embeds: Sequence[JSONDict] = (),
        components: Sequence[JSONDict] = (),
        mentions: Sequence[int] = (),
        flags: int = 0,
        message_type: int = 0,
        message_reference: JSONDict | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> JSONDict:
        message_id = new_snowflake()
        message: JSONDict = {
            "id": str(message_id),
            "type": message_type,
            "channel_id": str(channel_id),
            "author": author,
            "content": content,
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [self.user(uid) for uid in mentions],
            "mention_roles": [],
            "attachments": list(attachments),
            "embeds": list(embeds),
            "components": list(components),
            "pinned": False,
            "flags": flags,
        }
        if guild_id is not None:
            message["guild_id"] = str(guild_id)
        if message_reference is not None:
            message["message_reference"] = message_reference
            referenced = self.messages.get(int(message_reference.get("message_id", 0) or 0))
            if referenced is not None:
                message["referenced_message"] = referenced
        if extra:
            message.update(extra)
        self.messages[message_id] = message
        channel = self.channels.get(channel_id)
        if channel is not None:
            channel["last_message_id"] = str(message_id)
        return message

    def message_create(
        self,
        channel_id: int | None,
        author_id: int,
        content: str,
        guild_id: int | None = None,
        attachments: Sequence[JSONDict] | None = None,
        *,
        mentions: Sequence[int] = (),
        embeds: Sequence[JSONDict] = (),
        message_reference: JSONDict | None = None,
    ) -> JSONDict:
        """A MESSAGE_CREATE payload (not yet dispatched).

        ``channel_id=None`` (or a channel the fake doesn't know, without
        ``guild_id``) means a DM from ``author_id`` to the bot, in the bot's
        DM channel with that user.  For a known guild channel ``guild_id`` is
        inferred.  ``attachments`` come from :meth:`add_attachment`.
        """
        author = self.user(author_id)
        if guild_id is None and channel_id is not None:
            guild_id = self.guild_of_channel(channel_id)
        if guild_id is None:
            dm = self.dm_channel(author_id, channel_id)
            channel_id = int(dm["id"])
        assert channel_id is not None
        message = self._build_message(
            channel_id=channel_id,
            author=author,
            content=content,
            guild_id=guild_id,
            attachments=attachments or (),
            embeds=embeds,
            mentions=mentions,
            message_type=19 if message_reference else 0,
            message_reference=message_reference,
        )
        payload = dict(message)
        if guild_id is not None:
            member = self._member_payload(guild_id, author_id)
            member.pop("user", None)  # MESSAGE_CREATE members are partial
            payload["member"] = member
        return payload

    def _member_payload(self, guild_id: int, user_id: int, permissions: int | None = None) -> JSONDict:
        guild = self.guilds.get(guild_id)
        found = None
        if guild is not None:
            found = next((m for m in guild["members"] if m["user"]["id"] == str(user_id)), None)
        member = dict(found) if found is not None else {
            "user": self.user(user_id),
            "nick": None,
            "avatar": None,
            "roles": [],
            "joined_at": _now_iso(),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if permissions is not None:
            member["permissions"] = str(permissions)
        return member

    def interaction_create(
        self,
        interaction_type: int,
        data: JSONDict | None,
        *,
        user_id: int,
        guild_id: int | None = None,
        channel_id: int | None = None,
        message: JSONDict | None = None,
        locale: str = "en-US",
        app_permissions: int = ALL_PERMISSIONS,
        member_permissions: int = ALL_PERMISSIONS,
    ) -> JSONDict:
        """A generic INTERACTION_CREATE payload with a fresh id and token.

        Guild interactions (``guild_id`` given, or inferred from a known
        ``channel_id``) carry ``member``; DM ones carry ``user`` and the bot's
        DM channel.  The interaction is registered so its callback and
        followup webhook endpoints accept it.
        """
        if guild_id is None and channel_id is not None:
            guild_id = self.guild_of_channel(channel_id)
        interaction_id = new_snowflake()
        token = f"aW50ZXJhY3Rpb246{interaction_id}:{hashlib.sha1(str(interaction_id).encode()).hexdigest()}"
        payload: JSONDict = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": interaction_type,
            "token": token,
            "version": 1,
            "locale": locale,
            "app_permissions": str(app_permissions),
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if data is not None:
            payload["data"] = data
        if guild_id is not None:
            guild = self.guilds.get(guild_id)
            if channel_id is None and guild is not None and guild["channels"]:
                channel_id = int(guild["channels"][0]["id"])
            if channel_id is None or channel_id not in self.channels:
                raise ValueError(f"unknown channel {channel_id} for guild {guild_id}: add_guild()/add_channel() first")
            # Interaction channels carry the invoking member's permissions.
            channel = {**self.channels[channel_id], "permissions": str(member_permissions)}
            payload.update(
                {
                    "guild_id": str(guild_id),
                    "guild": {"id": str(guild_id), "locale": "en-US", "features": []},
                    "guild_locale": "en-US",
                    "member": self._member_payload(guild_id, user_id, member_permissions),
                    "channel": channel,
                    "channel_id": str(channel_id),
                    "authorizing_integration_owners": {"0": str(guild_id)},
                    "context": 0,
                }
            )
        else:
            dm = self.dm_channel(user_id, channel_id)
            payload.update(
                {
                    "user": self.user(user_id),
                    "channel": dm,
                    "channel_id": dm["id"],
                    "authorizing_integration_owners": {"1": str(user_id)},
                    "context": 1,
                }
            )
        if message is not None:
            payload["message"] = message
            self.messages.setdefault(int(message["id"]), message)
        record = _Interaction(payload=payload, token=token)
        if message is not None:
            # For component interactions "@original" is the clicked message.
            record.original_message_id = int(message["id"])
        self.interactions[interaction_id] = record
        self._interactions_by_token[token] = interaction_id
        return payload

    def _command_id(self, name: str, guild_id: int | None, command_type: int = 1) -> int:
        commands = self.guild_commands.get(guild_id, []) if guild_id is not None else self.global_commands
        for cmd in commands:
            if cmd["name"] == name and cmd.get("type", 1) == command_type:
                return int(cmd["id"])
        return new_snowflake()

    def slash_command(
        self,
        name: str,
        *,
        user_id: int,
        options: Sequence[JSONDict] | None = None,
        guild_id: int | None = None,
        channel_id: int | None = None,
        command_guild_id: int | None = None,
        resolved: JSONDict | None = None,
        **kwargs: Any,
    ) -> JSONDict:
        """INTERACTION_CREATE for a chat-input command (type 2).

        ``command_guild_id`` marks a guild-registered command (discord.py
        looks those up in the tree's guild commands).  Use :func:`option` for
        options, including subcommands (type 1) and groups (type 2).
        """
        data: JSONDict = {
            "id": str(self._command_id(name, command_guild_id)),
            "name": name,
            "type": 1,
            "options": list(options or []),
        }
        if command_guild_id is not None:
            data["guild_id"] = str(command_guild_id)
        if resolved is not None:
            data["resolved"] = resolved
        return self.interaction_create(2, data, user_id=user_id, guild_id=guild_id, channel_id=channel_id, **kwargs)

    def autocomplete(
        self,
        name: str,
        *,
        user_id: int,
        options: Sequence[JSONDict],
        guild_id: int | None = None,
        channel_id: int | None = None,
        command_guild_id: int | None = None,
        **kwargs: Any,
    ) -> JSONDict:
        """INTERACTION_CREATE for autocomplete (type 4); mark one option ``focused``."""
        data: JSONDict = {
            "id": str(self._command_id(name, command_guild_id)),
            "name": name,
            "type": 1,
            "options": list(options),
        }
        if command_guild_id is not None:
            data["guild_id"] = str(command_guild_id)
        return self.interaction_create(4, data, user_id=user_id, guild_id=guild_id, channel_id=channel_id, **kwargs)

    def button_click(
        self,
        custom_id: str,
        *,
        user_id: int,
        message: JSONDict | None = None,
        guild_id: int | None = None,
        channel_id: int | None = None,
        **kwargs: Any,
    ) -> JSONDict:
        """INTERACTION_CREATE for a button press (type 3, component_type 2).

        Without ``message`` a bot message carrying that button is invented
        (discord.py's DynamicItem dispatch rebuilds the view from
        ``interaction.message`` and needs the button to be in it).
        """
        if guild_id is None and channel_id is not None:
            guild_id = self.guild_of_channel(channel_id)
        if message is None:
            if guild_id is None:
                channel_id = int(self.dm_channel(user_id, channel_id)["id"])
            elif channel_id is None:
                channel_id = int(self.guilds[guild_id]["channels"][0]["id"])
            assert channel_id is not None
            message = self._build_message(
                channel_id=channel_id,
                author=self.bot_user,
                content="",
                guild_id=guild_id,
                components=[
                    {
                        "type": 1,
                        "id": 1,
                        "components": [
                            {"type": 2, "id": 2, "style": 1, "label": "Button", "custom_id": custom_id}
                        ],
                    }
                ],
            )
        else:
            channel_id = channel_id if channel_id is not None else int(message["channel_id"])
        data = {"custom_id": custom_id, "component_type": 2, "id": 2}
        return self.interaction_create(
            3, data, user_id=user_id, guild_id=guild_id, channel_id=channel_id, message=message, **kwargs
        )

    def modal_submit(
        self,
        custom_id: str,
        values: Mapping[str, str],
        *,
        user_id: int,
        guild_id: int | None = None,
        channel_id: int | None = None,
        message: JSONDict | None = None,
    ) -> JSONDict:
        """INTERACTION_CREATE for a submitted modal (type 5): one action row per text input."""
        data = {
            "custom_id": custom_id,
            "components": [
                {"type": 1, "id": n * 2 + 1, "components": [{"type": 4, "id": n * 2 + 2, "custom_id": k, "value": v}]}
                for n, (k, v) in enumerate(values.items())
            ],
        }
        return self.interaction_create(5, data, user_id=user_id, guild_id=guild_id, channel_id=channel_id,
                                       message=message)

    # ------------------------------------------------------------------ #
    # gateway
    # ------------------------------------------------------------------ #

    async def dispatch(self, event_name: str, data: JSONDict, *, timeout: float = 5.0) -> None:
        """Send a DISPATCH (op 0) event to every identified client.

        Waits up to ``timeout`` for a client to have identified, so a test
        may dispatch right after starting ``client.connect()``.
        """
        try:
            await asyncio.wait_for(self._ready_event.wait(), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"no identified gateway client to dispatch {event_name} to") from None
        self.dispatched.append((event_name, data))
        for conn in list(self._connections):
            if conn.session is not None and self._intended(conn.session, event_name, data):
                await self._send_dispatch(conn, event_name, self._filter_for_intents(conn.session, event_name, data))

    @staticmethod
    def _intended(session: _Session, event_name: str, data: JSONDict) -> bool:
        """Events reach the shard that owns their guild; reaction events only clients that asked
        for them (GUILD_/DIRECT_MESSAGE_REACTIONS)."""
        if not session.owns(data.get("guild_id") if event_name != "GUILD_CREATE" else data.get("id")):
            return False
        if not event_name.startswith("MESSAGE_REACTION_"):
            return True
        return bool(session.intents & (GUILD_MESSAGE_REACTIONS_INTENT if "guild_id" in data
                                       else DIRECT_MESSAGE_REACTIONS_INTENT))

    def reaction(self, user_id: int, message: JSONDict, emoji: str, *, added: bool = True) -> tuple[str, JSONDict]:
        """A MESSAGE_REACTION_ADD/REMOVE event (name and payload) for `emoji` on `message` by `user_id`."""
        data: JSONDict = {"user_id": str(user_id), "channel_id": message["channel_id"], "message_id": message["id"],
                          "emoji": {"id": None, "name": emoji}, "burst": False, "type": 0}
        if "guild_id" in message:
            data["guild_id"] = message["guild_id"]
            if added:
                data["member"] = self._member_payload(int(message["guild_id"]), user_id)
        return ("MESSAGE_REACTION_ADD" if added else "MESSAGE_REACTION_REMOVE"), data

    def _filter_for_intents(self, session: _Session, event_name: str, data: JSONDict) -> JSONDict:
        """Blank guild message content without MESSAGE_CONTENT, like Discord."""
        if not self.enforce_message_content_intent or event_name not in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
            return data
        if session.intents & MESSAGE_CONTENT_INTENT or "guild_id" not in data:
            return data
        author_id = str(data.get("author", {}).get("id"))
        mentioned = any(u.get("id") == str(self.bot_user_id) for u in data.get("mentions", []))
        if author_id == str(self.bot_user_id) or mentioned:
            return data
        stripped = dict(data)
        stripped.update({"content": "", "embeds": [], "attachments": [], "components": []})
        return stripped

    async def _send_dispatch(self, conn: _GatewayConnection, event_name: str, data: JSONDict) -> None:
        assert conn.session is not None
        conn.session.seq += 1
        await conn.send({"op": 0, "t": event_name, "s": conn.session.seq, "d": data})

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT; discord.py closes and RESUMEs."""
        for conn in list(self._connections):
            await conn.send({"op": 7, "d": None})

    async def invalidate_session(self, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION to every client."""
        for conn in list(self._connections):
            await conn.send({"op": 9, "d": resumable})

    async def wait_until_identified(self, timeout: float = 5.0) -> None:
        await asyncio.wait_for(self._ready_event.wait(), timeout)

    @property
    def intents(self) -> int | None:
        """Intents of the last IDENTIFY, if any."""
        return self.identify_payloads[-1].get("intents") if self.identify_payloads else None

    async def _gateway_handler(self, request: web.Request) -> web.StreamResponse:
        query = dict(request.query)
        self.gateway_queries.append(query)
        # Short close timeout so stop() never hangs on an unresponsive peer.
        ws = web.WebSocketResponse(timeout=2.0, max_msg_size=0)
        await ws.prepare(request)
        if query.get("encoding", "json") != "json":
            await ws.close(code=4002, message=b"only json encoding is supported by the fake")
            return ws
        # zstd-stream (discord.py with zstandard installed) isn't implemented;
        # plain text frames are accepted by discord.py whatever it asked for.
        compress = self.gateway_compression and query.get("compress") == "zlib-stream"
        conn = _GatewayConnection(ws, compress)
        self._connections.add(conn)
        try:
            await conn.send({"op": 10, "d": {"heartbeat_interval": self.HEARTBEAT_INTERVAL_MS}})
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_gateway_message(conn, json.loads(msg.data))
                elif msg.type is WSMsgType.BINARY:
                    await self._on_gateway_message(conn, json.loads(msg.data.decode()))
                elif msg.type is WSMsgType.ERROR:
                    break
        finally:
            self._connections.discard(conn)
            if not any(c.session is not None for c in self._connections):
                self._ready_event.clear()
        return ws

    async def _on_gateway_message(self, conn: _GatewayConnection, msg: JSONDict) -> None:
        self.gateway_received.append(msg)
        op = msg.get("op")
        d = msg.get("d")
        if op == 1:  # HEARTBEAT
            await conn.send({"op": 11})
        elif op == 2:  # IDENTIFY
            await self._identify(conn, d)
        elif op == 6:  # RESUME
            await self._resume(conn, d)
        elif op == 8:  # REQUEST_GUILD_MEMBERS (sent when the members intent is on)
            await self._member_chunk(conn, d)
        # op 3 (presence), op 4 (voice state) etc. are recorded and ignored.

    async def _identify(self, conn: _GatewayConnection, d: JSONDict) -> None:
        self.identify_payloads.append(d)
        if d.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        session = _Session(session_id=hashlib.md5(str(new_snowflake()).encode()).hexdigest(),
                           token=d["token"], intents=int(d.get("intents", 0)),
                           shard=tuple(d["shard"]) if "shard" in d else None)  # type: ignore[arg-type]
        self._sessions[session.session_id] = session
        conn.session = session
        ready: JSONDict = {
            "v": 10,
            "user": {**self.bot_user, "verified": True, "mfa_enabled": False, "email": None},
            "guilds": [{"id": str(gid), "unavailable": True} for gid in self.guilds if session.owns(gid)],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["fake"],
            "user_settings": {},
            "_trace": ["[\"fake-discord\",{\"micros\":0}]"],
        }
        if "shard" in d:
            ready["shard"] = d["shard"]
        await self._send_dispatch(conn, "READY", ready)
        for gid in filter(session.owns, self.guilds):
            payload = self.guild_payload(gid, all_members=bool(session.intents & GUILD_PRESENCES_INTENT))
            await self._send_dispatch(conn, "GUILD_CREATE", payload)
        self._ready_event.set()

    async def _resume(self, conn: _GatewayConnection, d: JSONDict) -> None:
        self.resume_payloads.append(d)
        session = self._sessions.get(d.get("session_id", ""))
        if not self.allow_resume or session is None or d.get("token") != session.token:
            await conn.send({"op": 9, "d": False})
            return
        conn.session = session
        await self._send_dispatch(conn, "RESUMED", {})
        self._ready_event.set()

    async def _member_chunk(self, conn: _GatewayConnection, d: JSONDict) -> None:
        guild_id = int(d["guild_id"] if not isinstance(d["guild_id"], list) else d["guild_id"][0])
        guild = self.guilds.get(guild_id)
        members = list(guild["members"]) if guild else []
        if d.get("user_ids"):
            wanted = {str(u) for u in d["user_ids"]}
            members = [m for m in members if m["user"]["id"] in wanted]
        elif d.get("query"):
            members = [m for m in members if m["user"]["username"].lower().startswith(d["query"].lower())]
        chunk: JSONDict = {
            "guild_id": str(guild_id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if d.get("nonce") is not None:
            chunk["nonce"] = d["nonce"]
        if conn.session is not None:
            await self._send_dispatch(conn, "GUILD_MEMBERS_CHUNK", chunk)

    # ------------------------------------------------------------------ #
    # recording / assertions / error injection
    # ------------------------------------------------------------------ #

    def fail_next(
        self,
        method_and_path_regex: str,
        status: int,
        body: JSONDict | None = None,
        times: int = 1,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Make the next ``times`` matching requests fail with ``status``.

        The regex is ``re.fullmatch``-ed against ``"METHOD /path"`` with the
        path relative to the API base, e.g. ``r"POST /channels/\\d+/messages"``.
        Default bodies: 429 -> ``{"message", "retry_after": 0.01, "global":
        false}`` plus Retry-After / X-RateLimit-* headers (discord.py sleeps
        ``retry_after`` and retries); others -> ``{"message": "<status>: ...",
        "code": 0}``.
        """
        if body is None:
            if status == 429:
                body = {"message": "You are being rate limited.", "retry_after": 0.01, "global": False}
            else:
                body = {"message": f"{status}: {_REASONS.get(status, 'Error')}", "code": 0}
        extra = dict(headers or {})
        if status == 429:
            retry_after = float(body.get("retry_after", 0.01))
            extra.setdefault("Retry-After", str(max(1, int(retry_after + 0.999))))
            extra.setdefault("X-RateLimit-Remaining", "0")
            extra.setdefault("X-RateLimit-Reset-After", f"{retry_after:.3f}")
            extra.setdefault("X-RateLimit-Scope", "user")
            if body.get("global"):
                extra.setdefault("X-RateLimit-Global", "true")
        self._failures.append(
            _Failure(re.compile(method_and_path_regex), status, body, extra, times)
        )

    def _take_failure(self, method: str, path: str) -> _Failure | None:
        target = f"{method} {path}"
        for failure in self._failures:
            if failure.remaining > 0 and failure.pattern.fullmatch(target):
                failure.remaining -= 1
                if failure.remaining == 0:
                    self._failures.remove(failure)
                return failure
        return None

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        # Wake every waiter; they re-scan the list.
        self._call_event.set()
        self._call_event = asyncio.Event()

    def find_calls(self, method: str, path_regex: str, predicate: Callable[[Call], bool] | None = None) -> list[Call]:
        """Recorded calls with that method whose path ``re.fullmatch``-es."""
        pattern = re.compile(path_regex)
        return [
            c
            for c in self.calls
            if c.method == method.upper() and pattern.fullmatch(c.path) and (predicate is None or predicate(c))
        ]

    async def wait_for_call(
        self,
        method: str,
        path_regex: str | re.Pattern[str],
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,
        *,
        start: int = 0,
    ) -> Call:
        """First recorded call (index >= ``start``) matching; waits if none yet.

        ``path_regex`` is ``re.fullmatch``-ed against the API-relative path.
        Pass ``start=len(fake.calls)`` taken before an action to ignore
        earlier calls.  Raises AssertionError listing recent calls on timeout.
        A compiled pattern is used as it is (a benchmark compiles it before its clock starts).
        """
        pattern = re.compile(path_regex) if isinstance(path_regex, str) else path_regex
        deadline = asyncio.get_running_loop().time() + timeout
        index = start
        while True:
            while index < len(self.calls):
                call = self.calls[index]
                index += 1
                if (
                    call.method == method.upper()
                    and pattern.fullmatch(call.path)
                    and (predicate is None or predicate(call))
                ):
                    return call
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                recent = "\n  ".join(
                    f"{c.method} {c.path} -> {c.status} {json.dumps(c.json)[:200] if c.json is not None else ''}"
                    for c in self.calls[-20:]
                )
                raise AssertionError(
                    f"no {method.upper()} {pattern.pattern} call within {timeout}s"
                    f"{' matching predicate' if predicate else ''}; recent calls:\n  {recent or '(none)'}"
                )
            event = self._call_event
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    def interaction_responses(self, interaction_id: int | str) -> list[Call]:
        """Callback and webhook (followup/@original) calls for an interaction."""
        record = self.interactions.get(int(interaction_id))
        if record is None:
            return []
        callback = f"/interactions/{int(interaction_id)}/{record.token}/callback"
        webhook_prefix = f"/webhooks/{self.application_id}/{record.token}"
        return [
            c for c in self.calls
            if c.path == callback or c.path == webhook_prefix or c.path.startswith(webhook_prefix + "/")
        ]

    # ------------------------------------------------------------------ #
    # HTTP plumbing
    # ------------------------------------------------------------------ #

    def _ratelimit_headers(self, method: str, path: str) -> dict[str, str]:
        # Same bucket for every id in a route, like Discord's per-route hash.
        template = re.sub(r"/\d+", "/{id}", path)
        bucket = hashlib.sha1(f"{method} {template}".encode()).hexdigest()[:32]
        reset_after = 1.0
        return {
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "4",
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
            # discord.py only honours a 429 (sleep + retry) when Via is set.
            "Via": "1.1 google",
        }

    @staticmethod
    def _json(payload: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
        # Content-Type must be exactly "application/json": discord.py compares
        # it verbatim and treats anything else (e.g. "; charset=utf-8") as text.
        return web.Response(
            status=status,
            body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
        )

    @staticmethod
    def _no_content() -> web.Response:
        return web.Response(status=204)

    async def _read_call(self, request: web.Request, path: str) -> Call:
        call = Call(
            method=request.method,
            path=path,
            query=dict(request.query),
            headers=dict(request.headers),
        )
        content_type = request.content_type
        if content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue  # discord.py never nests multiparts
                name = part.name or ""
                raw = await part.read()
                if part.filename is not None:
                    call.files[name] = bytes(raw)
                    call.filenames[name] = part.filename
                elif name == "payload_json":
                    call.json = json.loads(bytes(raw).decode())
                else:
                    call.files[name] = bytes(raw)
        elif request.can_read_body:
            raw = await request.read()
            if raw:
                try:
                    call.json = json.loads(raw)
                except ValueError:
                    call.json = raw.decode(errors="replace")
        return call

    async def _attachment_handler(self, request: web.Request) -> web.StreamResponse:
        call = Call(method=request.method, path=request.path, query=dict(request.query), headers=dict(request.headers))
        stored = self.attachments.get(int(request.match_info["attachment_id"]))
        if stored is None:
            call.status = 404
            self._record(call)
            return web.Response(status=404, text="Not Found")
        data, content_type, _ = stored
        call.status = 200
        self._record(call)
        return web.Response(body=data, headers={"Content-Type": content_type})

    async def _api_handler(self, request: web.Request) -> web.StreamResponse:
        match = re.fullmatch(r"/api(?:/v\d+)?(/.*)?", request.path)
        path = (match.group(1) or "/") if match else request.path
        call = await self._read_call(request, path)
        response = await self._handle(call, request)
        call.status = response.status
        if isinstance(response, web.Response) and response.body is not None and response.status != 204:
            try:
                call.response = json.loads(response.body)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                call.response = None
        self._record(call)
        return response

    async def _handle(self, call: Call, request: web.Request) -> web.StreamResponse:
        rl_headers = self._ratelimit_headers(call.method, call.path)
        route: tuple[_Handler, re.Match[str]] | None = None
        needs_auth = True  # unknown routes are treated like ordinary API calls
        for method, pattern, route_handler, auth in self._routes:
            found = pattern.fullmatch(call.path) if method == call.method else None
            if found is not None:
                route, needs_auth = (route_handler, found), auth
                break
        if needs_auth and request.headers.get("Authorization") != f"Bot {self.token}":
            return self._json({"message": "401: Unauthorized", "code": 0}, 401, rl_headers)
        failure = self._take_failure(call.method, call.path)
        if failure is not None:
            return self._json(failure.body, failure.status, {**rl_headers, **failure.headers})
        try:
            if route is None:
                # Generic fallback: recorded (by the caller) and answered {}.
                response: web.StreamResponse = self._json({})
            else:
                handler, found = route
                response = await handler(call, found, request)
        except _ApiError as exc:
            return self._json(exc.body, exc.status, rl_headers)
        response.headers.update(rl_headers)
        return response

    def _build_routes(self) -> list[tuple[str, re.Pattern[str], _Handler, bool]]:
        app = r"(?P<app>\d+)"
        token = r"(?P<token>[^/]+)"
        table: list[tuple[str, str, _Handler, bool]] = [
            ("GET", r"/users/@me", self._get_me, True),
            ("GET", r"/users/(?P<uid>\d+)", self._get_user, True),
            ("GET", r"/oauth2/applications/@me", self._get_application, True),
            ("GET", r"/applications/@me", self._get_application, True),
            ("GET", r"/gateway/bot", self._get_gateway_bot, True),
            ("GET", r"/gateway", self._get_gateway, False),
            ("POST", r"/users/@me/channels", self._create_dm, True),
            ("GET", r"/channels/(?P<cid>\d+)", self._get_channel, True),
            ("GET", r"/channels/(?P<cid>\d+)/messages", self._get_messages, True),
            ("POST", r"/channels/(?P<cid>\d+)/messages", self._post_message, True),
            ("GET", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)", self._get_message, True),
            ("PATCH", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)", self._patch_message, True),
            ("DELETE", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)", self._delete_message, True),
            ("POST", r"/channels/(?P<cid>\d+)/typing", self._typing, True),
            ("GET", rf"/applications/{app}/commands", self._get_commands, True),
            ("PUT", rf"/applications/{app}/commands", self._put_commands, True),
            ("GET", rf"/applications/{app}/guilds/(?P<gid>\d+)/commands", self._get_commands, True),
            ("PUT", rf"/applications/{app}/guilds/(?P<gid>\d+)/commands", self._put_commands, True),
            # Interaction endpoints are authenticated by the token in the URL.
            ("POST", rf"/interactions/(?P<iid>\d+)/{token}/callback", self._interaction_callback, False),
            ("POST", rf"/webhooks/{app}/{token}", self._webhook_execute, False),
            ("GET", rf"/webhooks/{app}/{token}/messages/(?P<mid>@original|\d+)", self._webhook_get, False),
            ("PATCH", rf"/webhooks/{app}/{token}/messages/(?P<mid>@original|\d+)", self._webhook_edit, False),
            ("DELETE", rf"/webhooks/{app}/{token}/messages/(?P<mid>@original|\d+)", self._webhook_delete, False),
        ]
        return [(m, re.compile(p), h, a) for m, p, h, a in table]

    # ------------------------------------------------------------------ #
    # REST handlers
    # ------------------------------------------------------------------ #

    async def _get_me(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        return self._json({**self.bot_user, "verified": True, "mfa_enabled": False, "email": None, "locale": "en-US"})

    async def _get_user(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        user = self.users.get(int(m["uid"]))
        if user is None:
            raise _ApiError(404, "Unknown User", 10013)
        return self._json(user)

    async def _get_application(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        return self._json(
            {
                "id": str(self.application_id),
                "name": self.bot_user["username"],
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": 0,
                "owner": self.user(1),
                "team": None,
                "bot": self.bot_user,
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "approximate_guild_count": len(self.guilds),
            }
        )

    async def _get_gateway_bot(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        return self._json(
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1},
            }
        )

    async def _get_gateway(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        return self._json({"url": self.gateway_url})

    async def _create_dm(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        recipient = int((call.json or {}).get("recipient_id", 0))
        if recipient not in self.users:
            raise _ApiError(400, "Invalid Recipient(s)", 50033)
        return self._json(self.dm_channel(recipient))

    def _channel_or_404(self, channel_id: int) -> JSONDict:
        channel = self.channels.get(channel_id)
        if channel is None:
            raise _ApiError(404, "Unknown Channel", 10003)
        return channel

    async def _get_channel(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        return self._json(self._channel_or_404(int(m["cid"])))

    async def _get_messages(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        cid = m["cid"]
        self._channel_or_404(int(cid))
        limit = int(call.query.get("limit", 50))
        found = [msg for mid, msg in sorted(self.messages.items(), reverse=True) if msg["channel_id"] == cid]
        return self._json(found[:limit])

    def _message_or_404(self, channel_id: int | None, message_id: int) -> JSONDict:
        message = self.messages.get(message_id)
        if message is None or (channel_id is not None and message["channel_id"] != str(channel_id)):
            raise _ApiError(404, "Unknown Message", 10008)
        return message

    async def _get_message(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        return self._json(self._message_or_404(int(m["cid"]), int(m["mid"])))

    def _attachments_from(self, call: Call, payload: JSONDict, keep: Sequence[JSONDict] = ()) -> list[JSONDict]:
        """Resolve a payload's ``attachments`` list against uploaded files.

        New uploads are ``{"id": n}`` matching a ``files[n]`` part; anything
        else must be an attachment already on the message (kept on edit).
        """
        kept = {a["id"]: a for a in keep}
        result: list[JSONDict] = []
        entries = payload.get("attachments")
        if entries is None:
            entries = [{"id": i} for i in range(len(call.files))] if call.files else [{"id": a} for a in kept]
        for entry in entries:
            part = f"files[{entry['id']}]"
            if part in call.files:
                filename = entry.get("filename") or call.filenames.get(part, "file")
                att = self.add_attachment(call.files[part], filename, _guess_type(filename))
                if entry.get("description"):
                    att["description"] = entry["description"]
                result.append(att)
            elif str(entry["id"]) in kept:
                result.append(kept[str(entry["id"])])
        return result

    @staticmethod
    def _validate_content(payload: JSONDict, has_files: bool, *, allow_empty: bool = False) -> None:
        content = payload.get("content") or ""
        if len(content) > MAX_CONTENT_LENGTH:
            raise _too_long("content")
        empty = not (content or payload.get("embeds") or payload.get("components")
                     or payload.get("sticker_ids") or payload.get("poll") or has_files)
        if empty and not allow_empty:
            raise _ApiError(400, "Cannot send an empty message", 50006)

    async def _post_message(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        channel_id = int(m["cid"])
        channel = self._channel_or_404(channel_id)
        if channel["type"] == 1:
            recipient = int(channel["recipients"][0]["id"])
            if recipient in self.dms_disabled:
                raise _ApiError(403, "Cannot send messages to this user", 50007)
        payload: JSONDict = call.json if isinstance(call.json, dict) else {}
        self._validate_content(payload, bool(call.files))
        reference = payload.get("message_reference")
        message = self._build_message(
            channel_id=channel_id,
            author=self.bot_user,
            content=payload.get("content") or "",
            guild_id=self.guild_of_channel(channel_id),
            attachments=self._attachments_from(call, payload),
            embeds=payload.get("embeds") or [],
            components=payload.get("components") or [],
            flags=int(payload.get("flags") or 0),
            message_type=19 if reference else 0,
            message_reference=reference,
        )
        return self._json(message)

    def _apply_edit(self, message: JSONDict, call: Call, payload: JSONDict) -> JSONDict:
        if "content" in payload and payload["content"] is not None and len(payload["content"]) > MAX_CONTENT_LENGTH:
            raise _too_long("content")
        for key in ("content", "embeds", "components"):
            if key in payload:
                message[key] = payload[key] if payload[key] is not None else ("" if key == "content" else [])
        if "flags" in payload and payload["flags"] is not None:
            message["flags"] = int(payload["flags"])
        if "attachments" in payload or call.files:
            message["attachments"] = self._attachments_from(call, payload, message.get("attachments", []))
        message["flags"] = int(message.get("flags", 0)) & ~LOADING_FLAG
        message["edited_timestamp"] = _now_iso()
        return message

    async def _patch_message(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        message = self._message_or_404(int(m["cid"]), int(m["mid"]))
        if message["author"]["id"] != str(self.bot_user_id):
            raise _ApiError(403, "Cannot edit a message authored by another user", 50005)
        payload: JSONDict = call.json if isinstance(call.json, dict) else {}
        return self._json(self._apply_edit(message, call, payload))

    async def _delete_message(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        self._message_or_404(int(m["cid"]), int(m["mid"]))
        del self.messages[int(m["mid"])]
        return self._no_content()

    async def _typing(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        self._channel_or_404(int(m["cid"]))
        return self._no_content()

    def _check_app(self, m: re.Match[str]) -> None:
        if int(m["app"]) != self.application_id:
            raise _ApiError(403, "Missing Access", 50001)

    async def _get_commands(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        self._check_app(m)
        gid = m.groupdict().get("gid")
        return self._json(self.guild_commands.get(int(gid), []) if gid else self.global_commands)

    async def _put_commands(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        self._check_app(m)
        gid = m.groupdict().get("gid")
        existing = self.guild_commands.get(int(gid), []) if gid else self.global_commands
        by_key = {(c["name"], c.get("type", 1)): c for c in existing}
        stored: list[JSONDict] = []
        for cmd in call.json or []:
            previous = by_key.get((cmd["name"], cmd.get("type", 1)))
            entry: JSONDict = {
                "type": 1,
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                **cmd,
                # Bulk overwrite keeps ids of commands that already existed.
                "id": previous["id"] if previous else str(new_snowflake()),
                "application_id": str(self.application_id),
                "version": str(new_snowflake()),
            }
            if gid:
                entry["guild_id"] = gid
            stored.append(entry)
        if gid:
            self.guild_commands[int(gid)] = stored
        else:
            self.global_commands = stored
        return self._json(stored)

    def _interaction_by_token(self, token: str) -> _Interaction:
        iid = self._interactions_by_token.get(token)
        if iid is None:
            raise _ApiError(404, "Unknown Webhook", 10015)
        return self.interactions[iid]

    def _interaction_message(
        self,
        record: _Interaction,
        call: Call,
        data: JSONDict,
        *,
        flags: int,
        message_type: int,
    ) -> JSONDict:
        payload = record.payload
        user = payload.get("user") or payload["member"]["user"]
        guild_id = int(payload["guild_id"]) if "guild_id" in payload else None
        metadata: JSONDict = {
            "id": payload["id"],
            "type": payload["type"],
            "user": user,
            "authorizing_integration_owners": payload.get("authorizing_integration_owners", {}),
        }
        if payload["type"] == 2:
            metadata["name"] = payload["data"]["name"]
        return self._build_message(
            channel_id=int(payload["channel_id"]),
            author=self.bot_user,
            content=data.get("content") or "",
            guild_id=guild_id,
            attachments=self._attachments_from(call, data),
            embeds=data.get("embeds") or [],
            components=data.get("components") or [],
            flags=flags,
            message_type=message_type,
            extra={
                "webhook_id": str(self.application_id),
                "application_id": str(self.application_id),
                "interaction_metadata": metadata,
            },
        )

    async def _interaction_callback(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        record = self.interactions.get(int(m["iid"]))
        if record is None or record.token != m["token"]:
            raise _ApiError(404, "Unknown interaction", 10062)
        if record.response_type is not None:
            raise _ApiError(400, "Interaction has already been acknowledged.", 40060)
        body: JSONDict = call.json if isinstance(call.json, dict) else {}
        rtype = int(body.get("type", 0))
        data: JSONDict = body.get("data") or {}
        itype = record.payload["type"]
        flags = int(data.get("flags") or 0)
        message: JSONDict | None = None
        if rtype == 4:  # CHANNEL_MESSAGE_WITH_SOURCE
            self._validate_content(data, bool(call.files))
            message = self._interaction_message(record, call, data, flags=flags, message_type=20 if itype == 2 else 0)
            record.original_message_id = int(message["id"])
        elif rtype == 5:  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE ("thinking")
            message = self._interaction_message(
                record, call, {}, flags=(flags & EPHEMERAL_FLAG) | LOADING_FLAG, message_type=20 if itype == 2 else 0
            )
            record.original_message_id = int(message["id"])
        elif rtype == 7:  # UPDATE_MESSAGE (components)
            if record.original_message_id is None:
                raise _ApiError(400, "Interaction has no message to update", 50035)
            message = self._apply_edit(self.messages[record.original_message_id], call, data)
        elif rtype == 9:  # MODAL
            if itype not in (2, 3):
                raise _ApiError(400, "Interaction has already been acknowledged.", 40060)
            _validate_modal(data)
            record.modal = data
        elif rtype not in (1, 6, 8, 10, 12):
            raise _ApiError(400, "Invalid Form Body", 50035, {"type": {"_errors": [{"code": "BASE_TYPE_CHOICES"}]}})
        record.response_type = rtype
        interaction: JSONDict = {
            "id": record.payload["id"],
            "type": itype,
            "response_message_loading": rtype == 5,
            "response_message_ephemeral": bool((message or {}).get("flags", 0) & EPHEMERAL_FLAG),
        }
        if message is not None:
            interaction["response_message_id"] = message["id"]
        resource: JSONDict = {"type": rtype}
        if message is not None:
            resource["message"] = message
        # discord.py 2.7 always asks ?with_response=1 and parses this body.
        if call.query.get("with_response") in ("1", "true", "True"):
            return self._json({"interaction": interaction, "resource": resource})
        return self._no_content()

    async def _webhook_execute(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        self._check_app(m)
        record = self._interaction_by_token(m["token"])
        if record.response_type is None:
            # Followups only work once the interaction was acknowledged.
            raise _ApiError(404, "Unknown Webhook", 10015)
        data: JSONDict = call.json if isinstance(call.json, dict) else {}
        self._validate_content(data, bool(call.files))
        loading = self.messages.get(record.original_message_id or 0)
        if loading is not None and int(loading.get("flags", 0)) & LOADING_FLAG:
            # As Discord does: the first followup to a deferred ("thinking…") response *becomes*
            # that response, and keeps the ephemerality chosen when deferring — whatever flags
            # the followup itself asks for.
            kept = int(loading["flags"]) & EPHEMERAL_FLAG
            message = self._apply_edit(loading, call, {k: v for k, v in data.items() if k != "flags"})
            message["flags"] = kept
        else:
            message = self._interaction_message(record, call, data, flags=int(data.get("flags") or 0), message_type=0)
        if call.query.get("wait") in ("1", "true", "True"):
            return self._json(message)
        return self._no_content()

    def _webhook_message(self, record: _Interaction, mid: str) -> JSONDict:
        message_id = record.original_message_id if mid == "@original" else int(mid)
        if message_id is None or message_id not in self.messages:
            raise _ApiError(404, "Unknown Message", 10008)
        return self.messages[message_id]

    async def _webhook_get(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        self._check_app(m)
        return self._json(self._webhook_message(self._interaction_by_token(m["token"]), m["mid"]))

    async def _webhook_edit(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        self._check_app(m)
        message = self._webhook_message(self._interaction_by_token(m["token"]), m["mid"])
        data: JSONDict = call.json if isinstance(call.json, dict) else {}
        return self._json(self._apply_edit(message, call, data))

    async def _webhook_delete(self, call: Call, m: re.Match[str], request: web.Request) -> web.StreamResponse:
        self._check_app(m)
        message = self._webhook_message(self._interaction_by_token(m["token"]), m["mid"])
        del self.messages[int(message["id"])]
        return self._no_content()


_REASONS: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def _validate_modal(data: JSONDict) -> None:
    """What Discord checks of a modal: a custom id, a title ≤ 45, 1–5 rows each holding one text input."""
    rows = data.get("components") or []
    title = data.get("title") or ""
    inputs = [c for row in rows for c in (row.get("components") or [row.get("component")]) if c]
    if not data.get("custom_id") or not 1 <= len(title) <= 45 or not 1 <= len(rows) <= 5 or \
            any(c.get("type") != 4 or not c.get("custom_id") or len(c.get("label") or "") > 45 for c in inputs):
        raise _ApiError(400, "Invalid Form Body", 50035)


def _guess_type(filename: str) -> str:
    import mimetypes

    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
