"""The Telegram front end: PTB's manual lifecycle in the shared loop, updates in, replies out.

Adapters translate, never decide: every update becomes an Incoming for `Router.handle`, every
Reply is rendered by `render.py`. This module owns Telegram's concerns only — polling or
webhook, the command menu, groups vs private chats, callback answers, typing indicators,
pacing and flood limits for notifications.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import json
import logging
import secrets
from collections.abc import AsyncIterator, Mapping

from telegram import Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes, TypeHandler

from adapters.telegram.incoming import PLATFORM, dedup_key, to_incoming
from adapters.telegram.media_groups import WINDOW, MediaGroups
from adapters.telegram.menus import menu, set_chat_menu, set_menus
from adapters.telegram.polling import Poller
from adapters.telegram.reactions import reaction_incoming, remember
from adapters.telegram.replies import Replies
from adapters.telegram.request import JsonRequest
from adapters.telegram.send import Poster, retry_seconds
from chat import Incoming, Pacer, Reply
from core import i18n
from core.i18n import Language, _
from core.outbox import RetryLater, Unreachable
from core.ports import Delivery
from handlers import Router, staff_menus

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# message_reaction is delivered only when asked for (in groups, only to a bot that is an admin).
ALLOWED_UPDATES = ["message", "callback_query", "message_reaction"]
DEFAULT_API = "https://api.telegram.org/bot"
DEFAULT_FILES = "https://api.telegram.org/file/bot"
START_TRIES = 5


def _header(headers: Mapping[str, str], name: str) -> str | None:
    if (value := headers.get(name)) is not None:
        return value
    lowered = name.lower()
    return next((v for k, v in headers.items() if k.lower() == lowered), None)


class TelegramAdapter:
    """One bot. `start`/`stop` run inside an existing loop; never `run_polling`."""

    name = "telegram"

    def __init__(self, router: Router, token: str, *, mode: str = "polling", webhook_url: str = "",
                 webhook_secret: str = "", api_base_url: str = DEFAULT_API, file_base_url: str = DEFAULT_FILES,
                 poll_timeout: float = 10.0, typing_after: float = 0.5, pacer: Pacer | None = None,
                 media_group_window: float = WINDOW, receiver: bool = False) -> None:
        if mode not in ("polling", "webhook"):
            raise ValueError(f"telegram mode must be polling or webhook, not {mode!r}")
        if mode == "webhook" and not (webhook_url and webhook_secret):
            raise ValueError("webhook mode needs a webhook URL and a secret")
        self.router = router
        self.mode = mode
        self.receiver = receiver
        """Only answer the webhook calls this process receives: another process set the webhook and the menus."""
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.poll_timeout = poll_timeout
        self.typing_after = typing_after
        self.pacer = pacer or Pacer(per_chat=1.0, per_second=25.0)
        # No PTB Updater: updates arrive through our own poller (polling.py: an update is confirmed
        # only once handled) or through our web server's webhook route.
        builder = (Application.builder().token(token).base_url(api_base_url).base_file_url(file_base_url)
                   .request(JsonRequest(256)).get_updates_request(JsonRequest(1)).updater(None))
        self.application = builder.build()
        self.poller = Poller(self.application.bot, self.application.process_update, timeout=poll_timeout,
                             allowed_updates=ALLOWED_UPDATES)
        self._polling: asyncio.Task[None] | None = None
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self.application.add_error_handler(self._on_error)
        self.out = Poster(self.application.bot)
        self.replies = Replies(self.out, router.services, lambda: self.bot_username)
        self.groups = MediaGroups(self._on_group, media_group_window)

    @property
    def bot_username(self) -> str | None:
        return self.application.bot.username

    # ---- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        for attempt in range(START_TRIES):
            try:
                await self.application.initialize()  # getMe: fails fast on a wrong token
                break
            except NetworkError:
                if attempt == START_TRIES - 1:
                    raise
                log.warning("Telegram unreachable; retrying in %ss", 2**attempt)
                await asyncio.sleep(2**attempt)
        if self.receiver:
            await self.application.start()
            log.info("Telegram bot @%s: answering webhook calls", self.bot_username)
            return
        services = self.router.services
        await set_menus(self.application.bot, services.registry, await staff_menus(services, PLATFORM), services.languages)
        await self.application.start()
        if self.mode == "webhook":
            await self.application.bot.set_webhook(self.webhook_url, secret_token=self.webhook_secret,
                                                   allowed_updates=ALLOWED_UPDATES)
        else:
            self._polling = asyncio.create_task(self._poll(), name="telegram-polling")
        log.info("Telegram bot @%s running (%s)", self.bot_username, self.mode)

    async def _poll(self) -> None:
        try:
            await self.poller.run()
        except Exception:
            log.exception("Telegram polling stopped")  # a revoked token: the rest of the process goes on

    async def stop(self) -> None:
        if self._polling is not None:
            self.poller.stop()
            await self._polling  # the batch in hand is handled and confirmed first
            self._polling = None
        await self.groups.close()
        await self.router.services.bookkeeping.flush()  # the cards sent last are noted before we go
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    # ---- webhook -----------------------------------------------------------------------------
    async def webhook(self, headers: Mapping[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        """The POST route Telegram calls in webhook mode; the secret is compared in constant time."""
        plain = {"Content-Type": "text/plain; charset=utf-8"}
        given = _header(headers, SECRET_HEADER)
        if given is None or not hmac.compare_digest(given.encode(), self.webhook_secret.encode()):
            return 403, plain, b"forbidden"
        try:
            update = Update.de_json(json.loads(body), self.application.bot)
        except Exception:  # noqa: BLE001 — any malformed body is the sender's problem
            return 400, plain, b"bad update"
        # Answered once handled: a process that dies meanwhile gets no 200, and Telegram sends the
        # update again (the router's de-duplication makes a repeat harmless).
        await self.application.process_update(update)
        return 200, plain, b"ok"

    # ---- updates -----------------------------------------------------------------------------
    def _hinted(self, update: Update) -> Language:
        """What to word our own notes in before the router knows the person: their app's language."""
        user, services = update.effective_user, self.router.services
        return services.hinted(user.language_code if user is not None else None) or services.languages.default

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message_reaction is not None:
            await self._on_reaction(update)
            return
        # The router leaves the person's own language active in here: our notes and apologies speak it.
        with i18n.using(self._hinted(update)):
            await self._on_message_or_press(update)

    async def _on_message_or_press(self, update: Update) -> None:
        query = update.callback_query
        answered = False
        try:
            incoming = to_incoming(update, self.application.bot)
            if incoming is None or self.groups.add(update, incoming):
                return  # nothing for us, or a photo of a media group handled as a whole later
            chat_id = update.effective_chat.id if update.effective_chat else int(incoming.sender.external_id)
            async with self._typing(chat_id):
                replies = await self.router.handle(incoming, bot_username=self.bot_username)
            self.poller.settled(update.update_id)  # committed: the next long poll needn't wait for the sending
            answered = await self.replies.show(update, incoming, chat_id, replies)
        except Exception:
            ref = secrets.token_hex(4)
            log.exception("telegram update %s failed (ref %s)", update.update_id, ref)
            await self._apologise(update, ref)
        finally:
            if query is not None and not answered:
                # Telegram keeps the button spinning until the query is answered, even on errors.
                with contextlib.suppress(TelegramError):
                    await query.answer()

    async def _on_reaction(self, update: Update) -> None:
        """👍/❤️ on a post card likes it, taking it away unlikes; the reaction itself is the answer."""
        assert update.message_reaction is not None
        try:
            incoming = await reaction_incoming(self.router.services, update.message_reaction, dedup_key(update))
            if incoming is not None:
                await self.router.handle(incoming, bot_username=self.bot_username)
        except Exception:  # noqa: BLE001 — a reaction is a courtesy: log, never stop the updates
            log.exception("telegram reaction in update %s failed", update.update_id)

    async def _on_group(self, update: Update, incoming: Incoming) -> None:
        """A whole media group at once: one handling, one reply, an upload indicator meanwhile."""
        with i18n.using(self._hinted(update)):
            await self._on_whole_group(update, incoming)

    async def _on_whole_group(self, update: Update, incoming: Incoming) -> None:
        try:
            chat_id = update.effective_chat.id if update.effective_chat else int(incoming.sender.external_id)
            async with self._typing(chat_id, ChatAction.UPLOAD_PHOTO):
                replies = await self.router.handle(incoming, bot_username=self.bot_username)
            await self.replies.show(update, incoming, chat_id, replies)
        except Exception:
            ref = secrets.token_hex(4)
            log.exception("telegram media group of update %s failed (ref %s)", update.update_id, ref)
            await self._apologise(update, ref)

    async def _apologise(self, update: Update, ref: str) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        with contextlib.suppress(Exception):
            await self.application.bot.send_message(
                chat.id, html.escape(_("⚠️ Something went wrong on our side (ref {ref}). Please try again.").format(ref=ref)),
                parse_mode=ParseMode.HTML)

    @contextlib.asynccontextmanager
    async def _typing(self, chat_id: int, action: str = ChatAction.TYPING) -> AsyncIterator[None]:
        """Show "typing…" only when handling takes more than a moment (and keep it up)."""

        async def indicate() -> None:
            while True:
                await self.out.action(chat_id, action)
                await asyncio.sleep(4.5)  # Telegram clears the indicator after ~5 s

        # A timer, not a sleeping task: most updates are answered long before it fires, and a task
        # made and cancelled for each of them costs the event loop turns on every update.
        started: list[asyncio.Task[None]] = []
        timer = asyncio.get_running_loop().call_later(
            self.typing_after, lambda: started.append(asyncio.ensure_future(indicate())))
        try:
            yield
        finally:
            timer.cancel()
            for task in started:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram error for update %r", getattr(update, "update_id", None), exc_info=context.error)

    # ---- notifications -----------------------------------------------------------------------
    async def send_delivery(self, delivery: Delivery) -> None:
        """The outbox notifier's sender: one DM, paced; the outbox decides when to retry."""
        reply = Reply.from_dict(delivery.payload)
        await self.pacer.wait(delivery.external_id)
        try:
            sent = await self.out.send(int(delivery.external_id), reply, retry=False)
        except Forbidden as exc:  # blocked the bot, or never started it
            raise Unreachable(str(exc)) from exc
        except BadRequest as exc:
            if "chat not found" in exc.message.lower():
                raise Unreachable(str(exc)) from exc
            raise
        except RetryAfter as exc:
            raise RetryLater(retry_seconds(exc)) from exc
        remember(self.router.services, sent, reply.post_id)
        if reply.menu:  # promoted or demoted: their chat's menu follows
            await set_chat_menu(self.application.bot, self.router.services.registry, delivery.external_id, reply.menu,
                                self.router.services.languages)


__all__ = ["ALLOWED_UPDATES", "PLATFORM", "SECRET_HEADER", "TelegramAdapter", "menu"]
