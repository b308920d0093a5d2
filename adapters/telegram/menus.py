"""Telegram's command menus from the registry: everyone's, and staff's in their own chats only."""

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


async def set_menus(bot: Bot, registry: Registry, admins: Iterable[str]) -> None:
    """Everyone's menu without staff commands; each configured admin's private chat with them too
    (BotCommandScopeChat: only that chat shows it). A failure leaves that menu as it was."""
    try:
        await bot.set_my_commands(menu(registry))
    except TelegramError:
        log.exception("setMyCommands failed; the command menu stays as it was")
    for admin in sorted(admins):
        try:
            await bot.set_my_commands(menu(registry, "admin"), scope=BotCommandScopeChat(int(admin)))
        except (TelegramError, ValueError) as exc:  # e.g. an admin who never opened a chat with the bot
            log.info("no staff menu for telegram admin %s yet: %s", admin, exc)


__all__ = ["menu", "set_menus"]
