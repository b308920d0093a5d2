"""Typed command parameters: how one word (or the rest of a line) becomes a post, a handle, a circle…"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from chat.names import NAME_RE
from core.errors import Invalid
from core.model import validate_circle_name, validate_handle
from core.names import unquote

Kind = Literal["text", "word", "int", "post", "comment", "post_or_comment", "handle", "handles", "circle", "choice",
               "audience"]

_POST_RE = re.compile(r"^#?(\d{1,18})$")
_COMMENT_RE = re.compile(r"^#?c?(\d{1,18})$", re.I)
_COMMENT_NO_RE = re.compile(r"^c(\d{1,18})$", re.I)


@dataclass(frozen=True)
class CommentNo:
    """A comment named where a post could be: `/delete c17`, `/mod hide c17` (a post stays a plain int)."""

    id: int


@dataclass(frozen=True)
class Param:
    """One typed parameter. `keyword` params are written `NAME VALUE` (e.g. `zone public`).

    In text, a value with spaces may be quoted ("Close Friends"); the quotes are not part of it.
    `rest_of_line` makes a last parameter take everything after the command, spaces and all.
    """

    name: str
    kind: Kind
    summary: str = ""
    required: bool = True
    choices: tuple[str, ...] = ()
    keyword: bool = False
    label: str = ""
    """What people call it, in lowercase words (`title audience`): usage lines, /help and
    Discord's option names show it; `name` stays the key handlers read. Default: `name`."""
    rest_of_line: bool = False

    @property
    def greedy(self) -> bool:
        return self.kind in ("text", "handles") or self.rest_of_line

    @property
    def display(self) -> str:
        return self.label or self.name

    @property
    def option_name(self) -> str:
        """The name a messenger's form shows for it (Discord: lowercase letters, digits, - and _)."""
        return re.sub(r"[^a-z0-9]+", "_", self.display.lower()).strip("_")[:32] or self.name

    def usage(self) -> str:
        label = " ".join(x for x in (self.name if self.keyword else "", "|".join(self.choices) or self.display.upper()) if x)
        if self.kind == "audience":
            label = "public|friends|private|@circle"
        if self.kind == "handles":
            label += "..."
        return f"{label}" if self.required else f"[{label}]"

    def convert(self, raw: str) -> Any:
        """Turn one raw token (or the rest of the line for greedy kinds) into a value."""
        match self.kind:
            case "text" | "word":
                return raw
            case "int":
                try:
                    return int(raw)
                except ValueError:
                    raise Invalid(f"{self.name} must be a whole number, not {raw!r}.") from None
            case "post":
                m = _POST_RE.match(raw.strip())
                if not m:
                    raise Invalid(f"{self.name} is a post number like #42, not {raw!r}.")
                return int(m.group(1))
            case "post_or_comment":
                if m := _COMMENT_NO_RE.match(raw.strip()):
                    return CommentNo(int(m.group(1)))
                if m := _POST_RE.match(raw.strip()):
                    return int(m.group(1))
                raise Invalid(f"{self.name} is a post number like #42 or a comment number like c17, not {raw!r}.")
            case "comment":
                m = _COMMENT_RE.match(raw.strip())
                if not m:
                    raise Invalid(f"{self.name} is a comment number like c17, not {raw!r}.")
                return int(m.group(1))
            case "handle":
                return validate_handle(raw)
            case "handles":
                return [validate_handle(h) for h in raw.replace(",", " ").split()]
            case "circle":
                return validate_circle_name(unquote(raw))
            case "choice" | "audience":
                if self.kind == "audience" and raw.startswith("@"):
                    return "@" + validate_circle_name(unquote(raw[1:]))
                value = raw.lower()
                if value not in self.choices:
                    raise Invalid(f"{self.name} is one of: {', '.join(self.choices)}.")
                return value
        raise AssertionError(self.kind)

    def matches(self, token: str) -> bool:
        """Whether an optional parameter should take this token (else it is skipped)."""
        try:
            self.convert(token)
        except Invalid:
            return False
        return True


AUDIENCE_CHOICES = ("public", "friends", "private")


__all__ = ["AUDIENCE_CHOICES", "NAME_RE", "CommentNo", "Kind", "Param"]
