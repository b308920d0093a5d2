"""Ports: what core needs from the outside world, as Protocols storage implements."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from core.albums.ports import AlbumRepo
from core.events import Event
from core.guestbook.ports import GuestbookRepo
from core.model import Account, Circle, Identity, Relation
from core.privacy import Predicate
from core.moderation.ports import ModerationRepo
from core.pages import PageReads
from core.posts.ports import PostRepo
from core.shop.ports import WalletRepo
from core.visits.ports import VisitRepo


class Clock(Protocol):
    def now(self) -> datetime: ...


@dataclass(frozen=True)
class IdentityState:
    account: Account
    reachable: bool = True
    flow: dict[str, Any] | None = None
    flow_expires_at: datetime | None = None
    sanctioned: bool = True
    """Whether any ban or mute is on record (True when unknown: then moderation looks it up)."""
    time_zone: str | None = None
    """The time zone they set with /timezone (None: the site's), for the times they read."""


class AccountRepo(Protocol):
    async def get(self, account_id: int) -> Account | None: ...
    async def get_many(self, ids: list[int]) -> dict[int, Account]: ...
    async def by_handle(self, handle: str) -> Account | None: ...
    async def by_identity(self, platform: str, external_id: str) -> Account | None: ...
    async def by_identity_state(self, platform: str, external_id: str) -> IdentityState | None:
        """The account behind an identity, with what we keep on the identity itself."""
        ...
    async def set_flow(
        self, platform: str, external_id: str, flow: dict[str, Any] | None, expires_at: datetime | None,
    ) -> None: ...
    async def add(self, account: Account) -> Account | None:
        """Insert unless the handle is taken (one statement: None then, never an error)."""
    async def save(self, account: Account) -> None:
        """Write the profile fields; the handle changes only through `claim_handle`."""
    async def claim_handle(self, account_id: int, handle: str) -> bool:
        """Give the account `handle` unless someone has it — False then, even when both race."""
    async def set_picture(self, account_id: int, which: str, files: dict[str, str] | None) -> None:
        """Keep the account's `avatar` or `cover` (renditions from the media pipeline; None: none)."""
    async def set_language(self, account_id: int, language: str | None) -> None:
        """Keep the language they chose (None: follow their messenger again)."""
    async def set_language_hint(self, account_id: int, hint: str) -> None:
        """Keep the language their messenger says they read."""
    async def add_identity(self, identity: Identity) -> bool:
        """Insert unless the identity exists already (False: another process made it first)."""
    async def move_identity(self, platform: str, external_id: str, account_id: int) -> None: ...
    async def identities(self, account_id: int) -> list[Identity]: ...
    async def handles_starting(self, prefix: str, limit: int) -> list[tuple[int, str]]: ...
    async def is_empty(self, account_id: int) -> bool:
        """True when the account has no posts, comments, friends, requests or circles."""
        ...
    async def delete(self, account_id: int) -> None: ...
    async def add_link_code(self, code_hash: str, account_id: int, expires_at: datetime) -> None: ...
    async def take_link_code(self, code_hash: str, now: datetime) -> int | None:
        """Delete the code and return its account if it was valid (single use)."""
        ...


class SocialRepo(Protocol):
    async def relation(self, viewer_id: int | None, owner_id: int) -> Relation: ...
    async def are_friends(self, a: int, b: int) -> bool: ...
    async def friend_ids(self, account_id: int) -> list[int]: ...
    async def count_friends(self, account_id: int, viewer_id: int | None, rule: Predicate) -> int:
        """How many friends `account_id` has whose presence `rule` (privacy.presence_rule) shows."""
        ...

    async def add_friendship(self, a: int, b: int) -> None: ...
    async def remove_friendship(self, a: int, b: int) -> None: ...
    async def add_request(self, from_id: int, to_id: int, at: datetime) -> None: ...
    async def has_request(self, from_id: int, to_id: int) -> bool: ...
    async def delete_request(self, from_id: int, to_id: int) -> bool: ...
    async def incoming_requests(self, to_id: int) -> list[int]: ...
    async def outgoing_requests(self, from_id: int) -> list[int]: ...
    async def block(self, by_id: int, blocked_id: int) -> None: ...
    async def unblock(self, by_id: int, blocked_id: int) -> bool: ...
    async def is_blocked(self, by_id: int, blocked_id: int) -> bool: ...
    async def lock_circles(self, owner_id: int) -> None:
        """Hold the owner's circles until commit (a row lock): the checks that follow and the write
        they allow can't race another transaction's."""
        ...
    async def add_circle(self, owner_id: int, name: str) -> Circle: ...
    async def circle_by_name(self, owner_id: int, name: str) -> Circle | None:
        """The owner's circle however its name is typed (core.model.circle_key)."""
        ...
    async def circles_of(self, owner_id: int) -> list[Circle]: ...
    async def delete_circle(self, circle_id: int) -> None: ...
    async def add_member(self, circle_id: int, member_id: int) -> bool: ...
    async def remove_member(self, circle_id: int, member_id: int) -> bool: ...
    async def leave_circles_of(self, owner_id: int, member_id: int) -> None: ...
    async def add_care(self, carer_id: int, cared_id: int, at: datetime, cap: int) -> bool:
        """Put `cared_id` in `carer_id`'s special care unless already there or `cap` are: one
        conditional statement (False then, even when many race)."""
        ...
    async def remove_care(self, carer_id: int, cared_id: int) -> bool: ...
    async def cared_by(self, carer_id: int) -> list[int]:
        """Whom `carer_id` cares about, in the order they were added."""
        ...
    async def carers_of(self, cared_id: int) -> list[int]:
        """Who cares about `cared_id` (by id)."""
        ...
    async def suggestions(self, viewer_id: int, rule: Predicate, via: Predicate, limit: int) -> list[tuple[int, int]]:
        """(person id, mutual friends) of friends of the viewer's friends whom `rule` (privacy.suggestion_rule)
        lets /suggest offer, counting only mutual friends `via` (privacy.presence_rule) shows; most mutual first."""
        ...
    async def search(self, viewer_id: int | None, text: str, rule: Predicate, limit: int) -> list[int]:
        """People whose handle or display name contains `text` (any case) and whom `rule`
        (privacy.finding_rule) shows: an exact handle first, then by handle."""
        ...


@dataclass(frozen=True)
class StoredEvent:
    id: int
    event: Event


@dataclass(frozen=True)
class Delivery:
    """One message owed to one messenger identity."""

    id: int
    platform: str
    external_id: str
    payload: dict[str, Any]
    attempts: int = 0
    event_id: int | None = None


@dataclass(frozen=True)
class Notification:
    """One event an account heard of (or would have, with no messenger reachable): its notifications list."""

    id: int
    account_id: int
    event_id: int
    created_at: datetime
    read_at: datetime | None = None


class OutboxRepo(Protocol):
    added: bool
    """Whether this transaction added an event: only then has the outbox worker work once it commits."""

    async def add(self, event: Event, at: datetime) -> None: ...
    async def claim(self, limit: int) -> list[StoredEvent]:
        """Undelivered events, locked for this transaction where the database can."""
        ...
    async def mark_dispatched(self, event_ids: list[int], at: datetime) -> None: ...
    async def event(self, event_id: int) -> Event | None:
        """A stored event by id (to check a delivery is still owed just before sending it)."""
        ...
    async def add_delivery(self, event_id: int, identity: Identity, payload: dict[str, Any], at: datetime) -> None: ...
    async def lease_deliveries(
        self, platform: str, limit: int, now: datetime, until: datetime, external_id: str | None = None,
        owner: str | None = None,
    ) -> list[Delivery]:
        """Take up to `limit` due deliveries until `until` (nobody else sends them meanwhile), for `owner`.

        Returned in event order; a delivery never overtakes an earlier one to the same identity.
        """
        ...
    async def release(self, delivery_ids: list[int], now: datetime) -> None:
        """Hand unsent leased deliveries back: due again at `now` (other processes are told)."""
        ...
    async def release_owned(self, owner: str, now: datetime) -> int:
        """Hand back every unsent delivery `owner` still holds, in one statement; returns how many."""
        ...
    async def next_due(self, platforms: list[str], after: datetime) -> datetime | None:
        """When the next unsent delivery on `platforms` falls due after `after` (a retry, a lease's end)."""
        ...
    async def withdraw(self, delivery_ids: list[int]) -> None:
        """Never send these (what they said is no longer true)."""
        ...
    async def mark_sent(self, delivery_id: int, at: datetime) -> None: ...
    async def mark_failed(self, delivery_id: int, retry_at: datetime, give_up: bool) -> None: ...
    async def set_reachable(self, platform: str, external_id: str, reachable: bool) -> None: ...
    async def add_notification(self, account_id: int, event_id: int, at: datetime) -> None:
        """Put the event on the account's notifications list (once: a repeat is ignored)."""
    async def notifications(self, account_id: int, limit: int) -> list[Notification]:
        """The account's latest notifications, newest first."""
        ...
    async def unread_count(self, account_id: int) -> int:
        """How many of the account's notifications are unread (one statement)."""
        ...
    async def mark_read(self, account_id: int, up_to_id: int, at: datetime) -> int:
        """Mark the account's unread notifications up to `up_to_id` read, in one statement; returns how many."""
        ...
    async def mark_read_of(self, account_id: int, event: Event, at: datetime) -> int:
        """Mark the account's unread notifications of `event` (its kind, every field of its payload equal:
        ints and strings) read, in one statement; returns how many. For what the account's own answer
        made no longer true (core.social.friends: a request answered): it is counted unread no more."""
        ...


class StateRepo(Protocol):
    """Small keyed state that must survive restarts (multi-step flows, seen update ids)."""

    async def get(self, key: str, now: datetime) -> dict[str, Any] | None: ...
    async def put(self, key: str, value: dict[str, Any], expires_at: datetime | None) -> None: ...
    async def delete(self, key: str) -> None: ...
    async def add_once(self, key: str, expires_at: datetime | None) -> bool:
        """Insert `key` if absent; False if it was already there (de-duplication, a one-time claim: None keeps it)."""
        ...
    async def purge(self, now: datetime) -> int:
        """Forget expired keys; returns how many."""
        ...


class UnitOfWork(Protocol):
    accounts: AccountRepo
    posts: PostRepo
    social: SocialRepo
    outbox: OutboxRepo
    state: StateRepo
    albums: AlbumRepo
    wallet: WalletRepo
    moderation: ModerationRepo
    visits: VisitRepo
    guestbook: GuestbookRepo
    pages: PageReads
    """Read models shaped for the web's pages (core.pages): one statement each."""
    events: list[Event]
    """Events raised in this transaction for in-transaction subscribers (`Subscriber`), which the
    caller that commits runs first — the chat router does; empty when the unit of work opens."""

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    async def __aenter__(self) -> UnitOfWork: ...
    async def __aexit__(self, *exc: object) -> None: ...


Subscriber = Callable[[UnitOfWork, Event, datetime], Awaitable[None]]
"""Reacts to an event in a given transaction: the command's own (`UnitOfWork.events`) or the
outbox dispatcher's, once per stored event."""


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
