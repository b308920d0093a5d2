"""Moderators' hide, restore and delete, written once for every kind of content people leave for others.

A comment (on a post or a photo) and a guestbook entry are moderated alike: find it and its author,
refuse staff acting on themselves or above their role, change its status or remove it, close its
reports, log the action and tell the author (the outbox event of `record`). What differs per kind —
how it is loaded, stored, removed, named and logged — a `Kind` describes; the feature that owns the
content declares its kind beside it (core.moderation.comments, core.guestbook.moderation), since
moderation can't import the features above it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from core.errors import Conflict, NotFound
from core.i18n import _
from core.model import Account, PostStatus
from core.moderation.actions import Staff, check_target, record
from core.moderation.model import Action
from core.ports import UnitOfWork

SNIPPET = 80
"""Characters of a deleted item's text kept in the log line and told to its author."""


class Content(Protocol):
    """What moderation reads of an item: which one, who wrote it, its status and text."""

    @property
    def id(self) -> int: ...
    @property
    def author_id(self) -> int: ...
    @property
    def status(self) -> PostStatus: ...
    @property
    def body(self) -> str: ...


T = TypeVar("T", bound=Content)


async def _active(uow: UnitOfWork, item: object) -> PostStatus:
    return PostStatus.ACTIVE


@dataclass(frozen=True)
class Kind(Generic[T]):
    """One moderatable kind of content; the messages are msgids (`N_`) with `{id}`, translated when raised."""

    noun: str
    """Completes check_target's verb: "comments" → "hide comments of"."""
    missing: str
    already_hidden: str
    not_hidden: str
    hide_action: Action
    restore_action: Action
    delete_action: Action
    load: Callable[[UnitOfWork, int], Awaitable[T | None]]
    set_status: Callable[[UnitOfWork, T, PostStatus], Awaitable[None]]
    remove: Callable[[UnitOfWork, T], Awaitable[list[int]]]
    """Deletes it; the ids gone with it (a comment takes its replies), whose reports close."""
    close_reports: Callable[[UnitOfWork, list[int]], Awaitable[object]]
    refs: Callable[[T], Mapping[str, int | None]]
    """Where the log line points: `record`'s keyword arguments (comment_id and post_id, or entry_id)."""
    restorable: frozenset[PostStatus]
    """The statuses restore lifts; restoring any other is a Conflict (not_hidden)."""
    restored: Callable[[UnitOfWork, T], Awaitable[PostStatus]] = _active
    """The status restore gives back."""


async def _item_and_author(uow: UnitOfWork, staff: Staff, kind: Kind[T], item_id: int, verb: str) -> tuple[T, Account]:
    item = await kind.load(uow, item_id)
    author = await uow.accounts.get(item.author_id) if item else None
    if item is None or author is None:
        raise NotFound(_(kind.missing).format(id=item_id))
    await check_target(uow, staff, author, f"{verb} {kind.noun} of")
    return item, author


async def hide(uow: UnitOfWork, now: datetime, staff: Staff, kind: Kind[T], item_id: int, reason: str) -> T:
    """Hidden from everyone but its author, who is told why."""
    item, author = await _item_and_author(uow, staff, kind, item_id, "hide")
    if item.status is PostStatus.HIDDEN:
        raise Conflict(_(kind.already_hidden).format(id=item_id))
    await kind.set_status(uow, item, PostStatus.HIDDEN)
    await kind.close_reports(uow, [item.id])
    await record(uow, now, staff.account.id, kind.hide_action, target_id=author.id, reason=reason, **kind.refs(item))
    return item


async def restore(uow: UnitOfWork, now: datetime, staff: Staff, kind: Kind[T], item_id: int) -> T:
    """Shown again, or given back the status its kind says (`Kind.restored`)."""
    item, author = await _item_and_author(uow, staff, kind, item_id, "restore")
    if item.status not in kind.restorable:
        raise Conflict(_(kind.not_hidden).format(id=item_id))
    await kind.set_status(uow, item, await kind.restored(uow, item))
    await kind.close_reports(uow, [item.id])
    await record(uow, now, staff.account.id, kind.restore_action, target_id=author.id, **kind.refs(item))
    return item


async def delete(uow: UnitOfWork, now: datetime, staff: Staff, kind: Kind[T], item_id: int, reason: str) -> T:
    """Gone for good; its author gets what it said and why."""
    item, author = await _item_and_author(uow, staff, kind, item_id, "delete")
    removed = await kind.remove(uow, item)
    await kind.close_reports(uow, removed)
    await record(uow, now, staff.account.id, kind.delete_action, target_id=author.id, reason=reason,
                 snippet=item.body[:SNIPPET], **kind.refs(item))
    return item
