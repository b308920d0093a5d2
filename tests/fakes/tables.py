"""The in-memory database's tables: what storage/*_tables.py keep, as dicts of immutable rows.

A unit of work that writes copies every table (each a shallow copy: rows are never changed in
place, a write stores a new row), so a rollback is dropping the copy and a commit is keeping it.
Deletes cascade, and set NULL, as the schema's foreign keys do.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from core.albums.model import Album, Photo
from core.errors import Conflict
from core.guestbook.model import Entry
from core.model import Account, Comment, Post
from core.moderation.model import FilterEntry, LogEntry, Report, Sanction
from core.shop.model import LedgerEntry, Owned, WalletState


def clash() -> Conflict:
    """A unique key hit: the error storage.errors raises for an IntegrityError, at the statement."""
    return Conflict("Someone changed this at the same moment — please try again.")


def as_json(value: Any) -> Any:
    """What a JSON column gives back: a deep copy, tuples as lists (and a TypeError for what isn't JSON)."""
    return None if value is None else json.loads(json.dumps(value))


@dataclass(frozen=True)
class IdentityRow:
    id: int
    platform: str
    external_id: str
    account_id: int
    display_name: str = ""
    reachable: bool = True
    flow: dict[str, Any] | None = None
    flow_expires_at: datetime | None = None


@dataclass(frozen=True)
class OutboxRow:
    id: int
    kind: str
    payload: dict[str, Any]
    created_at: datetime
    dispatched_at: datetime | None = None


@dataclass(frozen=True)
class DeliveryRow:
    id: int
    event_id: int
    platform: str
    external_id: str
    payload: dict[str, Any]
    created_at: datetime
    next_attempt_at: datetime
    attempts: int = 0
    sent_at: datetime | None = None
    gave_up: bool = False
    leased_by: str | None = None


@dataclass(frozen=True)
class NotificationRow:
    id: int
    account_id: int
    event_id: int
    created_at: datetime
    read_at: datetime | None = None


@dataclass(frozen=True)
class RoleRow:
    role: str
    granted_by: int | None
    granted_at: datetime


@dataclass(frozen=True)
class RateHit:
    account_id: int
    bucket: str
    at: datetime


@dataclass(frozen=True)
class VisitRow:
    at: datetime
    removed: bool = False


@dataclass
class Tables:
    """Every table, keyed by its primary key."""

    accounts: dict[int, Account] = field(default_factory=dict)
    identities: dict[int, IdentityRow] = field(default_factory=dict)
    link_codes: dict[str, tuple[int, datetime]] = field(default_factory=dict)
    circles: dict[int, tuple[int, str]] = field(default_factory=dict)  # id → (owner_id, name)
    members: set[tuple[int, int]] = field(default_factory=set)  # (circle_id, member_id)
    posts: dict[int, Post] = field(default_factory=dict)
    feed: dict[tuple[int, int], int] = field(default_factory=dict)  # (owner_id, post_id) → author_id
    comments: dict[int, Comment] = field(default_factory=dict)
    likes: set[tuple[int, int]] = field(default_factory=set)  # (post_id, account_id)
    friendships: set[tuple[int, int]] = field(default_factory=set)  # both ways
    requests: dict[tuple[int, int], datetime] = field(default_factory=dict)  # (from_id, to_id)
    blocks: set[tuple[int, int]] = field(default_factory=set)  # (blocker_id, blocked_id)
    care: dict[tuple[int, int], datetime] = field(default_factory=dict)  # (carer_id, cared_id) → since
    outbox: dict[int, OutboxRow] = field(default_factory=dict)
    deliveries: dict[int, DeliveryRow] = field(default_factory=dict)
    notifications: dict[int, NotificationRow] = field(default_factory=dict)
    state: dict[str, tuple[dict[str, Any], datetime | None]] = field(default_factory=dict)
    albums: dict[int, Album] = field(default_factory=dict)
    photos: dict[int, Photo] = field(default_factory=dict)
    photo_likes: set[tuple[int, int]] = field(default_factory=set)  # (photo_id, account_id)
    answers: dict[tuple[int, int], datetime] = field(default_factory=dict)  # (album_id, viewer_id)
    roles: dict[int, RoleRow] = field(default_factory=dict)
    sanctions: dict[tuple[int, str], Sanction] = field(default_factory=dict)  # (account_id, kind)
    reports: dict[int, Report] = field(default_factory=dict)
    log: dict[int, LogEntry] = field(default_factory=dict)
    words: dict[str, FilterEntry] = field(default_factory=dict)
    hits: dict[int, RateHit] = field(default_factory=dict)
    wallets: dict[int, WalletState] = field(default_factory=dict)
    ledger: dict[int, LedgerEntry] = field(default_factory=dict)
    inventory: dict[tuple[int, str], Owned] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    visits: dict[tuple[int, int, str], VisitRow] = field(default_factory=dict)  # (zone_id, visitor_id, day)
    guestbook: dict[int, Entry] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)

    def copy(self) -> Tables:
        return Tables(**{f.name: getattr(self, f.name).copy() for f in dataclasses.fields(self)})

    def next_id(self, table: str) -> int:
        """The next autoincrement id of `table` (never reused, as PostgreSQL's sequences)."""
        self.sequences[table] = n = self.sequences.get(table, 0) + 1
        return n

    # --- the foreign keys' ON DELETE, by the schema -------------------------------------------
    def delete_account(self, account_id: int) -> None:
        self.accounts.pop(account_id, None)
        a = account_id
        self.identities = {k: r for k, r in self.identities.items() if r.account_id != a}
        self.link_codes = {k: v for k, v in self.link_codes.items() if v[0] != a}
        for circle_id in [c for c, (owner, _) in self.circles.items() if owner == a]:
            self.delete_circle(circle_id)
        self.members = {m for m in self.members if m[1] != a}
        for post_id in [p.id for p in self.posts.values() if p.author_id == a]:
            self.delete_post(post_id)
        self.feed = {k: author for k, author in self.feed.items() if a not in (k[0], author)}
        self.delete_comments([c.id for c in self.comments.values() if c.author_id == a])
        self.likes = {k for k in self.likes if k[1] != a}
        self.friendships = {k for k in self.friendships if a not in k}
        self.requests = {k: v for k, v in self.requests.items() if a not in k}
        self.blocks = {k for k in self.blocks if a not in k}
        self.care = {k: v for k, v in self.care.items() if a not in k}
        self.notifications = {k: n for k, n in self.notifications.items() if n.account_id != a}
        for album_id in [al.id for al in self.albums.values() if al.owner_id == a]:
            self.delete_album(album_id)
        self.delete_photos([p.id for p in self.photos.values() if p.owner_id == a])
        self.photo_likes = {k for k in self.photo_likes if k[1] != a}
        self.answers = {k: v for k, v in self.answers.items() if k[1] != a}
        self.roles = {k: (replace(r, granted_by=None) if r.granted_by == a else r)
                      for k, r in self.roles.items() if k != a}
        self.sanctions = {k: (replace(s, by_id=None) if s.by_id == a else s)
                          for k, s in self.sanctions.items() if k[0] != a}
        self.reports = {k: (replace(r, reporter_id=None) if r.reporter_id == a else r)
                        for k, r in self.reports.items() if r.target_id != a}
        self.log = {k: replace(e, actor_id=None if e.actor_id == a else e.actor_id,
                               target_id=None if e.target_id == a else e.target_id)
                    for k, e in self.log.items()}
        self.hits = {k: h for k, h in self.hits.items() if h.account_id != a}
        self.wallets.pop(a, None)
        self.ledger = {k: replace(e, actor_id=None if e.actor_id == a else e.actor_id,
                                  counterpart_id=None if e.counterpart_id == a else e.counterpart_id)
                       for k, e in self.ledger.items() if e.account_id != a}
        self.inventory = {k: (replace(o, from_id=None) if o.from_id == a else o)
                          for k, o in self.inventory.items() if k[0] != a}
        self.visits = {k: v for k, v in self.visits.items() if a not in (k[0], k[1])}
        self.guestbook = {k: e for k, e in self.guestbook.items() if a not in (e.owner_id, e.author_id)}

    def delete_circle(self, circle_id: int) -> None:
        if self.circles.pop(circle_id, None) is None:
            return
        self.members = {m for m in self.members if m[0] != circle_id}
        self.posts = {k: (replace(p, circle_id=None) if p.circle_id == circle_id else p) for k, p in self.posts.items()}
        self.albums = {k: (replace(al, circle_id=None) if al.circle_id == circle_id else al)
                       for k, al in self.albums.items()}

    def delete_post(self, post_id: int) -> None:
        if self.posts.pop(post_id, None) is None:
            return
        self.feed = {k: v for k, v in self.feed.items() if k[1] != post_id}
        self.delete_comments([c.id for c in self.comments.values() if c.post_id == post_id])
        self.likes = {k for k in self.likes if k[0] != post_id}
        self.delete_photos([ph.id for ph in self.photos.values() if ph.post_id == post_id])
        self.posts = {k: (replace(p, shared_post_id=None) if p.shared_post_id == post_id else p)
                      for k, p in self.posts.items()}
        self.reports = {k: (replace(r, post_id=None) if r.post_id == post_id else r) for k, r in self.reports.items()}

    def delete_comments(self, comment_ids: list[int]) -> None:
        """Delete comments and, by their parent key, their replies (tallies are not touched)."""
        doomed = set(comment_ids)
        while True:
            more = {c.id for c in self.comments.values() if c.parent_id in doomed} - doomed
            if not more:
                break
            doomed |= more
        for comment_id in doomed:
            self.comments.pop(comment_id, None)

    def delete_photos(self, photo_ids: list[int]) -> None:
        """Delete photos with their comments (and the replies under them) and likes."""
        doomed = set(photo_ids)
        self.photos = {k: ph for k, ph in self.photos.items() if k not in doomed}
        self.delete_comments([c.id for c in self.comments.values() if c.photo_id in doomed])
        self.photo_likes = {k for k in self.photo_likes if k[0] not in doomed}

    def delete_album(self, album_id: int) -> None:
        if self.albums.pop(album_id, None) is None:
            return
        self.delete_photos([ph.id for ph in self.photos.values() if ph.album_id == album_id])
        self.answers = {k: v for k, v in self.answers.items() if k[0] != album_id}


class Store(Protocol):
    """What a repository needs of its unit of work (tests.fakes.uow.InMemoryUnitOfWork)."""

    @property
    def read(self) -> Tables: ...

    async def write(self) -> Tables: ...
