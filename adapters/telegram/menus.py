"""Telegram's command menus from the registry: everyone's, and staff's in their own chats only.

Who is staff is the handlers' answer (`staff_menus`: configured admins and appointed moderators);
a promotion or demotion arrives as a notice whose `menu` names the new role.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from chat import NAME_RE
from handlers import Registry

log = logging.getLogger(__name__)
MENU_LIMIT = 100


def menu(registry: Registry, role: str = "user") -> list[BotCommand]:
    """The command menu from the registry: top-level commands and command groups `role` sees."""
    out: list[BotCommand] = []
    for name in registry.top_level(listed_to=role):
        command = registry.get(name)
        summary = command.summary if command is not None else registry.parents.get(name, f"/{name} commands")
        if NAME_RE.match(name):
            out.append(BotCommand(name, summary[:256]))
    return out[:MENU_LIMIT]


async def set_menus(bot: Bot, registry: Registry, staff: Iterable[tuple[str, str]]) -> None:
    """Everyone's menu without staff commands; each staff member's private chat with theirs too
    (BotCommandScopeChat: only that chat shows it). A failure leaves that menu as it was."""
    try:
        await bot.set_my_commands(menu(registry))
    except TelegramError:
        log.exception("setMyCommands failed; the command menu stays as it was")
    for external_id, role in staff:
        await set_chat_menu(bot, registry, external_id, role)


async def set_chat_menu(bot: Bot, registry: Registry, external_id: str, role: str) -> None:
    """The menu of one person's private chat: `role`'s commands, or (a plain user) everyone's again."""
    try:
        scope = BotCommandScopeChat(int(external_id))
        if role == "user":
            await bot.delete_my_commands(scope=scope)  # the chat falls back to everyone's menu
        else:
            await bot.set_my_commands(menu(registry, role), scope=scope)
    except (TelegramError, ValueError) as exc:  # e.g. someone who never opened a chat with the bot
        log.info("no %s menu for telegram user %s yet: %s", role, external_id, exc)


__all__ = ["menu", "set_chat_menu", "set_menus"]
