"""Commands declared once: name, summary, typed parameters, who may run them, the function.

Every front end reads this registry: Telegram's menu, Discord's slash commands, the console's
completion and /help. Text is parsed here, once, for all of them.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from core import i18n
from core.errors import Invalid
from core.i18n import N_, Language, _

from handlers import binding
from handlers._types import ActionFunc, CommandFunc
from handlers.binding import next_token as _token
from handlers.params import AUDIENCE_CHOICES, NAME_RE, CommentNo, EntryNo, Kind, Param, PhotoNo

ROLE_RANK = {"user": 0, "moderator": 1, "admin": 2}
Role = Literal["user", "moderator", "admin"]
# Re-exported: feature modules declare their commands with these.
__all__ = ["AUDIENCE_CHOICES", "NAME_RE", "Command", "CommandGroup", "CommentNo", "EntryNo", "Kind", "Param", "Parsed",
           "PhotoNo", "Registry", "Topic", "UnknownCommand", "translated"]


def translated(text: str, language: Language | None = None) -> str:
    """A text the registry holds in English, in `language` (default: the reader's, see core.i18n).

    Command summaries, parameter summaries and labels, command group summaries (`Registry.parents`)
    and /help topic titles are declared at import time with `N_("…")` and kept as those msgids
    (`Command.summary`, `Param.summary`, `Param.label`, `Registry.parents[name]`,
    `Registry.topics[key]`); this words them for a reader. Adapters call it for the menus they
    register per language: Telegram's `setMyCommands(language_code="zh")`, Discord's `zh-CN`
    description localizations — `translated(command.summary, languages.get("zh_Hans"))`.
    An empty text stays empty (gettext would answer it with the catalog's header).
    """
    if not text:
        return ""
    if language is None:
        return _(text)
    with i18n.using(language):
        return _(text)


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    """One line, declared with `N_("…")`: the msgid; `translated(command.summary, language)` words it."""
    func: CommandFunc
    params: tuple[Param, ...] = ()
    parent: str | None = None
    role: Role = "user"
    aliases: tuple[str, ...] = ()
    group_only_ok: bool = True
    topic: str = ""
    """The /help topic it is listed under (default: its feature's, see `Topic`)."""
    refused: str = ""
    """What someone without `role` is answered, declared with `N_("…")` (default: `/PATH is for
    ROLEs only.`); either way the router has written the attempt to the audit log."""
    photos: int = 0
    """How many photos it takes along (messengers with file options, like Discord's, offer them)."""
    bucket: str | None = None
    """The rate-limit bucket running it counts against besides messages (core.ratelimit: POSTS,
    COMMENTS, REPORTS…); None: messages only."""
    button: str = ""
    """The verb of the button that runs it too: `like` makes a `like:42` press run `/like 42` (the text
    after the colon is parsed as the command's parameters)."""

    def __post_init__(self) -> None:
        for n in (self.name, *self.aliases, *(x for x in (self.parent, self.button) if x)):
            if not NAME_RE.match(n):
                raise ValueError(f"bad command name {n!r}: lowercase letters, digits, _; ≤ 32")
        if len(self.summary) > 100 or not self.summary:
            raise ValueError(f"/{self.name}: summary must be 1–100 characters")
        typed = [p for p in self.params if not p.joined]  # joined ones are part of the text before them
        greedy = [p for p in typed if p.greedy]
        if greedy and typed[-1] is not greedy[-1] or len(greedy) > 1:
            raise ValueError(f"/{self.name}: only the last parameter may take the rest of the line")
        if self.params and self.params[0].joined or any(p.joined and not q.greedy and not q.joined
                                                        for q, p in zip(self.params, self.params[1:])):
            raise ValueError(f"/{self.name}: a joined parameter follows the text it is part of")

    @property
    def listed_for(self) -> Role:
        """Who sees it in /help and menus: staff commands are listed to staff only."""
        return self.role

    @property
    def path(self) -> str:
        return f"{self.parent} {self.name}" if self.parent else self.name

    def listed_to(self, role: str) -> bool:
        """Whether someone of `role` (user, moderator, admin) sees this command listed."""
        return ROLE_RANK[role] >= ROLE_RANK[self.listed_for]

    def refusal(self) -> str:
        """What someone without its role is answered, in the reader's language (see `refused`)."""
        if self.refused:
            return _(self.refused)
        if self.role == "admin":
            return _("/{path} is for admins only.").format(path=self.path)
        return _("/{path} is for moderators only.").format(path=self.path)

    def usage(self) -> str:
        """`/post [AUDIENCE] TEXT`: the command as typed (names and choices stay as typed; labels in the reader's language)."""
        return " ".join(["/" + self.path, *(p.usage() for p in self.params)])


@dataclass
class CommandGroup:
    """The commands and button actions of one feature module (see `handlers.feature.Feature`)."""

    commands: list[Command] = field(default_factory=list)
    actions: dict[str, ActionFunc] = field(default_factory=dict)

    def command(self, name: str, summary: str, *params: Param, parent: str | None = None,
                role: Role = "user", aliases: tuple[str, ...] = (), topic: str = "",
                photos: int = 0, button: str = "", refused: str = "",
                bucket: str | None = None) -> Callable[[CommandFunc], CommandFunc]:
        def deco(func: CommandFunc) -> CommandFunc:
            self.commands.append(Command(name, summary, func, tuple(params), parent, role, aliases,
                                         topic=topic, photos=photos, button=button, refused=refused,
                                         bucket=bucket))
            return func
        return deco

    def action(self, verb: str) -> Callable[[ActionFunc], ActionFunc]:
        """A button verb of its own (a confirmation, a page turn); one that just runs a command is `button=`."""
        def deco(func: ActionFunc) -> ActionFunc:
            self.actions[verb] = func
            return func
        return deco


@dataclass(frozen=True)
class Topic:
    """A /help topic: `/help KEY` lists its commands under `title` (features name theirs)."""

    key: str
    title: str
    """Declared with `N_("…")`; `translated(title)` words it."""


@dataclass(frozen=True)
class Parsed:
    command: Command
    args: dict[str, Any]


class Registry:
    def __init__(self, groups: Iterable[tuple[str, CommandGroup]], topics: tuple[Topic, ...] = ()) -> None:
        """Every command of `groups`, each a (home /help topic, commands) pair; a command may name another topic."""
        self._by_path: dict[str, Command] = {}
        self.actions: dict[str, ActionFunc] = {}
        self._buttons: dict[str, Command] = {}
        self.parents: dict[str, str] = {}  # group name → summary
        self.topics: dict[str, str] = {t.key: t.title for t in topics}  # /help topic → title
        self._topic_of: dict[str, str] = {}
        for home, g in groups:
            for c in g.commands:
                topic = c.topic or home
                if topics and topic not in self.topics:
                    raise ValueError(f"/{c.path} belongs to no /help topic (topic {topic!r})")
                self._topic_of[c.path] = topic
                for path in [c.path, *(f"{c.parent} {a}" if c.parent else a for a in c.aliases)]:
                    if path in self._by_path:
                        raise ValueError(f"command /{path} declared twice")
                    self._by_path[path] = c
                if c.button:
                    self._add_verb(c.button)
                    self._buttons[c.button] = c
            for verb, func in g.actions.items():
                self._add_verb(verb)
                self.actions[verb] = func
        # Asked on every message (`find`): worked out once, as commands are only declared here.
        self._commands = list({id(c): c for c in self._by_path.values()}.values())
        self._group_names = frozenset(c.parent for c in self._commands if c.parent)

    def _add_verb(self, verb: str) -> None:
        if verb in self.actions or verb in self._buttons:
            raise ValueError(f"button verb {verb!r} declared twice")

    def describe_group(self, name: str, summary: str) -> None:
        self.parents[name] = summary

    def summary_of(self, name: str, language: Language | None = None) -> str:
        """What a menu says of a top-level name (a command, or a group like /mod) in `language`
        (default: the reader's); see `translated`."""
        command = self._by_path.get(name)
        if command is not None:
            return translated(command.summary, language)
        if name in self.parents:
            return translated(self.parents[name], language)
        return translated(N_("/{name} commands"), language).format(name=name)

    @property
    def commands(self) -> list[Command]:
        """Every command once (aliases excluded), in declaration order."""
        return list(self._commands)

    def top_level(self, listed_to: str | None = None) -> list[str]:
        """Names a messenger's menu shows: plain commands and command groups (those `listed_to` sees)."""
        shown = [c for c in self.commands if listed_to is None or c.listed_to(listed_to)]
        return list(dict.fromkeys(c.parent or c.name for c in shown))

    def in_topic(self, topic: str, role: str) -> list[Command]:
        """The commands /help TOPIC lists to someone of `role`, in declaration order."""
        return [c for c in self.commands if self._topic_of.get(c.path) == topic and c.listed_to(role)]

    def subcommands(self, parent: str) -> list[Command]:
        return [c for c in self.commands if c.parent == parent]

    def get(self, path: str) -> Command | None:
        return self._by_path.get(path)

    def button(self, verb: str) -> Command | None:
        """The command a button verb runs (`like` → /like), if it is one's."""
        return self._buttons.get(verb)

    def knows_verb(self, verb: str) -> bool:
        return verb in self.actions or verb in self._buttons

    def suggest(self, name: str) -> str | None:
        names = [p for p in self._by_path if " " not in p] + list(self.parents)
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        return close[0] if close else None

    def parse(self, text: str, bot_username: str | None = None) -> Parsed:
        """Parse `/cmd[@bot] args…`; raises Invalid with the usage line on bad input."""
        command, rest = self.find(text, bot_username)
        return Parsed(command, self.bind_text(command, rest))

    def find(self, text: str, bot_username: str | None = None) -> tuple[Command, str]:
        """The command `/cmd[@bot] [sub] args…` names and its unparsed rest; UnknownCommand or Invalid if none."""
        head, rest = _token(text.strip())
        name = head[1:].lower()
        if "@" in name:
            name, _at, addressed = name.partition("@")
            if bot_username and addressed.lower() != bot_username.lower():
                raise UnknownCommand(name, None, addressed_elsewhere=True)
        if name in self.parents or name in self._group_names:
            sub, sub_rest = _token(rest)
            command = self._by_path.get(f"{name} {sub.lower()}")
            if command is None:
                options = ", ".join(c.name for c in self.subcommands(name))
                raise Invalid(_("/{name} needs one of: {options}. Try /help {name}.").format(name=name, options=options))
            return command, sub_rest
        command = self._by_path.get(name)
        if command is None:
            raise UnknownCommand(name, self.suggest(name))
        return command, rest

    def bind_text(self, command: Command, rest: str) -> dict[str, Any]:
        """The arguments a command line's rest gives `command`; Invalid with the usage line on bad input."""
        return binding.bind_text(command, rest)

    def bind_options(self, command: Command, options: dict[str, Any]) -> dict[str, Any]:
        """Bind structured options (Discord slash commands) with the same converters as text."""
        return binding.bind_options(command, options)


class UnknownCommand(Invalid):
    def __init__(self, name: str, suggestion: str | None, addressed_elsewhere: bool = False) -> None:
        if suggestion:
            text = _("There is no /{name} command. Did you mean /{suggestion}? /help lists them all.")
        else:
            text = _("There is no /{name} command. /help lists them all.")
        super().__init__(text.format(name=name, suggestion=suggestion))
        self.name = name
        self.addressed_elsewhere = addressed_elsewhere
