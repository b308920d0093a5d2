"""Privacy in the in-memory repositories: the facts of each row, decided by core.privacy.evaluate.

The SQL repositories compile a rule tree into their WHERE clause (storage/privacy_sql.py); these
read the same atoms off the rows — is the viewer the owner, a friend, in the row's circle,
blocked; the owner's zone and ban; the row's visibility, status and gate — and ask `evaluate`.
So listings on memory are a third reading of every rule, checked against the other two by
tests/integration/test_privacy_sql_matches_python.py and its album twin.
"""

from __future__ import annotations

from core.albums.model import Album, AlbumVisibility
from core.guestbook.model import Entry
from core.model import Comment, GuestbookAccess, Post, PostStatus, Relation, Visibility, ZoneVisibility
from core.moderation.model import SanctionKind
from core.privacy import Facts, Predicate, evaluate
from tests.fakes.tables import Tables


def relation(t: Tables, viewer_id: int | None, owner_id: int) -> Relation:
    """The atoms as the SQL compiler reads them: each its own EXISTS over the rows."""
    if viewer_id is None:
        return Relation()
    circles = frozenset(c for c, m in t.members if m == viewer_id and t.circles.get(c, (None,))[0] == owner_id)
    return Relation(is_self=viewer_id == owner_id, is_friend=(owner_id, viewer_id) in t.friendships,
                    blocked_by_owner=(owner_id, viewer_id) in t.blocks, circle_ids=circles,
                    blocks_owner=(viewer_id, owner_id) in t.blocks,
                    requested=(viewer_id, owner_id) in t.requests or (owner_id, viewer_id) in t.requests)


def banned(t: Tables, account_id: int) -> bool:
    # Ban rows exist only while in force (expiry deletes them), as storage/privacy_sql.py relies on.
    return (account_id, SanctionKind.BAN.value) in t.sanctions


def _zone(t: Tables, owner_id: int) -> ZoneVisibility:
    account = t.accounts.get(owner_id)
    return account.zone_visibility if account else ZoneVisibility.PRIVATE


def post_facts(t: Tables, post: Post, viewer_id: int | None) -> Facts:
    return Facts(relation(t, viewer_id, post.author_id), _zone(t, post.author_id), post.visibility, post.circle_id,
                 active=post.status is PostStatus.ACTIVE, owner_banned=banned(t, post.author_id))


def person_facts(t: Tables, person_id: int, viewer_id: int | None, *, active: bool = True) -> Facts:
    """A comment's or a like's facts: its owner is its author (or the liker)."""
    account = t.accounts.get(person_id)
    return Facts(relation(t, viewer_id, person_id), _zone(t, person_id), active=active,
                 owner_banned=banned(t, person_id), owner_suggestable=account is not None and account.suggestable)


def album_facts(t: Tables, album: Album, viewer_id: int | None) -> Facts:
    answered = viewer_id is not None and (album.id, viewer_id) in t.answers
    return Facts(relation(t, viewer_id, album.owner_id), _zone(t, album.owner_id),
                 album.visibility, album.circle_id,  # type: ignore[arg-type]  # AlbumVisibility is a str enum too
                 active=album.status == PostStatus.ACTIVE.value, gated=album.visibility is AlbumVisibility.QUESTION,
                 answered=answered, owner_banned=banned(t, album.owner_id))


def shows_post(t: Tables, post: Post, viewer_id: int | None, rule: Predicate) -> bool:
    return evaluate(rule, post_facts(t, post, viewer_id))


def shows_comment(t: Tables, comment: Comment, viewer_id: int | None, rule: Predicate) -> bool:
    """The rule for the comment, and for its thread head when it is a reply (as storage/posts.py)."""
    def one(c: Comment) -> bool:
        return evaluate(rule, person_facts(t, c.author_id, viewer_id, active=c.status is PostStatus.ACTIVE))

    if not one(comment):
        return False
    if comment.parent_id is None:
        return True
    head = t.comments.get(comment.parent_id)
    return head is not None and one(head)


def shows_person(t: Tables, account_id: int, viewer_id: int | None, rule: Predicate) -> bool:
    """A like's liker or a listed friend: the person is the resource's owner (presence_rule)."""
    return evaluate(rule, person_facts(t, account_id, viewer_id))



def shows_album(t: Tables, album: Album, viewer_id: int | None, rule: Predicate) -> bool:
    return evaluate(rule, album_facts(t, album, viewer_id))


def entry_facts(t: Tables, entry: Entry, viewer_id: int | None) -> Facts:
    """A guestbook entry's facts: its owner is the zone's owner, its author the writer."""
    owner = t.accounts.get(entry.owner_id)
    return Facts(relation(t, viewer_id, entry.owner_id), _zone(t, entry.owner_id),
                 Visibility.PRIVATE if entry.private else Visibility.PUBLIC,
                 active=entry.status is PostStatus.ACTIVE, owner_banned=banned(t, entry.owner_id),
                 is_author=viewer_id is not None and viewer_id == entry.author_id,
                 author_banned=banned(t, entry.author_id),
                 guestbook=owner.guestbook if owner else GuestbookAccess.NOBODY)


def shows_entry(t: Tables, entry: Entry, viewer_id: int | None, rule: Predicate) -> bool:
    return evaluate(rule, entry_facts(t, entry, viewer_id))
