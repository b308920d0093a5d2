"""Who is looking, the facts a rule is built from, and the evaluation of a rule over one loaded resource."""

from __future__ import annotations

from dataclasses import dataclass

from core.model import GuestbookAccess, Relation, Visibility, ZoneVisibility


@dataclass(frozen=True)
class Viewer:
    """Who is looking: an account id, or None for an anonymous stranger."""

    account_id: int | None

    @property
    def anonymous(self) -> bool:
        return self.account_id is None


ANONYMOUS = Viewer(None)


# --- predicate atoms: each is a plain fact about viewer and resource --------------------------
@dataclass(frozen=True)
class IsOwner:
    """The viewer owns the resource."""


@dataclass(frozen=True)
class VisibilityIs:
    value: Visibility


@dataclass(frozen=True)
class ZoneIs:
    """The owner's zone visibility is `value`."""

    value: ZoneVisibility


@dataclass(frozen=True)
class IsFriend:
    """The viewer and the owner are friends."""


@dataclass(frozen=True)
class InResourceCircle:
    """The viewer is a member of the circle the resource is shared with."""


@dataclass(frozen=True)
class BlockedByOwner:
    """The owner has blocked the viewer."""


@dataclass(frozen=True)
class ViewerBlocksOwner:
    """The viewer has blocked the owner."""


@dataclass(frozen=True)
class RequestPending:
    """A friend request waits between the viewer and the owner, either way."""


@dataclass(frozen=True)
class OwnerSuggestable:
    """The owner lets /suggest offer them (`/privacy suggest`)."""


@dataclass(frozen=True)
class IsActive:
    """Not hidden by moderation."""


@dataclass(frozen=True)
class IsGated:
    """The resource is question-gated (albums only: posts have no such visibility)."""


@dataclass(frozen=True)
class AnsweredGate:
    """The viewer has answered the resource's question (albums only)."""


@dataclass(frozen=True)
class OwnerInGoodStanding:
    """The owner is not banned: a banned account's zone is gone for everyone else."""


@dataclass(frozen=True)
class IsAuthor:
    """The viewer wrote the resource (a guestbook entry: its *owner* is the zone's owner)."""


@dataclass(frozen=True)
class AuthorInGoodStanding:
    """The resource's author is not banned (a guestbook entry's writer)."""


@dataclass(frozen=True)
class GuestbookOpenTo:
    """The owner lets `value` sign their guestbook (`/privacy guestbook …`)."""

    value: GuestbookAccess


@dataclass(frozen=True)
class Never:
    """Nobody (used for anonymous viewers' relation-based branches)."""


@dataclass(frozen=True)
class And:
    parts: tuple[Predicate, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Predicate, ...]


@dataclass(frozen=True)
class Not:
    part: Predicate


Predicate = (
    IsOwner | VisibilityIs | ZoneIs | IsFriend | InResourceCircle | BlockedByOwner | IsActive
    | IsGated | AnsweredGate | OwnerInGoodStanding | ViewerBlocksOwner | RequestPending | OwnerSuggestable
    | IsAuthor | AuthorInGoodStanding | GuestbookOpenTo | Never | And | Or | Not
)


def all_of(*parts: Predicate) -> And:
    return And(tuple(parts))


def any_of(*parts: Predicate) -> Or:
    return Or(tuple(parts))


# --- evaluation of one loaded resource --------------------------------------------------------
@dataclass(frozen=True)
class Facts:
    """A loaded resource and the viewer's relation to its owner."""

    relation: Relation
    zone: ZoneVisibility
    visibility: Visibility = Visibility.PUBLIC
    circle_id: int | None = None
    active: bool = True
    gated: bool = False
    answered: bool = False
    owner_banned: bool = False
    owner_suggestable: bool = True
    is_author: bool = False
    author_banned: bool = False
    guestbook: GuestbookAccess = GuestbookAccess.EVERYONE


def evaluate(rule: Predicate, facts: Facts) -> bool:
    """Decide `rule` for one resource; the SQL compiler in storage mirrors this."""
    rel = facts.relation
    match rule:
        case IsOwner():
            return rel.is_self
        case VisibilityIs(value=v):
            return facts.visibility == v
        case ZoneIs(value=z):
            return facts.zone == z
        case IsFriend():
            return rel.is_friend
        case InResourceCircle():
            return facts.circle_id is not None and facts.circle_id in rel.circle_ids
        case BlockedByOwner():
            return rel.blocked_by_owner
        case IsActive():
            return facts.active
        case OwnerInGoodStanding():
            return not facts.owner_banned
        case ViewerBlocksOwner():
            return rel.blocks_owner
        case RequestPending():
            return rel.requested
        case OwnerSuggestable():
            return facts.owner_suggestable
        case IsGated():
            return facts.gated
        case AnsweredGate():
            return facts.answered
        case IsAuthor():
            return facts.is_author
        case AuthorInGoodStanding():
            return not facts.author_banned
        case GuestbookOpenTo(value=g):
            return facts.guestbook == g
        case Never():
            return False
        case And(parts=parts):
            return all(evaluate(p, facts) for p in parts)
        case Or(parts=parts):
            return any(evaluate(p, facts) for p in parts)
        case Not(part=part):
            return not evaluate(part, facts)
    raise TypeError(f"unknown predicate {rule!r}")
