"""The rules: who may see, open, comment on, sign or find what — each a predicate tree over the facts."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from core.model import GuestbookAccess, Relation, Visibility, ZoneVisibility
from core.privacy.facts import (
    AnsweredGate, AuthorInGoodStanding, BlockedByOwner, Facts, GuestbookOpenTo, InResourceCircle, IsActive,
    IsAuthor, IsFriend, IsGated, IsOwner, Never, Not, OwnerInGoodStanding, OwnerSuggestable, Predicate,
    RequestPending, Viewer, ViewerBlocksOwner, VisibilityIs, ZoneIs, all_of, any_of, compiled,
)


# --- the rules --------------------------------------------------------------------------------
# A rule depends on who is looking only through whether they are signed in (the relation is a fact
# about the resource's owner, read with it): each rule is built once for each of the two, and every
# request gets the very same tree. Storage's statements are cached by rule (one hash, computed once,
# and an identity compare), and `evaluate` runs the rule's compiled closures (core.privacy.facts.compiled).
class _AnyoneSignedIn:
    """The viewer a signed-in person's rules are built for: anyone signed in. Its account id cannot be
    read — a rule that came to depend on who is looking would fail at once, never be kept for all."""

    anonymous = False

    @property
    def account_id(self) -> int:
        raise TypeError("a rule is built per standing (signed in or not): it may not read who is looking")


_SIGNED_IN: Viewer = _AnyoneSignedIn()  # type: ignore[assignment]


def _per_standing(build: Callable[[Viewer], Predicate]) -> Callable[[Viewer], Predicate]:
    built: dict[bool, Predicate] = {}

    @wraps(build)
    def rule(viewer: Viewer) -> Predicate:
        anonymous = viewer.anonymous
        found = built.get(anonymous)
        if found is None:
            found = built[anonymous] = build(Viewer(None) if anonymous else _SIGNED_IN)
        return found

    return rule


@_per_standing
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


@_per_standing
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


@_per_standing
def interact_rule(viewer: Viewer) -> Predicate:
    """Who may comment on, like or share a resource: every signed-in person who sees it.

    Seeing and interacting agree, so a post someone may not touch is one they were never shown
    (a blocked viewer sees none of the blocker's zone); "there is no post you can see" is true.
    """
    if viewer.anonymous:
        return Never()
    return content_rule(viewer)


@_per_standing
def album_rule(viewer: Viewer) -> Predicate:
    """Who may see an album's photos: a post's audiences, plus whoever answered a gated album's question.

    A question-gated album stores visibility "question", which no audience branch of
    content_rule matches: it is private but for the gate.
    """
    if viewer.anonymous:
        return content_rule(viewer)  # answers are given from chat, so a stranger never passes a gate
    gate = all_of(IsActive(), zone_rule(viewer), IsGated(), AnsweredGate())
    return any_of(content_rule(viewer), gate)


@_per_standing
def photo_interact_rule(viewer: Viewer) -> Predicate:
    """Who may like or comment on an album's photos: every signed-in person who sees them (album_rule).

    As with posts, seeing and touching agree: a blocked viewer sees none of the blocker's albums,
    a stranger who never answered a gated album's question none of its photos, so "there is no
    photo you can see" is true of every photo one may not touch. A photo comment shows to a
    viewer exactly when this photo does and comment_rule shows the comment.
    """
    if viewer.anonymous:
        return Never()
    return album_rule(viewer)


@_per_standing
def album_listing_rule(viewer: Viewer) -> Predicate:
    """Who may know an album exists (title, question): its audience, and for a gated album anyone
    the zone is open to — they need the question to answer it. Photos still need album_rule."""
    if viewer.anonymous:
        return content_rule(viewer)
    return any_of(content_rule(viewer), all_of(IsActive(), zone_rule(viewer), IsGated()))


@_per_standing
def comment_rule(viewer: Viewer) -> Predicate:
    """Who may see a comment on a post (or an album's photo) they may see (its *owner* is its author).

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


@_per_standing
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


@_per_standing
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


@_per_standing
def presence_rule(viewer: Viewer) -> Predicate:
    """Whether a person's traces show to `viewer` (the resource's *owner* is that person).

    Likes and like counts, a place in friend lists and requests, the notifications they cause:
    gone while they are banned, back when the ban ends (nothing is deleted). Always to oneself.
    """
    return OwnerInGoodStanding() if viewer.anonymous else any_of(IsOwner(), OwnerInGoodStanding())


@_per_standing
def liker_rule(viewer: Viewer) -> Predicate:
    """Who shows in a post's list of likers (`/likes`; the resource's *owner* is the liker).

    Oneself always; anyone else while not banned, and neither blocking the viewer nor blocked by them.
    """
    return _person_seen(viewer)


@_per_standing
def face_rule(viewer: Viewer) -> Predicate:
    """Who may see a person's avatar and cover (the resource's *owner* is the person): whoever may
    see the person at all.

    Oneself always; anyone else while the person is not banned, and neither blocks the other.
    """
    return _person_seen(viewer)


@_per_standing
def _person_seen(viewer: Viewer) -> Predicate:
    """A person shows to `viewer`: always to themselves; else while not banned and no block stands either way."""
    if viewer.anonymous:
        return OwnerInGoodStanding()
    return any_of(IsOwner(), all_of(OwnerInGoodStanding(), Not(BlockedByOwner()), Not(ViewerBlocksOwner())))


@_per_standing
def visitor_rule(viewer: Viewer) -> Predicate:
    """Whether a visit shows in the visitor list `viewer` (the zone's owner) reads; the resource's
    *owner* is the visitor.

    Never one's own, never a banned visitor's (back when the ban ends), never across a block
    either way: someone you blocked, or who blocked you, leaves no trace in your visitors.
    """
    if viewer.anonymous:
        return Never()
    return all_of(Not(IsOwner()), OwnerInGoodStanding(), Not(BlockedByOwner()), Not(ViewerBlocksOwner()))


@_per_standing
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


@_per_standing
def finding_rule(viewer: Viewer) -> Predicate:
    """Whom /find may show `viewer`: people whose zones are open to them; a banned person never."""
    return all_of(zone_rule(viewer), OwnerInGoodStanding())


def present(viewer: Viewer, person_id: int, banned: bool) -> bool:
    """presence_rule for one person whose ban status is known."""
    facts = Facts(Relation(is_self=viewer.account_id == person_id), ZoneVisibility.PUBLIC, owner_banned=banned)
    return compiled(presence_rule(viewer))(facts)
