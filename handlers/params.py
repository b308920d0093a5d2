"""Typed command parameters: how one word (or the rest of a line) becomes a post, a handle, a circle…"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from chat.names import NAME_RE
from core.errors import Invalid
from core.i18n import N_, _
from core.model import validate_circle_name, validate_handle
from core.names import OPENERS, unquote

Kind = Literal["text", "word", "int", "post", "comment", "post_or_comment", "post_or_photo", "handle", "handles",
               "circle", "choice", "audience"]

_POST_RE = re.compile(r"^#?(\d{1,18})$")
_COMMENT_RE = re.compile(r"^#?c?(\d{1,18})$", re.I)
_COMMENT_NO_RE = re.compile(r"^c(\d{1,18})$", re.I)
_ENTRY_NO_RE = re.compile(r"^g(\d{1,18})$", re.I)
_PHOTO_NO_RE = re.compile(r"^p(\d{1,18})$", re.I)


@dataclass(frozen=True)
class CommentNo:
    """A comment named where a post could be: `/delete c17`, `/mod hide c17` (a post stays a plain int)."""

    id: int


@dataclass(frozen=True)
class EntryNo:
    """A guestbook entry named where a post could be: `/delete g12`, `/mod hide g12`, `/report g12`."""

    id: int


@dataclass(frozen=True)
class PhotoNo:
    """An album photo named where a post could be: `/like p12`, `/comment p12 TEXT`, `/likes p12`."""

    id: int


@dataclass(frozen=True)
class Param:
    """One typed parameter. `keyword` params are written `NAME VALUE` (e.g. `zone public`).

    In text, a value with spaces may be quoted ("Close Friends"); the quotes are not part of it.
    `rest_of_line` makes a last parameter take everything after the command, spaces and all.
    `joined` (a separator, `" "` or `" | "`) makes a parameter its own option in forms (Discord)
    while in a text line it is part of the text before it (`TITLE QUESTION | ANSWER`, split by the
    handler, which knows the album titles): `Registry.bind_options` writes the form's values back
    into that one text, as it would have been typed.
    """

    name: str
    kind: Kind
    summary: str = ""
    """What it is, declared with `N_("…")` (help pages and Discord show it in the reader's language)."""
    required: bool = True
    choices: tuple[str, ...] = ()
    keyword: bool = False
    label: str = ""
    """What people call it, in lowercase words (`title audience`), declared with `N_("…")`: usage lines
    and /help show it in the reader's language, Discord's option names in English; `name` stays the
    key handlers read. Default: `name`."""
    rest_of_line: bool = False
    joined: str = ""
    suggests: str = ""
    """What a form completes it with as one types, when its kind doesn't say (`album`, `item`,
    `theme`, `music`, `timezone`, `shop`: see handlers.autocomplete)."""

    @property
    def greedy(self) -> bool:
        return not self.joined and (self.kind in ("text", "handles") or self.rest_of_line)

    @property
    def display(self) -> str:
        return self.label or self.name

    @property
    def option_name(self) -> str:
        """The name a messenger's form shows for it (Discord: lowercase letters, digits, - and _)."""
        return re.sub(r"[^a-z0-9]+", "_", self.display.lower()).strip("_")[:32] or self.name

    @property
    def shown(self) -> str:
        """What usage lines and /help call it, in the reader's language: its label (else its name) translated.

        A name is the key handlers read, and a label is declared in English: `PLACEHOLDERS` holds
        the common ones as msgids, and a feature marks its own labels with `N_("…")`.
        """
        return self.name if self.keyword else _(self.display)  # a keyword is typed as it is

    @property
    def called(self) -> str | None:
        """How a mistake names it: as the usage line under it does (`ID`, `AMOUNT`, 编号; a keyword as
        typed); None where that line lists its choices instead (`add|remove|list`)."""
        if self.keyword:
            return self.name
        if not self.label and (self.choices or self.kind == "audience"):
            return None
        return self.shown.upper()

    def _wrong(self, problem: str, raw: str, **more: str) -> Invalid:
        """`problem` said of this parameter, with what was typed (cut short: it is echoed)."""
        return Invalid(problem.format(name=self.called or "", raw=raw.strip()[:40], **more))

    def usage(self) -> str:
        """`[AUDIENCE]`, `zone public|friends|private`: keywords and choices as typed, the placeholder translated."""
        shown = self.shown.upper() if self.label or not self.choices else "|".join(self.choices)
        label = " ".join(x for x in (self.name if self.keyword else "", shown) if x)
        if self.kind == "audience" and not self.label:
            label = "|".join(self.choices or AUDIENCE_CHOICES) + "|@circle"
        if self.kind == "handles":
            label += "..."
        label = f"{self.joined.strip()} {label}".lstrip()
        return label if self.required else f"[{label}]"

    def convert(self, raw: str) -> Any:
        """Turn one raw token (or the rest of the line for greedy kinds) into a value."""
        match self.kind:
            case "text" | "word":
                return raw
            case "int":
                try:
                    return int(raw)
                except ValueError:
                    raise self._wrong(_("{name} is a whole number, like 10 — not “{raw}”."), raw) from None
            case "post":
                m = _POST_RE.match(raw.strip())
                if not m and _COMMENT_NO_RE.match(raw.strip()):
                    raise Invalid(_("{comment} is a comment; this takes a post number like #42 (/reply {comment} TEXT "
                                    "answers a comment).").format(comment=raw.strip()))
                if not m:
                    raise self._wrong(_("{name} is a post number, like #42 — not “{raw}”."), raw)
                return int(m.group(1))
            case "post_or_comment":
                if m := _COMMENT_NO_RE.match(raw.strip()):
                    return CommentNo(int(m.group(1)))
                if m := _ENTRY_NO_RE.match(raw.strip()):
                    return EntryNo(int(m.group(1)))
                if m := _POST_RE.match(raw.strip()):
                    return int(m.group(1))
                raise self._wrong(_("{name} is a post number like #42, a comment number like c17 or a guestbook "
                                    "entry like g12 — not “{raw}”."), raw)
            case "post_or_photo":
                if m := _PHOTO_NO_RE.match(raw.strip()):
                    return PhotoNo(int(m.group(1)))
                if _COMMENT_NO_RE.match(raw.strip()):
                    raise Invalid(_("{comment} is a comment; this takes a post number like #42 or a photo like p12 "
                                    "(/reply {comment} TEXT answers a comment).").format(comment=raw.strip()))
                if m := _POST_RE.match(raw.strip()):
                    return int(m.group(1))
                raise self._wrong(_("{name} is a post number like #42 or a photo like p12 — not “{raw}”."), raw)
            case "comment":
                m = _COMMENT_RE.match(raw.strip())
                if not m:
                    raise self._wrong(_("{name} is a comment number, like c17 — not “{raw}”."), raw)
                return int(m.group(1))
            case "handle":
                return validate_handle(raw)
            case "handles":
                return [validate_handle(h) for h in raw.replace(",", " ").split()]
            case "circle":
                return validate_circle_name(unquote(raw))
            case "choice" | "audience":
                if self.kind == "audience" and raw.startswith("@"):
                    if not unquote(raw[1:]):
                        raise Invalid(_("@ alone names no circle: write the circle's name after it, like @family. "
                                        "/circle list shows yours."))
                    return "@" + validate_circle_name(unquote(raw[1:]))
                value = raw.lower()
                choices = self.choices or (AUDIENCE_CHOICES if self.kind == "audience" else ())
                if value not in choices:
                    listed = ", ".join(choices) + (", @circle" if self.kind == "audience" else "")
                    problem = (_("{name} is one of: {choices} — not “{raw}”.") if self.called
                               else _("Write one of: {choices} — not “{raw}”."))
                    raise self._wrong(problem, raw, choices=listed)
                return value
        raise AssertionError(self.kind)

    def matches(self, token: str) -> bool:
        """Whether an optional parameter should take this token (else it is skipped)."""
        if self.kind == "audience" and token.startswith("@"):
            return True  # `@…` there names a circle: a bad one is refused (convert says why), never posted as text
        try:
            self.convert(token)
        except Invalid:
            return False
        return True


AUDIENCE_CHOICES = ("public", "friends", "private")

# The parameter names and labels usage lines show, as msgids (`Param.shown` translates them):
# the catalog tool finds them here; a label of one feature alone is marked where it is declared.
PLACEHOLDERS = (
    N_("handle"), N_("handles"), N_("text"), N_("id"), N_("album"), N_("item"), N_("audience"), N_("reason"),
    N_("name"), N_("duration"), N_("caption"), N_("answer"), N_("zone"), N_("word"), N_("what"), N_("title"),
    N_("target"), N_("report"), N_("question"), N_("photo"), N_("op"), N_("new"), N_("mode"), N_("message"),
    N_("language"), N_("entry"), N_("command"), N_("code"), N_("body"), N_("amount"), N_("alt"), N_("comment"),
    N_("new title"), N_("old title"), N_("time zone"), N_("page"),
)


def _quoted(text: str) -> str:
    if " " not in text or text[:1] in OPENERS:
        return text
    return f"“{text}”" if '"' in text else f'"{text}"'


def form_text(params: tuple[Param, ...], options: dict[str, Any]) -> dict[str, str]:
    """A form's option values (Discord's) as the raw text each parameter would get from a typed line.

    A joined option is written into the text before it, as a person would type it: a title with
    spaces quoted when a word follows it (`"Trip to Rome" friends`), a circle as `@"Close Friends"`.
    Missing required options raise Invalid; each joined value is checked by its own converter.
    """
    raws: dict[str, str] = {}
    lead: Param | None = None
    for n, param in enumerate(params):
        raw = options.get(param.name)
        if raw is None or raw == "":
            if param.required:
                raise Invalid(_("Missing {name}.").format(name=param.shown))
            continue
        text = str(raw)
        if not param.joined:
            after = params[n + 1] if n + 1 < len(params) else None
            words_follow = after is not None and after.joined and not after.joined.strip()
            raws[param.name], lead = (_quoted(text.strip()) if words_follow else text), param
            continue
        text = text.strip()
        param.convert(text)
        if param.kind == "audience" and text.startswith("@"):
            text = "@" + _quoted(unquote(text[1:]))
        if lead is not None and lead.name in raws:
            raws[lead.name] += param.joined + text
    return raws


__all__ = ["AUDIENCE_CHOICES", "NAME_RE", "CommentNo", "EntryNo", "Kind", "Param", "PhotoNo", "form_text"]
