"""/help: the commands by topic, shown to each person as their role allows, one short reply each.

Everything is worded in the reader's language: summaries and topic titles are msgids (`N_`)
translated here; command names, keywords and choices stay as they are typed.
"""

from __future__ import annotations

from chat.messages import Reply, Span, code, error_reply, plain, reply
from core.i18n import _
from handlers.registry import Command, Registry, translated

PEEK = 5  # commands named on a topic's line in the overview


def overview(registry: Registry, role: str, language_line: str = "") -> Reply:
    """One line per topic this person has commands in, how to go on, and (`language_line`) the language they read."""
    spans: list[Span] = [plain(_("OpenZone — /help TOPIC lists a topic's commands:") + "\n")]
    for key, title in registry.topics.items():
        names = list(dict.fromkeys("/" + (c.parent or c.name) for c in registry.in_topic(key, role)))
        if names:
            more = " …" if len(names) > PEEK else ""
            line = _("{title}: {commands}").format(title=translated(title), commands=" ".join(names[:PEEK]) + more)
            spans += [code(key), plain(f" — {line}\n")]
    spans.append(plain("\n" + _("/help COMMAND explains one (e.g. /help post). New here? /post public hello world")))
    if language_line:
        spans.append(plain("\n" + language_line))
    return reply(*spans, personal=True)


def topic(registry: Registry, key: str, role: str) -> Reply | None:
    """The commands of one topic this person may use; None when there are none for them."""
    listed = registry.in_topic(key, role)
    if not listed:
        return None
    return reply(plain(_("{title}:").format(title=translated(registry.topics[key])) + "\n"), *_lines(listed),
                 plain("\n" + _("/help COMMAND explains one.")), personal=True)


def command(registry: Registry, name: str, role: str) -> Reply:
    """How one command (or command group, like /circle) works, if this person may see it."""
    subs = registry.subcommands(name)
    if subs:
        shown = [c for c in subs if c.listed_to(role)]
        if not shown:
            return reply(_("/{name} is for moderators and admins.").format(name=name), personal=True)
        return reply(*_lines(shown), personal=True)
    found = registry.get(name)
    if found is None:
        suggestion = registry.suggest(name)
        if suggestion:
            text = _("There is no /{name} command or help topic. Did you mean /{suggestion}? /help lists the topics.")
        else:
            text = _("There is no /{name} command or help topic. /help lists the topics.")
        return error_reply(text.format(name=name, suggestion=suggestion))  # worded as an unknown command is
    if not found.listed_to(role):
        return reply(for_role(found.path, found.listed_for), personal=True)
    details: list[Span] = [plain(translated(found.summary) + "\n"), code(found.usage()), plain("\n")]
    for p in found.params:
        what = translated(p.summary) or p.kind
        line = (_("{name}: {what}") if p.required else _("{name}: {what} (optional)")).format(name=p.shown, what=what)
        details.append(plain(f"  {line}\n"))
    if found.aliases:
        details.append(plain(_("Also: {aliases}").format(aliases=", ".join("/" + a for a in found.aliases))))
    return reply(*details, personal=True)


def for_role(path: str, role: str) -> str:
    """`/grant is for admins.`: a command someone of a lower role can't see or run."""
    if role == "admin":
        return _("/{path} is for admins.").format(path=path)
    return _("/{path} is for moderators.").format(path=path)


def _lines(commands: list[Command]) -> list[Span]:
    return [s for c in commands for s in (code(c.usage()), plain(f" — {translated(c.summary)}\n"))]
