"""Telegram's command menus from the registry: everyone's, and staff's in their own chats only.

Who is staff is the handlers' answer (`staff_menus`: configured admins and appointed moderators);
a promotion or demotion arrives as a notice whose `menu` names the new role.

Each menu is set once per language (`setMyCommands` with `language_code`): the site's default
language without one, every other language for the apps set to it (`zh`: every Chinese app).
Telegram shows each person the one for their app's language; descriptions are translated, command
names stay as people type them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from chat import NAME_RE
from core import i18n
from core.i18n import Language, Languages
from handlers import Registry

log = logging.getLogger(__name__)
MENU_LIMIT = 100


def menu(registry: Registry, role: str = "user") -> list[BotCommand]:
    """The command menu from the registry: top-level commands and command groups `role` sees,
    described in the language being worded (see `core.i18n.using`)."""
    out: list[BotCommand] = []
    for name in registry.top_level(listed_to=role):
        if NAME_RE.match(name):
            out.append(BotCommand(name, registry.summary_of(name)[:256]))
    return out[:MENU_LIMIT]


def menu_languages(languages: Languages) -> list[tuple[Language, str]]:
    """(language, Telegram `language_code`) of every menu: the default one's is "" (any app)."""
    return [(lang, "" if lang == languages.default else lang.short)
            for lang in sorted(languages.all, key=lambda lang: lang != languages.default)]


async def set_menus(bot: Bot, registry: Registry, staff: Iterable[tuple[str, str]],
                    languages: Languages | None = None) -> None:
    """Everyone's menu without staff commands; each staff member's private chat with theirs too
    (BotCommandScopeChat: only that chat shows it), each in every language. A failure leaves that
    menu as it was."""
    for language, code in menu_languages(languages or i18n.shipped_languages()):
        try:
            with i18n.using(language):
                await bot.set_my_commands(menu(registry), language_code=code or None)
        except TelegramError:
            log.exception("setMyCommands (%s) failed; the command menu stays as it was", code or "default")
    for external_id, role in staff:
        await set_chat_menu(bot, registry, external_id, role, languages)


async def set_chat_menu(bot: Bot, registry: Registry, external_id: str, role: str,
                        languages: Languages | None = None) -> None:
    """The menu of one person's private chat: `role`'s commands, or (a plain user) everyone's again."""
    for language, code in menu_languages(languages or i18n.shipped_languages()):
        try:
            scope = BotCommandScopeChat(int(external_id))
            if role == "user":
                # The chat falls back to everyone's menu (in the person's app language).
                await bot.delete_my_commands(scope=scope, language_code=code or None)
            else:
                with i18n.using(language):
                    await bot.set_my_commands(menu(registry, role), scope=scope, language_code=code or None)
        except (TelegramError, ValueError) as exc:  # e.g. someone who never opened a chat with the bot
            log.info("no %s menu for telegram user %s yet: %s", role, external_id, exc)
            return


__all__ = ["menu", "menu_languages", "set_chat_menu", "set_menus"]
