"""The registry as Discord slash commands: options, groups, autocomplete, sync when changed.

One declaration in `handlers.registry` becomes one app command here. Each command gets a
generic callback that hands the interaction and its raw option values to the adapter; the
registry's own converters check them (`Registry.bind_options`), so Discord and typed text
behave the same.

Descriptions are declared in English and marked (`locale_str`, discord.py's own way); the
`CatalogTranslator` set on the tree fills each command's, group's and option's
`description_localizations` from our catalogs for the Discord locales that read them (`zh-CN`,
`zh-TW`), and an option's `name_localizations` where its translated name is a valid Discord name.
Command names are never localized: people type them as they are, on every messenger.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, Optional

from adapters.discord._lib import app_commands, discord
from chat import Sender, clip
from core.i18n import SOURCE, Language, Languages, N_
from handlers import Command, Param, Registry, Services, completions, translated

log = logging.getLogger(__name__)

HASH_KEY = "discord:commands-hash"
DESCRIPTION_LIMIT = 100
CHOICE_LIMIT = 25
# Parameter kinds Discord completes as the person types (handlers.autocomplete knows them); a
# parameter's own `suggests` (albums, shop items, time zones) comes first.
SUGGESTED = {"handle": "handle", "handles": "handle", "circle": "circle", "post": "post", "audience": "audience",
             "post_or_comment": "post", "post_or_photo": "post"}  # `/delete c17`, `/like p12` are typed; posts offered

OnCommand = Callable[[discord.Interaction[Any], str, dict[str, Any]], Awaitable[None]]
SenderOf = Callable[[discord.abc.User], Sender]


PHOTO_OPTION = N_("a photo to go with it")
# What Discord allows as a (localized) option name: lowercase letters of any script, digits, - and _.
_OPTION_NAME = re.compile(r"^[-_\w]{1,32}$")
Location = app_commands.TranslationContextLocation


def _describe(text: str, fallback: str) -> app_commands.locale_str:
    """A description as Discord takes it (≤ 100 characters), marked for translation (`msgid`)."""
    return app_commands.locale_str(clip((text or fallback).strip(), DESCRIPTION_LIMIT), msgid=text)


class CatalogTranslator(app_commands.Translator):
    """The localizations of the synced commands, from our gettext catalogs (see the module's doc)."""

    def __init__(self, languages: Languages) -> None:
        self.languages = languages

    def language(self, locale: discord.Locale) -> Language | None:
        """The catalog a Discord locale reads, if it is another than the English commands are declared in."""
        found = self.languages.match(str(locale))
        return found if found is not None and found.code != SOURCE else None

    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContextTypes) -> str | None:
        language = self.language(locale)
        if language is None:
            return None
        if context.location is Location.parameter_name:
            return self._option_name(language, str(string.extras.get("label", "")), string.extras.get("others", ()))
        if context.location not in (Location.command_description, Location.group_description,
                                    Location.parameter_description):
            return None  # command and group names stay as typed; choices are keywords people type
        msgid = str(string.extras.get("msgid") or "")
        if not msgid:
            return None
        said = translated(msgid, language)
        return clip(said, DESCRIPTION_LIMIT) if said != msgid else None

    def _option_name(self, language: Language, label: str, others: tuple[tuple[str, str], ...]) -> str | None:
        """An option's name in `language`, when the catalog has one Discord accepts and that no other
        option of the command has (in English or translated): Discord refuses a command otherwise."""
        name = self._localized(language, label)
        if name is None:
            return None
        taken = {english for english, _ in others} | {self._localized(language, other) for _, other in others}
        return None if name in taken else name

    @staticmethod
    def _localized(language: Language, label: str) -> str | None:
        said = translated(label, language) if label else label
        name = "_".join(said.lower().split())
        return name if said != label and _OPTION_NAME.match(name) else None


def _autocomplete(services: Services, sender_of: SenderOf, param: Param) -> Callable[..., Awaitable[list[Any]]]:
    kind = param.suggests or SUGGESTED[param.kind]

    async def complete(interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
        # A list of handles completes its last word and keeps the ones before it.
        before, _, last = current.rpartition(" ") if param.kind == "handles" else ("", "", current)
        try:
            found = await completions(services, sender_of(interaction.user), kind, last.lstrip("@"), CHOICE_LIMIT)
        except Exception:  # noqa: BLE001 — a failed suggestion must not break typing the command
            log.exception("autocomplete for %s failed", param.name)
            return []
        prefix = f"{before} " if before else ""
        return [app_commands.Choice(name=clip(name or value, DESCRIPTION_LIMIT), value=(prefix + value)[:100]) for name, value in found]

    return complete


def photo_options(command: Command) -> list[str]:
    """The attachment options of a command that takes photos: `photo`, `photo2`, …"""
    return ["photo" if n == 0 else f"photo{n + 1}" for n in range(command.photos)]


def slash_command(command: Command, services: Services, on_command: OnCommand, sender_of: SenderOf,
                  parent: app_commands.Group | None = None) -> app_commands.Command[Any, ..., None]:
    """One registry command as an app command whose options are its parameters."""
    path = command.path

    async def callback(interaction: discord.Interaction[Any], **options: Any) -> None:
        await on_command(interaction, path, options)

    signature = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction)]
    descriptions: dict[str, str] = {}
    renames: dict[str, str] = {}
    choices: dict[str, list[app_commands.Choice[str]]] = {}
    completes: dict[str, Callable[..., Awaitable[list[Any]]]] = {}
    for p in command.params:
        kind: type = int if p.kind == "int" else str
        signature.append(inspect.Parameter(
            p.name, inspect.Parameter.KEYWORD_ONLY,
            default=inspect.Parameter.empty if p.required else None,
            annotation=kind if p.required else Optional[kind],  # noqa: UP007 — discord.py reads Optional
        ))
        descriptions[p.name] = _describe(p.summary, p.name)
        # The registry's display name, as every messenger shows it (and, translated, Discord in Chinese).
        others = tuple((q.option_name, q.display) for q in command.params if q is not p) + \
            tuple((name, "") for name in photo_options(command))
        renames[p.name] = app_commands.locale_str(p.option_name, label=p.display, others=others)
        if p.kind == "choice" and p.choices:
            choices[p.name] = [app_commands.Choice(name=c, value=c) for c in p.choices[:CHOICE_LIMIT]]
        elif p.suggests or p.kind in SUGGESTED:
            completes[p.name] = _autocomplete(services, sender_of, p)
    for name in photo_options(command):  # files as Discord's attachment options, all optional
        signature.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None,
                                           annotation=Optional[discord.Attachment]))  # noqa: UP007
        descriptions[name] = _describe(PHOTO_OPTION, name)
    callback.__signature__ = inspect.Signature(signature)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = descriptions  # type: ignore[attr-defined]
    if renames:
        callback.__discord_app_commands_param_rename__ = renames  # type: ignore[attr-defined]
    if choices:
        callback.__discord_app_commands_param_choices__ = choices  # type: ignore[attr-defined]
    if completes:
        callback.__discord_app_commands_param_autocomplete__ = completes  # type: ignore[attr-defined]
    return app_commands.Command(name=command.name, description=_describe(command.summary, command.name),
                                callback=callback, parent=parent)


# Who sees a staff command in a server's command list (Discord's default_member_permissions;
# server admins may change it per role). Whether it runs is still decided in core, by role.
STAFF_PERMISSIONS = {"moderator": discord.Permissions(manage_messages=True),
                     "admin": discord.Permissions(administrator=True)}


def _staff_only(commands: list[Command]) -> discord.Permissions | None:
    """The permissions that show these commands: those of the least staff role listed for all of them."""
    roles = {c.listed_for for c in commands}
    if not roles or "user" in roles:
        return None
    return STAFF_PERMISSIONS["moderator" if "moderator" in roles else "admin"]


def build_tree(tree: app_commands.CommandTree[Any], registry: Registry, services: Services, on_command: OnCommand,
               sender_of: SenderOf) -> None:
    """Fill `tree` from the registry: plain commands, and groups of subcommands (`/circle add`)."""
    tree.clear_commands(guild=None)
    for name in registry.top_level():
        command = registry.get(name)
        if command is not None and command.parent is None:
            slash = slash_command(command, services, on_command, sender_of)
            slash.default_permissions = _staff_only([command])
            tree.add_command(slash)
            continue
        summary = registry.parents.get(name, "")
        group = app_commands.Group(name=name, description=_describe(summary, f"/{name} commands"),
                                   default_permissions=_staff_only(registry.subcommands(name)))
        for sub in registry.subcommands(name):
            group.add_command(slash_command(sub, services, on_command, sender_of, parent=group))
        tree.add_command(group)


async def commands_hash(tree: app_commands.CommandTree[Any], application_id: int | None,
                        dev_guild_id: int | None) -> str:
    """A digest of exactly what a sync would upload (and where), localizations included."""
    translator = tree.translator
    commands = [await c.get_translated_payload(tree, translator) if translator is not None else c.to_dict(tree)
                for c in tree.get_commands()]
    payload = {"application": application_id, "guild": dev_guild_id, "commands": commands}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


async def sync_if_changed(tree: app_commands.CommandTree[Any], services: Services, application_id: int | None,
                          dev_guild_id: int | None) -> bool:
    """Upload the commands only when they differ from the last upload (Discord rate-limits syncs)."""
    digest = await commands_hash(tree, application_id, dev_guild_id)
    async with services.uow_factory() as uow:
        stored = await uow.state.get(HASH_KEY, services.clock.now())
    if stored is not None and stored.get("hash") == digest:
        return False
    await tree.sync()
    if dev_guild_id:
        # Global commands can take a while to show up; a development guild sees them at once.
        guild = discord.Object(dev_guild_id)
        tree.copy_global_to(guild=guild)
        await tree.sync(guild=guild)
    async with services.uow_factory() as uow:
        await uow.state.put(HASH_KEY, {"hash": digest}, None)
        await uow.commit()
    log.info("Discord slash commands synced (%d)", len(tree.get_commands()))
    return True


__all__ = ["HASH_KEY", "STAFF_PERMISSIONS", "CatalogTranslator", "build_tree", "photo_options", "commands_hash", "slash_command", "sync_if_changed"]
