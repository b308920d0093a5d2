"""Moderation values: roles, sanctions, reports, the audit log and the word filter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from enum import StrEnum

from core.errors import Forbidden, Invalid
from core.i18n import _
from core.text import clean, has_cjk

MAX_REASON = 500
MAX_WORD = 64
MAX_DURATION = timedelta(days=3650)


class Role(StrEnum):
    USER = "user"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return {"user": 0, "moderator": 1, "admin": 2}[self.value]


class Action(StrEnum):
    """What an audit log line records; `tells_target` says whether the person acted on hears of it."""

    DENIED = "denied"  # a refused staff command: the actor and what they tried
    HIDE = "hide"
    RESTORE = "restore"
    DELETE = "delete"
    HIDE_COMMENT = "hide_comment"
    RESTORE_COMMENT = "restore_comment"
    DELETE_COMMENT = "delete_comment"
    HIDE_ENTRY = "hide_entry"  # a guestbook entry
    RESTORE_ENTRY = "restore_entry"
    DELETE_ENTRY = "delete_entry"
    HOLD = "hold"  # the word filter kept a post back for review
    MUTE = "mute"
    UNMUTE = "unmute"
    MUTE_EXPIRED = "mute_expired"
    BAN = "ban"
    UNBAN = "unban"
    BAN_EXPIRED = "ban_expired"
    PROMOTE = "promote"
    DEMOTE = "demote"
    DISMISS = "dismiss"
    FILTER_ADD = "filter_add"
    FILTER_REMOVE = "filter_remove"

    @property
    def tells_target(self) -> bool:
        return self in TELLS_TARGET


TELLS_TARGET = frozenset({
    Action.HIDE, Action.RESTORE, Action.DELETE, Action.HIDE_COMMENT, Action.RESTORE_COMMENT, Action.DELETE_COMMENT,
    Action.HIDE_ENTRY, Action.RESTORE_ENTRY, Action.DELETE_ENTRY,
    Action.MUTE, Action.UNMUTE, Action.MUTE_EXPIRED, Action.BAN, Action.UNBAN, Action.BAN_EXPIRED, Action.PROMOTE,
    Action.DEMOTE,
})
"""The actions whose target is told (the author of a hidden post is told why, and so on)."""


class Refused(Forbidden):
    """Someone without the role tried a staff command; the attempt is in the audit log already."""

    def __init__(self, needed: Role) -> None:
        super().__init__(_("That is for admins only.") if needed is Role.ADMIN else _("That is for moderators only."))
        self.needed = needed


class SanctionKind(StrEnum):
    BAN = "ban"
    MUTE = "mute"

    @property
    def action(self) -> Action:
        return Action(self.value)

    @property
    def lifted(self) -> Action:
        return Action(f"un{self.value}")

    @property
    def expired(self) -> Action:
        return Action(f"{self.value}_expired")


class FilterAction(StrEnum):
    BLOCK = "block"  # the message is refused with a reply
    HOLD = "hold"  # a post is kept hidden until a moderator restores it


@dataclass(frozen=True)
class Sanction:
    """A ban or mute in force; `until` None means until lifted."""

    account_id: int
    kind: SanctionKind
    until: datetime | None
    reason: str = ""
    by_id: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class Report:
    id: int
    reporter_id: int | None  # None: held by the word filter
    target_id: int
    post_id: int | None
    reason: str
    created_at: datetime
    open: bool = True
    comment_id: int | None = None  # a report on a comment names it and its post
    entry_id: int | None = None  # a report on a guestbook entry names it (no post)


@dataclass(frozen=True)
class LogEntry:
    """One line of the audit log: who did what to whom, when and why."""

    id: int
    at: datetime
    actor_id: int | None  # None: the system (expiry, word filter)
    action: Action
    target_id: int | None = None
    post_id: int | None = None
    reason: str = ""
    until: datetime | None = None
    comment_id: int | None = None
    entry_id: int | None = None  # a guestbook entry


@dataclass(frozen=True)
class FilterEntry:
    word: str
    action: FilterAction
    source: str = "chat"  # "config" entries are re-applied from the config file at start


def validate_duration(value: timedelta) -> timedelta:
    """A sanction's length: at most ten years (none at all is open-ended)."""
    if value > MAX_DURATION:
        raise Invalid(_("That is longer than ten years; leave the duration out for an open-ended ban."))
    return value


def until_text(until: datetime | str, zone: tzinfo | None = None) -> str:
    """When a ban or mute ends, as the reader writes a date (`2026-01-08 12:00 UTC`), in `zone` (default UTC).

    An open-ended one has no end: callers word that as a sentence of its own ("until further notice").
    """
    when = datetime.fromisoformat(until) if isinstance(until, str) else until
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)  # stored as UTC
    zone = zone or timezone.utc
    local = when.astimezone(zone)
    # TRANSLATORS: a date and time with strftime codes inside the braces; keep {zone}.
    return _("{at:%Y-%m-%d %H:%M} {zone}").format(at=local, zone=getattr(zone, "key", None) or local.tzname() or "UTC")


def validate_reason(text: str) -> str:
    text = clean(text, multiline=False)
    if len(text) > MAX_REASON:
        raise Invalid(_("The reason is {n} characters; keep it under {max}.").format(n=len(text), max=MAX_REASON))
    return text


def validate_word(text: str) -> str:
    word = clean(text, multiline=False).casefold()
    if not word or len(word) > MAX_WORD:
        raise Invalid(_("A filter word is 1–{max} characters.").format(max=MAX_WORD))
    return word


def matches(word: str, text: str) -> bool:
    """Whole-word, case-insensitive: `ass` does not catch `class`. A word with Chinese (or other
    CJK) characters is found anywhere, since such text has no spaces between words: `傻瓜` catches
    `你是傻瓜吗`."""
    if has_cjk(word):
        return word in text.casefold()
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text.casefold()) is not None


def parse_filter_entry(raw: str) -> FilterEntry:
    """A config entry: `WORD` (block) or `WORD:hold` / `WORD:block`."""
    word, sep, action = raw.rpartition(":")
    if not sep or action not in ("block", "hold"):
        word, action = raw, "block"
    return FilterEntry(validate_word(word), FilterAction(action), "config")
