"""The one place that decides who sees what.

Rules are built as small predicate trees over a *resource* (a post, later an album) that has an
owner, a visibility, an optional circle and a moderation status. Storage compiles the same tree
into SQL so listings filter in the query; `evaluate` checks a single loaded resource in Python.
Both read the rule from here, so they cannot drift apart.
"""

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


# --- the rules --------------------------------------------------------------------------------
def zone_rule(viewer: Viewer) -> Predicate:
    """Who may open an owner's zone (profile, friend list, listings).

    To someone the owner blocked, the zone is closed — exactly as a friends-only zone is to a
    stranger — so everything inside it (posts, albums, friends) is unlisted and every attempt to
    interact gets the answer a closed zone gets: nothing tells a block from ordinary settings.
    """
    if viewer.anonymous:
        return all_of(ZoneIs(ZoneVisibility.PUBLIC), OwnerInGoodStanding())
    return any_of(
        IsOwner(),
        all_of(
            OwnerInGoodStanding(),
            Not(BlockedByOwner()),
            any_of(ZoneIs(ZoneVisibility.PUBLIC), all_of(ZoneIs(ZoneVisibility.FRIENDS), IsFriend())),
        ),
    )


def content_rule(viewer: Viewer) -> Predicate:
    """Who may see a post (or any resource with owner, visibility, circle and status)."""
    if viewer.anonymous:
        return all_of(
            IsActive(), VisibilityIs(Visibility.PUBLIC), ZoneIs(ZoneVisibility.PUBLIC), OwnerInGoodStanding(),
        )
    # zone_rule already shuts out a blocked viewer, whatever state the friendship tables are in.
    audience = any_of(
        VisibilityIs(Visibility.PUBLIC),
        all_of(VisibilityIs(Visibility.FRIENDS), IsFriend()),
        all_of(VisibilityIs(Visibility.CIRCLE), IsFriend(), InResourceCircle()),
    )
    return any_of(IsOwner(), all_of(IsActive(), zone_rule(viewer), audience))


def interact_rule(viewer: Viewer) -> Predicate:
    """Who may comment on, like or share a resource: every signed-in person who sees it.

    Seeing and interacting agree, so a post someone may not touch is one they were never shown
    (a blocked viewer sees none of the blocker's zone); "there is no post you can see" is true.
    """
    if viewer.anonymous:
        return Never()
    return content_rule(viewer)


def album_rule(viewer: Viewer) -> Predicate:
    """Who may see an album's photos: a post's audiences, plus whoever answered a gated album's question.

    A question-gated album stores visibility "question", which no audience branch of
    content_rule matches: it is private but for the gate.
    """
    if viewer.anonymous:
        return content_rule(viewer)  # answers are given from chat, so a stranger never passes a gate
    gate = all_of(IsActive(), zone_rule(viewer), IsGated(), AnsweredGate())
    return any_of(content_rule(viewer), gate)


def album_listing_rule(viewer: Viewer) -> Predicate:
    """Who may know an album exists (title, question): its audience, and for a gated album anyone
    the zone is open to — they need the question to answer it. Photos still need album_rule."""
    if viewer.anonymous:
        return content_rule(viewer)
    return any_of(content_rule(viewer), all_of(IsActive(), zone_rule(viewer), IsGated()))


def comment_rule(viewer: Viewer) -> Predicate:
    """Who may see a comment on a post they may see (its *owner* is its author).

    Its author always; everyone else while no moderator hid it and its author is not banned —
    read at every look, so an unban or a restore brings it back. A reply shows only under a
    thread head that shows: core.posts.comments and storage apply this rule to both.
    A comment waiting for the post owner's approval (PostStatus.PENDING) is not active either: it
    shows to its writer alone, and to the post's owner only to decide on it (`decides_pending`).
    """
    shown = all_of(IsActive(), OwnerInGoodStanding())
    return shown if viewer.anonymous else any_of(IsOwner(), shown)


def decides_pending(viewer: Viewer, post_author_id: int) -> bool:
    """Who besides its writer may read a comment waiting for approval: the post's owner, who approves or rejects it."""
    return viewer.account_id is not None and viewer.account_id == post_author_id


def guestbook_rule(viewer: Viewer) -> Predicate:
    """Who may see a guestbook entry (its *owner* is the zone's owner, its *author* the writer).

    A public entry shows to everyone the zone is open to; a private note (悄悄话) to the owner and
    its writer only. Like a comment, an entry a moderator hid (or the word filter held) shows to
    its writer alone, and a banned writer's entries are gone until the ban ends. Nobody sees the
    guestbook of a zone they can't open — the writer of an entry included, once blocked.
    """
    if viewer.anonymous:
        return all_of(zone_rule(viewer), VisibilityIs(Visibility.PUBLIC), IsActive(), AuthorInGoodStanding())
    audience = any_of(VisibilityIs(Visibility.PUBLIC), IsOwner(), IsAuthor())
    shown = any_of(IsAuthor(), all_of(IsActive(), AuthorInGoodStanding()))
    return all_of(zone_rule(viewer), audience, shown)


def sign_rule(viewer: Viewer) -> Predicate:
    """Who may sign an owner's guestbook: someone else the zone is open to, as the owner chose.

    A blocked person's zone_rule is false already, so they are refused as a stranger to a closed
    zone is; the owner answers entries rather than signing their own guestbook.
    """
    if viewer.anonymous:
        return Never()
    chosen = any_of(GuestbookOpenTo(GuestbookAccess.EVERYONE),
                    all_of(GuestbookOpenTo(GuestbookAccess.FRIENDS), IsFriend()))
    return all_of(Not(IsOwner()), zone_rule(viewer), chosen)


def presence_rule(viewer: Viewer) -> Predicate:
    """Whether a person's traces show to `viewer` (the resource's *owner* is that person).

    Likes and like counts, a place in friend lists and requests, the notifications they cause:
    gone while they are banned, back when the ban ends (nothing is deleted). Always to oneself.
    """
    return OwnerInGoodStanding() if viewer.anonymous else any_of(IsOwner(), OwnerInGoodStanding())


def liker_rule(viewer: Viewer) -> Predicate:
    """Who shows in a post's list of likers (`/likes`; the resource's *owner* is the liker).

    Oneself always; anyone else while not banned, and neither blocking the viewer nor blocked by them.
    """
    if viewer.anonymous:
        return OwnerInGoodStanding()
    return any_of(IsOwner(), all_of(OwnerInGoodStanding(), Not(BlockedByOwner()), Not(ViewerBlocksOwner())))


def visitor_rule(viewer: Viewer) -> Predicate:
    """Whether a visit shows in the visitor list `viewer` (the zone's owner) reads; the resource's
    *owner* is the visitor.

    Never one's own, never a banned visitor's (back when the ban ends), never across a block
    either way: someone you blocked, or who blocked you, leaves no trace in your visitors.
    """
    if viewer.anonymous:
        return Never()
    return all_of(Not(IsOwner()), OwnerInGoodStanding(), Not(BlockedByOwner()), Not(ViewerBlocksOwner()))


def suggestion_rule(viewer: Viewer) -> Predicate:
    """Whom /suggest may offer `viewer` (the resource's *owner* is the person offered).

    Someone whose zone is open to the viewer (so neither banned nor blocking them), whom the
    viewer hasn't blocked, who isn't a friend already nor has a request waiting either way, and
    who hasn't opted out with `/privacy suggest off`.
    """
    if viewer.anonymous:
        return Never()
    return all_of(Not(IsOwner()), zone_rule(viewer), Not(ViewerBlocksOwner()), Not(IsFriend()),
                  Not(RequestPending()), OwnerSuggestable())


def finding_rule(viewer: Viewer) -> Predicate:
    """Whom /find may show `viewer`: people whose zones are open to them; a banned person never."""
    return all_of(zone_rule(viewer), OwnerInGoodStanding())


def present(viewer: Viewer, person_id: int, banned: bool) -> bool:
    """presence_rule for one person whose ban status is known."""
    facts = Facts(Relation(is_self=viewer.account_id == person_id), ZoneVisibility.PUBLIC, owner_banned=banned)
    return evaluate(presence_rule(viewer), facts)


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


# --- comparing audiences (what a setting or a share would reach) ------------------------------
def within(audience: Visibility, circle_id: int | None, original: Visibility, original_circle: int | None) -> bool:
    """Whether everyone `audience` names is also named by `original` (circles are groups of friends)."""
    match original:
        case Visibility.PUBLIC:
            return True
        case Visibility.FRIENDS:
            return audience is not Visibility.PUBLIC
        case Visibility.CIRCLE:
            return audience is Visibility.PRIVATE or (audience is Visibility.CIRCLE and circle_id == original_circle)
    return audience is Visibility.PRIVATE


def zone_caps(audience: Visibility, zone: ZoneVisibility) -> ZoneVisibility | None:
    """The zone visibility that keeps posts for `audience` from reaching all it names, if it does.

    Every audience passes through the zone rule: a public post in a friends-only zone reaches
    friends only, and nothing in a private zone reaches anyone but its owner.
    """
    if zone is ZoneVisibility.PRIVATE and audience is not Visibility.PRIVATE:
        return zone
    if zone is ZoneVisibility.FRIENDS and audience is Visibility.PUBLIC:
        return zone
    return None
