"""Showing the router's replies to one update: sent, edited in place, as a button's toast, or
privately when a group asked for something personal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.error import BadRequest, Forbidden

from adapters.telegram.reactions import remember
from adapters.telegram.render import render, swap_button
from adapters.telegram.send import Poster
from chat import Incoming, Reply, reply
from core.i18n import _
from handlers import Services

log = logging.getLogger("adapters.telegram.adapter")


class Replies:
    """Sends what the router answered, the way Telegram shows each kind."""

    def __init__(self, out: Poster, services: Services, bot_username: Callable[[], str | None]) -> None:
        self.out = out
        self.services = services
        self.bot_username = bot_username

    async def show(self, update: Update, incoming: Incoming, chat_id: int, replies: list[Reply]) -> bool:
        """Send, edit or toast each reply; returns whether the callback query was answered."""
        query = update.callback_query
        pressed = query.message if query is not None else None
        in_group = incoming.in_group
        quote = update.message.message_id if in_group and update.message is not None else None
        user_id = int(incoming.sender.external_id)
        answered = False
        dm: bool | None = None  # None: nothing personal; False: the DM failed
        for r in replies:
            if query is not None and r.toast and not answered:
                shown = render(r)
                await self.out.call(query.answer, text=shown.toast)
                answered = True
                # In a group the card is everyone's: one person's Like/Unlike must not flip it.
                markup = getattr(pressed, "reply_markup", None)
                if r.buttons and pressed is not None and not in_group and \
                        (swapped := swap_button(markup, query.data, shown.markup)) is not None:
                    await self.out.set_markup(chat_id, pressed.message_id, swapped)
            elif r.personal and in_group:
                if dm is not False:
                    dm = await self._dm(user_id, r)
            elif r.in_place and pressed is not None:
                photo = bool(getattr(pressed, "photo", None) or getattr(pressed, "document", None))
                await self.out.edit(chat_id, pressed.message_id, r, caption=photo)
            else:
                remember(self.services, await self.out.send(chat_id, r, reply_to=quote), r.post_id)
        if dm is not None and query is not None and not answered:
            # A press in a group is answered on the button itself: nothing is posted for everyone.
            await self._answer_privately(query, dm)
            answered = True
        elif dm is not None and query is None:
            await self.out.send(chat_id, self._dm_note(incoming, dm), reply_to=quote)
        return answered

    async def _answer_privately(self, query: Any, delivered: bool) -> None:
        """The press's toast says where the answer went; if it could not go, the toast opens our
        private chat (a `t.me/BOT?start=` link, as Telegram allows for callback answers)."""
        if delivered or not self.bot_username():
            text = _("📬 Answered in our private chat.") if delivered else _("🔒 Start a private chat with me first.")
            await self.out.call(query.answer, text=text)
            return
        await self.out.call(query.answer, text=_("🔒 Press Start in our private chat, then try again."),
                            url=f"https://t.me/{self.bot_username()}?start=from_group")

    async def _dm(self, user_id: int, r: Reply) -> bool:
        """Personal results asked for in a group go to the asker's private chat."""
        try:
            remember(self.services, await self.out.send(user_id, r), r.post_id)
            return True
        except (Forbidden, BadRequest) as exc:
            log.info("cannot DM telegram user %s: %s", user_id, exc)
            return False

    def _dm_note(self, incoming: Incoming, delivered: bool) -> Reply:
        name = incoming.sender.display_name
        if delivered:
            return reply(_("📬 {name}, I sent you the answer privately.").format(name=name))
        if not self.bot_username():
            return reply(_("🔒 {name}, that answer is private — open a chat with me, press Start, then try again.")
                         .format(name=name))
        return reply(_("🔒 {name}, that answer is private — open a chat with {bot}, press Start, then try again.")
                     .format(name=name, bot=f"@{self.bot_username()}"))


__all__ = ["Replies"]
