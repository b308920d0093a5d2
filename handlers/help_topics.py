"""/help: the commands by topic, shown to each person as their role allows, one short reply each."""

from __future__ import annotations

from chat.messages import Reply, Span, code, plain, reply
from handlers.registry import Command, Registry

PEEK = 5  # commands named on a topic's line in the overview


def overview(registry: Registry, role: str) -> Reply:
    """One line per topic this person has commands in, and how to go on."""
    spans: list[Span] = [plain("OpenZone — /help TOPIC lists a topic's commands:\n")]
    for key, title in registry.topics.items():
        names = list(dict.fromkeys("/" + (c.parent or c.name) for c in registry.in_topic(key, role)))
        if names:
            more = " …" if len(names) > PEEK else ""
            spans += [code(key), plain(f" — {title}: {' '.join(names[:PEEK])}{more}\n")]
    spans.append(plain("\n/help COMMAND explains one (e.g. /help post). New here? /post public hello world"))
    return reply(*spans, personal=True)


def topic(registry: Registry, key: str, role: str) -> Reply | None:
    """The commands of one topic this person may use; None when there are none for them."""
    listed = registry.in_topic(key, role)
    if not listed:
        return None
    return reply(plain(f"{registry.topics[key]}:\n"), *_lines(listed),
                 plain("\n/help COMMAND explains one."), personal=True)


def command(registry: Registry, name: str, role: str) -> Reply:
    """How one command (or command group, like /circle) works, if this person may see it."""
    subs = registry.subcommands(name)
    if subs:
        shown = [c for c in subs if c.listed_to(role)]
        if not shown:
            return reply(f"/{name} is for moderators and admins.", personal=True)
        return reply(*_lines(shown), personal=True)
    found = registry.get(name)
    if found is None:
        suggestion = registry.suggest(name)
        hint = f" Did you mean /{suggestion}?" if suggestion else ""
        return reply(f"There is no /{name} command or help topic.{hint} /help lists the topics.", personal=True)
    if not found.listed_to(role):
        return reply(f"/{found.path} is for {found.listed_for}s.", personal=True)
    details: list[Span] = [plain(f"{found.summary}\n"), code(found.usage()), plain("\n")]
    for p in found.params:
        details.append(plain(f"  {p.display}: {p.summary or p.kind}{'' if p.required else ' (optional)'}\n"))
    if found.aliases:
        details.append(plain("Also: " + ", ".join("/" + a for a in found.aliases)))
    return reply(*details, personal=True)


def _lines(commands: list[Command]) -> list[Span]:
    return [s for c in commands for s in (code(c.usage()), plain(f" — {c.summary}\n"))]
