"""The Discord front end: discord.py's client in the shared loop, events in, replies out.

Adapters translate, never decide: slash commands, typed DMs and button presses become
Incomings for `Router.handle`; Replies are rendered by `render.py` and sent by `respond.py`
(interactions) or `replies.py` (typed DMs, notifications). This module owns the client's
lifecycle (the client itself is `client.py`), the command tree and which event goes where.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Any

import yarl

from adapters.discord._lib import app_commands, discord
from adapters.discord.commands import CatalogTranslator, build_tree, sync_if_changed
from adapters.discord.incoming import chat_of, from_button, from_command, from_message, from_modal, locale_of, sender_of
from adapters.discord.client import IDENTIFY_EVERY, INTENTS, OpenZoneClient, ShardedOpenZoneClient
from adapters.discord.render import NO_MENTIONS, message_text
from adapters.discord.replies import answer_dm, deliver
from adapters.discord.respond import DEFER_AFTER, Responder
from chat import Incoming
from core import i18n
from core.i18n import Language, _
from core.ports import Delivery
from handlers import Router, reaction_action

log = logging.getLogger(__name__)


class StartError(RuntimeError):
    """The bot could not come up: a bad token, or a gateway that never became ready."""


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
        return self.router.services.hinted(locale) or self.router.services.languages.default

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
        bot_username = self.client.user.name if self.client.user else None
        await answer_dm(message, lambda: self.router.handle(incoming, bot_username=bot_username), self.typing_after)

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

    # ---- notifications -----------------------------------------------------------------------
    async def send_delivery(self, delivery: Delivery) -> None:
        """The outbox notifier's sender: DM the identity; the outbox decides when to retry."""
        await deliver(self.client, delivery)


__all__ = ["DiscordAdapter", "StartError"]
