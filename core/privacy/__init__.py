"""The one place that decides who sees what.

Rules are built as small predicate trees over a *resource* (a post, later an album) that has an
owner, a visibility, an optional circle and a moderation status. Storage compiles the same tree
into SQL so listings filter in the query; `evaluate` checks a single loaded resource in Python.
Both read the rule from here, so they cannot drift apart.
"""

from core.privacy.audiences import within, zone_caps
from core.privacy.facts import (
    ANONYMOUS, And, AnsweredGate, AuthorInGoodStanding, BlockedByOwner, Facts, GuestbookOpenTo,
    InResourceCircle, IsActive, IsAuthor, IsFriend, IsGated, IsOwner, Never, Not, Or, OwnerInGoodStanding,
    OwnerSuggestable, Predicate, RequestPending, Viewer, ViewerBlocksOwner, VisibilityIs, ZoneIs, all_of,
    any_of, evaluate,
)
from core.privacy.rules import (
    album_listing_rule, album_rule, comment_rule, content_rule, decides_pending, face_rule, finding_rule,
    guestbook_rule, interact_rule, liker_rule, photo_interact_rule, presence_rule, present, sign_rule,
    suggestion_rule, visitor_rule, zone_rule,
)

__all__ = [
    "ANONYMOUS", "And", "AnsweredGate", "AuthorInGoodStanding", "BlockedByOwner", "Facts",
    "GuestbookOpenTo", "InResourceCircle", "IsActive", "IsAuthor", "IsFriend", "IsGated", "IsOwner",
    "Never", "Not", "Or", "OwnerInGoodStanding", "OwnerSuggestable", "Predicate", "RequestPending",
    "Viewer", "ViewerBlocksOwner", "VisibilityIs", "ZoneIs", "album_listing_rule", "album_rule", "all_of",
    "any_of", "comment_rule", "content_rule", "decides_pending", "evaluate", "face_rule", "finding_rule",
    "guestbook_rule", "interact_rule", "liker_rule", "photo_interact_rule", "presence_rule", "present", "sign_rule",
    "suggestion_rule", "visitor_rule", "within", "zone_caps", "zone_rule",
]
