"""Who is looking, the facts a rule is built from, and the evaluation of a rule over one loaded resource."""

from __future__ import annotations

from collections.abc import Callable
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


class _Tree:
    """A composite predicate's hash, computed once: rules are dict and lru_cache keys on every request
    (storage builds statements per rule shape), and a dataclass would hash the whole tree each time."""

    def __hash__(self) -> int:
        found = self.__dict__.get("_hash")
        if found is None:
            found = self.__dict__["_hash"] = hash((type(self).__name__, *(getattr(self, f) for f in self._keys)))
        return found

    def __getstate__(self) -> dict[str, object]:
        # The cached hash is this process's (str hashes are salted per process): never carried along.
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    _keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class And(_Tree):
    parts: tuple[Predicate, ...]
    _keys = ("parts",)
    __hash__ = _Tree.__hash__


@dataclass(frozen=True)
class Or(_Tree):
    parts: tuple[Predicate, ...]
    _keys = ("parts",)
    __hash__ = _Tree.__hash__


@dataclass(frozen=True)
class Not(_Tree):
    part: Predicate
    _keys = ("part",)
    __hash__ = _Tree.__hash__


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
    """Decide `rule` for one resource; the SQL compiler in storage mirrors this.

    The rule is compiled once into nested closures (`compiled`), so deciding is a few attribute reads.
    """
    return compiled(rule)(facts)


Decide = Callable[[Facts], bool]
_COMPILED: dict[Predicate, Decide] = {}


def compiled(rule: Predicate) -> Decide:
    """`rule` as one function of the facts, built once per rule (rules are built once per kind of viewer)."""
    found = _COMPILED.get(rule)
    if found is None:
        if len(_COMPILED) > 4096:  # rules are a handful of shapes; a caller building new ones each time must not grow this
            _COMPILED.clear()
        found = _COMPILED[rule] = _compile(rule)
    return found


def _compile(rule: Predicate) -> Decide:  # noqa: C901 (one case per atom, as `evaluate` had)
    match rule:
        case IsOwner():
            return lambda f: f.relation.is_self
        case VisibilityIs(value=v):
            return lambda f: f.visibility == v
        case ZoneIs(value=z):
            return lambda f: f.zone == z
        case IsFriend():
            return lambda f: f.relation.is_friend
        case InResourceCircle():
            return lambda f: f.circle_id is not None and f.circle_id in f.relation.circle_ids
        case BlockedByOwner():
            return lambda f: f.relation.blocked_by_owner
        case IsActive():
            return lambda f: f.active
        case OwnerInGoodStanding():
            return lambda f: not f.owner_banned
        case ViewerBlocksOwner():
            return lambda f: f.relation.blocks_owner
        case RequestPending():
            return lambda f: f.relation.requested
        case OwnerSuggestable():
            return lambda f: f.owner_suggestable
        case IsGated():
            return lambda f: f.gated
        case AnsweredGate():
            return lambda f: f.answered
        case IsAuthor():
            return lambda f: f.is_author
        case AuthorInGoodStanding():
            return lambda f: not f.author_banned
        case GuestbookOpenTo(value=g):
            return lambda f: f.guestbook == g
        case Never():
            return lambda f: False
        case And(parts=parts):
            return _fold([_compile(p) for p in parts], True)
        case Or(parts=parts):
            return _fold([_compile(p) for p in parts], False)
        case Not(part=part):
            inner = _compile(part)
            return lambda f: not inner(f)
    raise TypeError(f"unknown predicate {rule!r}")


def _fold(parts: list[Decide], every: bool) -> Decide:
    """All (`every`) or any of `parts`, short-circuiting left to right as all()/any() do."""
    if not parts:
        return (lambda f: True) if every else (lambda f: False)
    if len(parts) == 1:
        one = parts[0]
        return lambda f: bool(one(f))
    first, rest = parts[0], _fold(parts[1:], every)
    if every:
        return lambda f: bool(first(f)) and rest(f)
    return lambda f: bool(first(f)) or rest(f)
