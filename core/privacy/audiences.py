"""Comparing audiences: what a setting or a share would reach."""

from __future__ import annotations

from core.model import Visibility, ZoneVisibility


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
