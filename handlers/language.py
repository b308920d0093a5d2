"""/lang: the language a person reads OpenZone in."""

from __future__ import annotations

from chat.messages import Reply, b, fill, reply
from core import i18n
from core.errors import Invalid
from core.i18n import N_, _
from handlers.context import Context
from handlers.feature import Feature
from handlers.registry import CommandGroup, Param

commands = CommandGroup()
AUTO = "auto"


def choices(ctx: Context) -> str:
    return " · ".join(f"/lang {lang.short} ({lang.name})" for lang in ctx.services.languages.all)


@commands.command("lang", N_("The language you read OpenZone in"),
                  Param("language", "word", N_("en, zh — or auto: follow your messenger"), required=False))
async def lang(ctx: Context) -> Reply:
    said = ctx.args.get("language")
    languages = ctx.services.languages
    if not said:
        chosen = _("you chose it") if ctx.account.language else _("your messenger's, until you choose")
        return reply(*fill(_("You read OpenZone in {language} ({why}).\n"), language=b(ctx.language.name), why=chosen),
                     _("Choose: {choices} · /lang auto").format(choices=choices(ctx)), personal=True)
    if said.strip().lower() == AUTO:
        await ctx.uow.accounts.set_language(ctx.account.id, None)
        ctx.language = languages.for_account(None, ctx.incoming.locale or ctx.account.language_hint)
        i18n.switch(ctx.language)
        return reply(*fill(_("OK — you read OpenZone in your messenger's language: {language}."),
                           language=b(ctx.language.name)), personal=True)
    found = languages.match(said)
    if found is None:
        raise Invalid(_("OpenZone doesn't speak “{said}” yet. Choose: {choices}").format(said=said, choices=choices(ctx)))
    await ctx.uow.accounts.set_language(ctx.account.id, found.code)
    ctx.language = found
    i18n.switch(found)  # the answer is already in the new language
    return reply(*fill(_("OK — you read OpenZone in {language} from now on, on every messenger."),
                       language=b(found.name)), personal=True)


feature = Feature("language", N_("The language you read OpenZone in"), commands, topic="account")

__all__ = ["feature"]
