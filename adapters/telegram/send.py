"""Sending rendered replies: flood-wait and network retries, edits that may be no-ops."""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple, TypeVar

from telegram import Bot, ForceReply, InlineKeyboardMarkup, InputMediaPhoto, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from adapters.telegram.render import Rendered, render, strip_tags
from adapters.telegram.request import Payload
from chat import Image, Reply, face_as_picture

log = logging.getLogger(__name__)
T = TypeVar("T")
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
NO_PREVIEW_VALUE = {"is_disabled": True}
NETWORK_TRIES = 3
FORCE_REPLY_PLACEHOLDER = 64


def retry_seconds(exc: RetryAfter) -> float:
    """Seconds Telegram asks us to wait, whether PTB hands out an int or (PTB_TIMEDELTA) a timedelta."""
    with warnings.catch_warnings():
        # PTB 22 warns when reading the int form; the value is what we need either way.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: Any = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def not_modified(exc: BadRequest) -> bool:
    return "not modified" in exc.message.lower()


class Sent(NamedTuple):
    """A message sent: what a card's note needs of it (a PTB Message has the same two names)."""

    chat_id: int
    message_id: int


Shown = Message | Sent


class Poster:
    """Sends Replies through one Bot; `retry=False` leaves retrying to the caller (the outbox)."""

    def __init__(self, bot: Bot, network_backoff: float = 0.5) -> None:
        self.bot = bot
        self.network_backoff = network_backoff

    @property
    def _send_message_url(self) -> str:
        return f"{self.bot.base_url}/sendMessage"

    async def call(self, fn: Callable[..., Awaitable[T]], /, *args: Any, retry: bool = True, **kw: Any) -> T:
        """Call the Bot API: wait out one flood limit, back off on network errors."""
        flood_waits = network = 0
        while True:
            try:
                return await fn(*args, **kw)
            except RetryAfter as exc:
                if not retry or flood_waits >= 1:
                    raise
                flood_waits += 1
                await asyncio.sleep(retry_seconds(exc))
            except NetworkError as exc:
                # BadRequest is a NetworkError in PTB, but retrying a bad request never helps.
                if isinstance(exc, BadRequest) or not retry or network >= NETWORK_TRIES - 1:
                    raise
                await asyncio.sleep(self.network_backoff * 2**network)
                network += 1

    async def send(self, chat_id: int, reply: Reply, *, reply_to: int | None = None, retry: bool = True) -> list[Shown]:
        # Telegram can't show a face beside a name: a profile's rides as its photo, a post card has none.
        return await self.send_rendered(chat_id, render(await face_as_picture(reply)), reply_to=reply_to, retry=retry)

    async def send_rendered(self, chat_id: int, out: Rendered, *, reply_to: int | None = None,
                            retry: bool = True) -> list[Shown]:
        if out.images and out.fits_caption:
            return await self._send_captioned(chat_id, out, reply_to, retry)
        sent: list[Shown] = []
        chunks = out.chunks or (("…",) if out.markup is not None and not out.images else ())
        # A question opens the reply box at once (its answer is the next message the flow waits for).
        last: InlineKeyboardMarkup | ForceReply | None = out.markup
        if out.asks and last is None:
            last = ForceReply(selective=True, input_field_placeholder=out.asks[:FORCE_REPLY_PLACEHOLDER])
        for n, text in enumerate(chunks):
            sent.append(await self._send_text(chat_id, text, last if n == len(chunks) - 1 else None,
                                              reply_to if n == 0 else None, retry))
        if out.images:
            await self.action(chat_id, ChatAction.UPLOAD_PHOTO)
        for start in range(0, len(out.images), 10):
            sent += await self._send_photos(chat_id, out.images[start:start + 10], None, retry=retry)
        return sent

    async def _send_text(self, chat_id: int, text: str, markup: InlineKeyboardMarkup | ForceReply | None,
                         reply_to: int | None, retry: bool) -> Sent:
        """sendMessage, its answer read for the one thing we keep of it (the message's id).

        Posted through the bot's own request object (its errors, flood waits and timeouts are PTB's):
        `Bot.send_message` would build a full `Message` of the answer, some 150 attributes with the
        keyboard echoed back, which nothing here reads."""
        values: dict[str, Any] = {"chat_id": chat_id, "text": text, "parse_mode": ParseMode.HTML.value,
                                  "link_preview_options": NO_PREVIEW_VALUE}
        if markup is not None:
            values["reply_markup"] = markup.to_dict()
        if reply_to:
            values["reply_parameters"] = {"message_id": reply_to, "allow_sending_without_reply": True}
        answer = await self.call(self.bot.request.post, self._send_message_url, Payload(values), retry=retry)
        assert isinstance(answer, dict)
        return Sent(int(answer["chat"]["id"]), int(answer["message_id"]))

    async def _send_captioned(self, chat_id: int, out: Rendered, reply_to: int | None, retry: bool) -> list[Shown]:
        """Pictures with the words as their caption: one photo message, or an album and its buttons."""
        await self.action(chat_id, ChatAction.UPLOAD_PHOTO)
        caption = out.chunks[0] if out.chunks else None
        if len(out.images) == 1:
            return await self._send_photos(chat_id, out.images, caption, out.markup, reply_to, retry)
        sent: list[Shown] = []
        for start in range(0, len(out.images), 10):
            sent += await self._send_photos(chat_id, out.images[start:start + 10], caption if start == 0 else None,
                                            reply_to=reply_to if start == 0 else None, retry=retry)
        if out.markup is not None:
            # An album can't carry buttons: they go under the caption's first line (e.g. "#3 · …"),
            # which also lets a reply to them name the post.
            head = (caption or "🖼").split("\n", 1)[0]
            sent.append(await self._send_text(chat_id, strip_tags(head), out.markup, None, retry))
        return sent

    async def _send_photos(self, chat_id: int, images: tuple[Image, ...], caption: str | None,
                           markup: InlineKeyboardMarkup | None = None, reply_to: int | None = None,
                           retry: bool = True) -> list[Shown]:
        """One photo (with caption and buttons), or a media group (caption on its first photo)."""
        quote = self._quote(reply_to)
        if len(images) == 1:
            return [await self.call(
                self.bot.send_photo, chat_id=chat_id, photo=images[0].data, filename=images[0].filename,
                caption=caption, parse_mode=ParseMode.HTML if caption else None, reply_markup=markup,
                reply_parameters=quote, retry=retry,
            )]
        group = [InputMediaPhoto(i.data, filename=i.filename, caption=caption if n == 0 else None,
                                 parse_mode=ParseMode.HTML if caption and n == 0 else None)
                 for n, i in enumerate(images)]
        return list(await self.call(self.bot.send_media_group, chat_id=chat_id, media=group,
                                    reply_parameters=quote, retry=retry))

    async def edit(self, chat_id: int, message_id: int, reply: Reply, *, caption: bool = False) -> None:
        """Show `reply` in place of an earlier message (a page turned, a choice made).

        `caption`: the message is a photo, whose words are its caption (editMessageCaption).
        Whatever does not fit the message edited follows as new messages; a face is not added
        (the edited message keeps its kind, text or photo).
        """
        out = render(reply)
        if not out.chunks:
            await self.set_markup(chat_id, message_id, out.markup)
            return
        fits = out.fits_caption if caption else len(out.chunks) == 1
        try:
            if caption:
                await self.call(self.bot.edit_message_caption, chat_id=chat_id, message_id=message_id,
                                caption=out.chunks[0] if fits else "⬇️", parse_mode=ParseMode.HTML,
                                reply_markup=out.markup if fits else None)
            else:
                await self.call(self.bot.edit_message_text, chat_id=chat_id, message_id=message_id,
                                text=out.chunks[0], parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                                reply_markup=out.markup if fits else None)
        except BadRequest as exc:
            if not not_modified(exc):
                raise
        rest = () if fits else out.chunks if caption else out.chunks[1:]
        if rest or out.images:
            await self.send_rendered(chat_id, Rendered(rest, None if fits else out.markup, out.images, out.toast))

    async def set_markup(self, chat_id: int, message_id: int, markup: InlineKeyboardMarkup | None) -> None:
        try:
            await self.call(self.bot.edit_message_reply_markup, chat_id=chat_id, message_id=message_id,
                            reply_markup=markup)
        except BadRequest as exc:
            if not not_modified(exc):
                raise

    async def action(self, chat_id: int, action: str) -> None:
        """A chat action is a courtesy: never worth failing or waiting for."""
        try:
            await self.bot.send_chat_action(chat_id=chat_id, action=action)
        except Exception as exc:  # noqa: BLE001 — the message itself matters, not the indicator
            log.debug("chat action %s for %s failed: %s", action, chat_id, exc)

    @staticmethod
    def _quote(reply_to: int | None) -> ReplyParameters | None:
        return ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None


__all__ = ["Poster", "Sent", "Shown", "retry_seconds", "not_modified"]
