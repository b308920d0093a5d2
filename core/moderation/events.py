"""Moderation events: every action, report and expiry goes through the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.events import Event, register_event


@register_event
@dataclass(frozen=True)
class ModerationTaken(Event):
    """A moderation action (or an expiry, with no actor) recorded in the audit log as `log_id`."""

    kind: ClassVar[str] = "moderation_taken"
    log_id: int
    action: str
    actor_id: int | None
    target_id: int | None
    post_id: int | None = None
    reason: str = ""
    until: str | None = None  # ISO time; events travel as JSON
    snippet: str = ""  # what a deleted post said, so its author knows which one
    comment_id: int | None = None  # set when the action was on a comment (post_id is its post)
    entry_id: int | None = None  # set when the action was on a guestbook entry


@register_event
@dataclass(frozen=True)
class ReportFiled(Event):
    """Someone reported a post, comment or account, or the word filter held a post; moderators hear of it."""

    kind: ClassVar[str] = "report_filed"
    report_id: int
    reporter_id: int | None
    target_id: int
    post_id: int | None = None
    comment_id: int | None = None
    entry_id: int | None = None
