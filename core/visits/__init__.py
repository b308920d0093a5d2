"""Visitors (访客): who opened a zone, its visit counts, and the cloak that leaves no trace.

Services are imported as modules (`from core.visits import service as visits`): see core/posts.
"""

from core.visits.model import CLOAK, RECENT, RecentVisitor, VisitCounts
from core.visits.ports import VisitRepo

__all__ = ["CLOAK", "RECENT", "RecentVisitor", "VisitCounts", "VisitRepo"]
