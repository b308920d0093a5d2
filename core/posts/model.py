"""The posts feature's values: pages, audiences, and a post as one viewer sees it.

Post and Comment themselves are in `core.model` (moderation and albums speak of them too).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import N_, _
from core.model import Account, Post, Visibility

PAGE_SIZE = 10
MAX_PAGE = 50
# Who a post is for, in a sentence ("Posted #4 to friends."): the English is the keyword people type.
AUDIENCE_WORDS = {
    Visibility.PUBLIC: N_("public"), Visibility.FRIENDS: N_("friends"), Visibility.CIRCLE: N_("circle"),
    Visibility.PRIVATE: N_("private"),
}


@dataclass(frozen=True)
class Audience:
    visibility: Visibility
    circle_id: int | None = None
    circle_name: str | None = None

    @property
    def words(self) -> str:
        """Where a post went, as a sentence says it: `@family`, or the audience in the reader's language."""
        return f"@{self.circle_name}" if self.circle_name else audience_word(self.visibility)


def audience_word(visibility: Visibility) -> str:
    return _(AUDIENCE_WORDS[visibility])


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
