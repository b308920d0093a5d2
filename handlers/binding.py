"""Binding a command's arguments: from the rest of a typed line, or from a form's options (Discord).

One set of converters (handlers.params.Param.convert) for both, and one way to say what is wrong:
the problem, then the command's usage line.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from core.errors import Invalid
from core.i18n import _
from core.model import validate_handle
from core.names import OPENERS, split_quoted
from handlers.params import Param, form_text


class Command(Protocol):
    """What binding needs of a command (handlers.registry.Command): its parameters and usage line."""

    @property
    def params(self) -> tuple[Param, ...]: ...
    def usage(self) -> str: ...


def bind_text(command: Command, rest: str) -> dict[str, Any]:
    """The arguments a command line's rest gives `command`; Invalid with the usage line on bad input."""
    args: dict[str, Any] = {}
    remaining = rest.strip()
    try:
        for param in command.params:
            if param.joined:
                continue  # typed as part of the text before it
            if param.greedy:
                if remaining:
                    args[param.name] = param.convert(remaining)
                    remaining = ""
                continue
            token, after = next_token(remaining)
            if param.kind == "circle" and remaining[:1] not in OPENERS:
                token, after = _circle_words(token, after)
            if param.keyword:
                if token.lower() != param.name:
                    continue
                token, after = next_token(after)
                if not token:
                    raise Invalid(_("{name} needs a value: {usage}.").format(name=param.name, usage=param.usage()))
            if not token:
                continue
            # An optional value is never quoted: `/post "friends" are great` is all text.
            if not param.required and not param.keyword and (remaining[:1] in OPENERS or not param.matches(token)):
                continue
            args[param.name] = param.convert(token)
            remaining = after
    except Invalid as exc:
        raise Invalid(_usage(exc.message, command)) from None
    if remaining:
        raise Invalid(_usage(_("Too much after the command: “{extra}”.").format(extra=remaining[:40]), command))
    missing = [p.shown for p in command.params if p.required and not p.joined and p.name not in args]
    if missing:
        raise Invalid(_usage(_missing(missing), command))
    return args

def bind_options(command: Command, options: dict[str, Any]) -> dict[str, Any]:
    """Bind structured options (Discord slash commands) with the same converters as text;
    joined options are first written into the text before them (`params.form_text`)."""
    args: dict[str, Any] = {}
    try:
        raws = form_text(command.params, options)
        for param in command.params:
            if param.name in raws:
                args[param.name] = param.convert(raws[param.name])
    except Invalid as exc:
        raise Invalid(_usage(exc.message, command)) from None
    return args


def _missing(names: list[str]) -> str:
    """`Missing reason.`, `Missing title and audience.`"""
    if len(names) == 1:
        return _("Missing {name}.").format(name=names[0])
    # TRANSLATORS: what goes between the names of a list ("title, audience"): 、 in Chinese.
    return _("Missing {names} and {last}.").format(names=_(", ").join(names[:-1]), last=names[-1])


def _usage(problem: str, command: Command) -> str:
    """A bad command line's answer: what is wrong, then how the command is written."""
    return _("{problem}\nUsage: {usage}").format(problem=problem, usage=command.usage())


def next_token(text: str) -> tuple[str, str]:
    """Split off the first token — a word, a quoted name or `@"quoted name"`; the rest keeps its line breaks."""
    at = "@" if text.startswith("@") else ""
    if (quoted := split_quoted(text[len(at):])) is not None and quoted[0]:
        return at + quoted[0], quoted[1]
    m = re.match(r"(\S*)\s*(.*)", text, re.S)
    assert m is not None
    return m.group(1), m.group(2)


def _circle_words(first: str, after: str) -> tuple[str, str]:
    """An unquoted circle name before handles: words that can't be handles still belong to the name.

    `Friends of Bob carol` → (`Friends of`, `Bob carol`); core.social.circles.split_members then finds
    the longest name among the owner's circles (`Friends of Bob`).
    """
    while after:
        word, rest = next_token(after)
        try:
            validate_handle(word)
            break
        except Invalid:
            first, after = f"{first} {word}", rest
    return first, after


__all__ = ["bind_options", "bind_text", "next_token"]
