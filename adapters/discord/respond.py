"""Answering one interaction with Replies: in time, ephemeral where personal, edits for buttons.

Discord wants an answer within 3 seconds. Handling usually takes milliseconds, so the first
reply *is* the answer; when it takes longer than `defer_after`, the interaction is deferred
(a "thinking…" note, or a silent acknowledgement for a button) and replies follow up.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable
from typing import Any

from adapters.discord._lib import discord
from adapters.discord.render import NO_MENTIONS, Message, ask_modal, render, rendered, swap_view, toast_text
from chat import Reply, error_reply
from core.i18n import _

log = logging.getLogger(__name__)
DEFER_AFTER = 1.5


class Responder:
    """Sends the Replies of one interaction."""

    def __init__(self, interaction: discord.Interaction[Any]) -> None:
        self.i = interaction
        self.in_guild = interaction.guild_id is not None
        self.component = interaction.type is discord.InteractionType.component
        # A deferred slash command shows "thinking…" until the original response is edited.
        self.thinking = False
        # Discord gives the answer that replaces "thinking…" the ephemerality chosen when
        # deferring; in a guild we defer privately, as the answer may be personal.
        self.thinking_private = False

    async def answer(self, work: Awaitable[list[Reply]], defer_after: float = DEFER_AFTER) -> None:
        """Run the handler, deferring if it is slow; any failure becomes an ephemeral apology.

        The handler runs in this task (no task of its own, no `wait_for`: each would cost the event
        loop turns on every interaction); a timer defers meanwhile if it takes longer than
        `defer_after`. What we say ourselves is worded in the person's language, as the router
        leaves it active (`Router.handle`)."""
        deferring: list[asyncio.Task[None]] = []
        timer = asyncio.get_running_loop().call_later(
            defer_after, lambda: deferring.append(asyncio.ensure_future(self.defer())))
        try:
            try:
                replies = await work
            finally:
                timer.cancel()
            if deferring:
                await deferring[0]  # the acknowledgement first: the replies then follow it up
            await self.show(replies)
        except Exception:
            ref = secrets.token_hex(4)
            log.exception("discord interaction %s failed (ref %s)", self.i.id, ref)
            if deferring:
                await asyncio.gather(deferring[0], return_exceptions=True)
            await self.apologise(ref)

    async def defer(self) -> None:
        if self.i.response.is_done():
            return
        if self.component:
            await self.i.response.defer()  # acknowledges the press; the message stays as it is
        else:
            await self.i.response.defer(thinking=True, ephemeral=self.in_guild)
            self.thinking = True
            self.thinking_private = self.in_guild

    async def show(self, replies: list[Reply]) -> None:
        if len(replies) == 1 and replies[0].asks and not self.i.response.is_done() and \
                self.i.type is not discord.InteractionType.modal_submit:
            await self.i.response.send_modal(ask_modal(replies[0]))  # the question as a text box
            return
        pressed_private = not self.in_guild or bool(self.i.message and self.i.message.flags.ephemeral)
        for r in replies:
            if self.component and r.toast:
                # In a guild the card is everyone's: one person's Like must not flip it for all.
                await self.toast(r, edit=bool(r.buttons) and pressed_private)
            elif self.component and r.in_place:
                await self.replace(r)
            else:
                personal = r.personal and self.in_guild
                for m in await rendered(r):
                    await self.send(m, ephemeral=personal)
        await self.finish()

    async def toast(self, r: Reply, *, edit: bool) -> None:
        text = toast_text(r)
        pressed = str((self.i.data or {}).get("custom_id", ""))
        view = swap_view(self.i.message, pressed, r) if edit else None
        if view is not None and not self.i.response.is_done():
            await self.i.response.edit_message(view=view)
        elif view is not None:
            await self.i.edit_original_response(view=view)
        await self.send(Message(content=text), ephemeral=True)

    async def replace(self, r: Reply) -> None:
        first, *rest = await rendered(r)
        kw = _edit_kwargs(first)
        if not self.i.response.is_done():
            await self.i.response.edit_message(**kw)
        else:
            await self.i.edit_original_response(**kw)
        for m in rest:
            await self.send(m, ephemeral=False)

    async def send(self, m: Message, *, ephemeral: bool) -> None:
        kw = m.kwargs()
        if not self.i.response.is_done():
            await self.i.response.send_message(ephemeral=ephemeral, **kw)
        elif self.thinking and ephemeral == self.thinking_private:
            await self.i.edit_original_response(**_edit_kwargs(m))
            self.thinking = False
        elif self.thinking and not ephemeral:
            # The private "thinking…" note can't become a public message: settle it, post the
            # answer on its own, then take the note away.
            await self.i.edit_original_response(content="✓", embeds=[], view=None)
            self.thinking = False
            await self.i.followup.send(ephemeral=False, **kw)
            await self.i.delete_original_response()
        else:
            await self.i.followup.send(ephemeral=ephemeral, **kw)

    async def finish(self) -> None:
        """Never leave an interaction unanswered, nor a "thinking…" note behind."""
        if not self.i.response.is_done():
            if self.component:
                await self.i.response.defer()
            else:
                await self.i.response.send_message("✓", ephemeral=True)
        elif self.thinking:
            self.thinking = False
            await self.i.delete_original_response()

    async def apologise(self, ref: str) -> None:
        r = error_reply(_("Something went wrong on our side (ref {ref}). Please try again in a moment.").format(ref=ref))
        try:
            await self.send(render(r)[0], ephemeral=True)
            if self.thinking:
                await self.i.delete_original_response()
        except Exception:  # noqa: BLE001 — the interaction may have expired; the log has the cause
            log.warning("could not apologise for interaction %s", self.i.id)


def _edit_kwargs(m: Message) -> dict[str, Any]:
    kw = m.kwargs()
    kw.setdefault("content", None)
    kw["embeds"] = kw.get("embeds", [])
    kw.setdefault("view", None)
    if "files" in kw:
        kw["attachments"] = kw.pop("files")
    kw["allowed_mentions"] = NO_MENTIONS
    return kw


__all__ = ["DEFER_AFTER", "Responder"]
