"""The posts feature's values: pages, audiences, and a post as one viewer sees it.

Post and Comment themselves are in `core.model` (moderation and albums speak of them too).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.model import Account, Post, Visibility

PAGE_SIZE = 10
MAX_PAGE = 50


@dataclass(frozen=True)
class Audience:
    visibility: Visibility
    circle_id: int | None = None
    circle_name: str | None = None


@dataclass(frozen=True)
class PostView:
    """A post as one viewer may see it: author, counts, whether they liked it, the shared original."""

    post: Post
    author: Account
    liked: bool = False
    shared: PostView | None = None
    shared_missing: bool = False
    circle_name: str | None = None
    """The circle a circle post is for — named to its author only (members see that it is limited)."""
