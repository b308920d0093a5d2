"""The Discord front end: discord.py's client in the shared loop, events in, replies out.

Adapters translate, never decide: slash commands, typed DMs and button presses become
Incomings for `Router.handle`; Replies are rendered by `render.py` and sent by `respond.py`.
This module owns the client's lifecycle, the command tree and notification DMs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any

import yarl

from adapters.discord._lib import app_commands, discord
from adapters.discord.commands import CatalogTranslator, build_tree, sync_if_changed
from adapters.discord.incoming import chat_of, from_button, from_command, from_message, from_modal, locale_of, sender_of
from adapters.discord.render import ASK_ID, NO_MENTIONS, ActionButton, message_text, render
from adapters.discord.respond import DEFER_AFTER, Responder
from chat import Incoming, Reply, error_reply
from core import i18n
from core.i18n import Language, _
from core.outbox import RetryLater, Unreachable
from core.ports import Delivery
from handlers import Router, reaction_action

log = logging.getLogger(__name__)
# No privileged intent: slash commands need none, and DMs carry their text without
# MESSAGE_CONTENT. GUILDS keeps guilds and channels cached for interactions.
INTENTS = discord.Intents(guilds=True, dm_messages=True, guild_reactions=True, dm_reactions=True)
UNREACHABLE_CODES = {50007, 50033, 10013}  # can't DM this user; invalid recipient; unknown user
IDENTIFY_EVERY = 5.0  # seconds discord.py waits before each shard after a process's first (Discord's identify rate)


class StartError(RuntimeError):
    """The bot could not come up: a bad token, or a gateway that never became ready."""


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


class DiscordAdapter:
    """One bot. `start`/`stop` run inside an existing loop; never `client.run()`."""

    name = "discord"

    def __init__(self, router: Router, token: str, *, application_id: str = "", dev_guild_id: str = "",
                 api_base_url: str = "", gateway_url: str = "", guild_ready_timeout: float = 2.0,
                 ready_timeout: float = 60.0, defer_after: float = DEFER_AFTER, typing_after: float = 1.0,
                 shard_count: int = 0, shard_ids: Sequence[int] = ()) -> None:
        self.router = router
        self.token = token
        self.dev_guild_id = int(dev_guild_id) if dev_guild_id else None
        self.api_base_url = api_base_url
        self.gateway_url = gateway_url
        self.ready_timeout = ready_timeout
        self.defer_after = defer_after
        self.typing_after = typing_after
        options: dict[str, Any] = dict(
            intents=INTENTS, application_id=int(application_id) if application_id else None,
            guild_ready_timeout=guild_ready_timeout, allowed_mentions=NO_MENTIONS,
            # Longer waits go back to the outbox (RetryLater) instead of blocking a sender.
            max_ratelimit_timeout=30.0,
        )
        # 0: one unsharded connection; otherwise this process's shards (all of them when none are named).
        self.client: OpenZoneClient | ShardedOpenZoneClient = ShardedOpenZoneClient(
            self, shard_count=shard_count, shard_ids=list(shard_ids) or None, **options,
        ) if shard_count else OpenZoneClient(self, **options)
        self.tree: app_commands.CommandTree[Any] = app_commands.CommandTree(self.client)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        build_tree(self.tree, router.services.registry, router.services, self.on_command, sender_of)
        self._task: asyncio.Task[None] | None = None
        self._saved: tuple[str, yarl.URL] | None = None

    # ---- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        self._point_at_server()
        try:
            await self.client.login(self.token)
        except discord.LoginFailure as exc:
            await self._shutdown()
            raise StartError("Discord rejected the bot token: check [discord] token or OPENZONE_DISCORD_TOKEN") from exc
        except Exception:
            await self._shutdown()
            raise
        try:
            await self.tree.set_translator(CatalogTranslator(self.router.services.languages))
            await sync_if_changed(self.tree, self.router.services, self.client.application_id, self.dev_guild_id)
        except discord.HTTPException:
            log.exception("syncing Discord slash commands failed; the old ones stay until the next start")
        self._task = asyncio.create_task(self.client.connect(), name="discord-gateway")
        ready = asyncio.create_task(self.client.wait_until_ready())
        done, _ = await asyncio.wait({self._task, ready}, timeout=self._ready_within(),
                                     return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            ready.cancel()
            cause = self._task.exception() if self._task.done() else None
            await self._shutdown()
            raise StartError(f"Discord gateway did not become ready: {cause or 'timed out'}") from cause
        self._task.add_done_callback(self._watch)
        if isinstance(self.client, ShardedOpenZoneClient):
            log.info("Discord bot %s running shards %s of %d", self.client.user,
                     list(self.client.shards), self.client.shard_count)
        else:
            log.info("Discord bot %s running", self.client.user)

    def _ready_within(self) -> float:
        """`ready_timeout`, plus each later shard's turn to identify (they connect one after another)."""
        if not isinstance(self.client, ShardedOpenZoneClient):
            return self.ready_timeout
        shards = len(self.client.shard_ids or ()) or self.client.shard_count or 1
        return self.ready_timeout + IDENTIFY_EVERY * (shards - 1)

    async def stop(self) -> None:
        await self._shutdown()

    async def _shutdown(self) -> None:
        await self.client.close()
        if self._task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(self._task, 10)
            self._task = None
        self._restore()

    def _watch(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None and not self.client.is_closed():
            log.error("Discord gateway stopped", exc_info=task.exception())

    def _point_at_server(self) -> None:
        """Discord-compatible servers (and tests' fake): discord.py reads these class attributes."""
        if not (self.api_base_url or self.gateway_url):
            return
        self._saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        if self.api_base_url:
            discord.http.Route.BASE = self.api_base_url.rstrip("/")
        if self.gateway_url:
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

    def _restore(self) -> None:
        if self._saved is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved
            self._saved = None

    # ---- events ------------------------------------------------------------------------------
    def _hinted(self, locale: str | None) -> Language:
        """What to word our own notes in before the router knows the person: their client's language."""
        languages = self.router.services.languages
        return languages.match(locale) or languages.default

    async def _answer(self, interaction: discord.Interaction[Any], incoming: Incoming) -> None:
        with i18n.using(self._hinted(incoming.locale)):
            await Responder(interaction).answer(self.router.handle(incoming), self.defer_after)

    async def on_command(self, interaction: discord.Interaction[Any], path: str, options: dict[str, Any]) -> None:
        await self._answer(interaction, from_command(interaction, path, options))

    async def on_button(self, interaction: discord.Interaction[Any], action: str) -> None:
        await self._answer(interaction, from_button(interaction, action))

    async def on_modal(self, interaction: discord.Interaction[Any]) -> None:
        """An answered question (a comment, a report's reason): handled as the person's next message."""
        await self._answer(interaction, from_modal(interaction))

    async def on_reaction(self, event: discord.RawReactionActionEvent, *, added: bool) -> None:
        """👍/❤️ on a post card likes it, taking it away unlikes (handlers decide which reactions count).

        Reaction events carry no message text; the bot may always read its own messages, so the
        card is fetched to learn which post it shows. The reaction itself is the answer.
        """
        me = self.client.user
        if me is None or event.user_id == me.id:
            return
        try:
            message = await self.client.get_partial_messageable(event.channel_id).fetch_message(event.message_id)
            if message.author.id != me.id:
                return
            emoji = {str(event.emoji)}
            # Discord tells one emoji at a time: a removal is taken as the like going.
            action = reaction_action(set() if added else emoji, emoji if added else set(), message_text(message))
            if action is None:
                return
            user = event.member or self.client.get_user(event.user_id) or await self.client.fetch_user(event.user_id)
            await self.router.handle(Incoming(sender_of(user), chat=chat_of(event.guild_id), action=action))
        except Exception:  # noqa: BLE001 — a reaction is a courtesy: log, never crash the gateway
            log.exception("discord reaction on message %s failed", event.message_id)

    async def on_message(self, message: discord.Message) -> None:
        bot_id = self.client.user.id if self.client.user else None
        incoming = from_message(message, bot_id)
        if incoming is None:
            return
        with i18n.using(self._hinted(None)):  # the router switches to the person's own language
            await self._on_dm(message, incoming)

    async def _on_dm(self, message: discord.Message, incoming: Incoming) -> None:
        try:
            async with self._typing(message.channel):
                replies = await self.router.handle(incoming, bot_username=self.client.user.name if self.client.user else None)
            for r in replies:
                for m in render(r):
                    await message.channel.send(**m.kwargs())
        except Exception:
            log.exception("discord message %s failed", message.id)
            with contextlib.suppress(Exception):
                await message.channel.send(error_reply(_("Something went wrong on our side. Please try again."))
                                           .plain_text, allowed_mentions=NO_MENTIONS)

    async def _on_tree_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        """Stale commands and option errors Discord let through: say so, privately."""
        log.warning("slash command error: %s", error)
        with i18n.using(self._hinted(locale_of(interaction))):
            text = _("That command changed — try again in a moment.") \
                if isinstance(error, app_commands.CommandNotFound) else _("Something was wrong with that command's options.")
        with contextlib.suppress(discord.HTTPException):
            if interaction.response.is_done():
                await interaction.followup.send("⚠️ " + text, ephemeral=True)
            else:
                await interaction.response.send_message("⚠️ " + text, ephemeral=True)

    @contextlib.asynccontextmanager
    async def _typing(self, channel: discord.abc.Messageable) -> AsyncIterator[None]:
        """Show "typing…" only when handling takes more than a moment."""

        async def indicate() -> None:
            await asyncio.sleep(self.typing_after)
            async with channel.typing():
                await asyncio.Event().wait()

        task = asyncio.create_task(indicate())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, discord.HTTPException):
                await task

    # ---- notifications -----------------------------------------------------------------------
    async def send_delivery(self, delivery: Delivery) -> None:
        """The outbox notifier's sender: DM the identity; the outbox decides when to retry."""
        reply = Reply.from_dict(delivery.payload)
        try:
            channel = await self.client.create_dm(discord.Object(int(delivery.external_id)))
            for m in render(reply):
                await channel.send(**m.kwargs())
        except discord.RateLimited as exc:
            raise RetryLater(exc.retry_after) from exc
        except discord.HTTPException as exc:
            if exc.code in UNREACHABLE_CODES or isinstance(exc, discord.Forbidden):
                raise Unreachable(f"{exc.status} {exc.code}: {exc.text}") from exc
            if exc.status == 429:
                raise RetryLater(_retry_after(exc)) from exc
            raise


def _retry_after(exc: discord.HTTPException) -> float:
    try:
        return float(exc.response.headers.get("Retry-After", 5))
    except (TypeError, ValueError, AttributeError):
        return 5.0


__all__ = ["INTENTS", "DiscordAdapter", "OpenZoneClient", "ShardedOpenZoneClient", "StartError"]
