"""What the posts feature needs from storage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from core.model import Account, Comment, Post, PostKind
from core.privacy import Predicate

BodyRenderer = Callable[[str], str]
"""A post's Markdown body → the HTML every reader is shown (safe to show as it is). The composition root
hands the web's own sanitizing renderer (adapters.web.markdown.for_storage: render's HTML stamped with the
version of its rules), so what is stored is what the web would render. It sees the text alone: the HTML is the post version's, never a viewer's."""


@runtime_checkable
class VersionedRenderer(Protocol):
    """A BodyRenderer whose HTML begins with the version of its rules, `made_with`: stored HTML that doesn't
    was made before it (or before there was one) and is rendered again (core.posts.service.rerender)."""

    made_with: str

    def __call__(self, body: str) -> str: ...


class PostRepo(Protocol):
    async def add(self, post: Post) -> Post: ...
    async def get(self, post_id: int) -> Post | None: ...
    async def get_visible(self, post_id: int, viewer_id: int | None, rule: Predicate) -> Post | None: ...
    async def save(self, post: Post) -> None: ...
    async def delete(self, post_id: int) -> None: ...
    async def by_author(
        self, author_id: int, viewer_id: int | None, rule: Predicate, *,
        before: int | None, limit: int, kind: PostKind | None = None,
    ) -> list[Post]: ...
    async def listing(
        self, author_id: int, viewer_id: int | None, rule: Predicate, comment_rule: Predicate, like_rule: Predicate,
        *, before: int | None, limit: int, kind: PostKind | None = None,
    ) -> list[tuple[Post, bool]]:
        """by_author in one statement with what a page shows of each post: its like and comment counts
        under the rules (as visible_counts) and whether the viewer liked it (as liked_by)."""
        ...
    async def listed(
        self, post_ids: list[int], viewer_id: int | None, rule: Predicate, comment_rule: Predicate,
        like_rule: Predicate,
    ) -> dict[int, tuple[Post, bool]]:
        """Those of `post_ids` that `rule` shows (as get_visible), in one statement, with what `listing`
        reads of each besides: its counts, and whether the viewer liked it."""
        ...
    async def feed(self, viewer_id: int, rule: Predicate, *, before: int | None, limit: int) -> list[Post]: ...
    async def feed_listing(
        self, viewer_id: int, rule: Predicate, comment_rule: Predicate, like_rule: Predicate, *,
        before: int | None, limit: int,
    ) -> list[tuple[Post, bool, Account]]:
        """`feed` in one statement with what a list shows of each post: its counts and the viewer's like (as
        `listing`), and its author."""
        ...
    async def fan_out(self, post: Post) -> None:
        """Put a new post into its author's and the author's friends' feeds."""
        ...
    async def publish(self, post: Post) -> Post:
        """`add` then `fan_out`, in one statement where the database can."""
        ...
    async def unrendered(self, made_with: str, first_id: int, last_id: int, limit: int) -> list[tuple[int, str]]:
        """(id, body) of the first `limit` posts numbered first_id to last_id whose stored HTML is missing or
        doesn't begin with `made_with` (VersionedRenderer), lowest first."""
        ...
    async def store_html(self, post_id: int, body: str, html: str) -> bool:
        """Store `html` as the post's HTML if its body is still `body`, in one statement: an edit since
        then stored its own. Whether it was stored."""
        ...
    async def last_id(self) -> int:
        """The highest post number there is (0: none)."""
        ...
    async def backfill_feed(self, owner_id: int, author_id: int, limit: int) -> None: ...
    async def drop_from_feed(self, owner_id: int, author_id: int) -> None: ...
    async def get_comment(self, comment_id: int) -> Comment | None: ...
    async def comments(self, post_id: int, viewer_id: int | None, rule: Predicate, limit: int = 200) -> list[Comment]:
        """A post's comments that `rule` shows to the viewer (a reply only under a shown head), oldest first."""
        ...
    async def photo_comments(self, photo_id: int, viewer_id: int | None, rule: Predicate,
                             limit: int = 200) -> list[Comment]:
        """A photo's comments that `rule` shows to the viewer (a reply only under a shown head), oldest first."""
        ...
    async def get_comment_visible(self, comment_id: int, viewer_id: int | None, rule: Predicate) -> Comment | None: ...
    async def add_comment(self, comment: Comment) -> Comment:
        """Store a comment on its post (counted in the post's tally) or on its photo."""
        ...
    async def add_comment_shown(self, comment: Comment, rule: Predicate) -> tuple[Comment, Post] | None:
        """A comment (on a post, not a reply) stored only if `rule` shows its author the post, in one statement
        (counted in the post's tally); the stored comment and the post. None, nothing stored, when hidden."""
        ...
    async def delete_comment(self, comment: Comment) -> list[int]:
        """Delete a comment and its replies; returns the ids deleted."""
        ...
    async def set_comment_status(self, comment_id: int, status: str) -> None: ...
    async def visible_counts(
        self, post_ids: list[int], viewer_id: int | None, comment_rule: Predicate, like_rule: Predicate,
    ) -> dict[int, tuple[int, int]]:
        """(likes, comments) per post, counting only what the rules show the viewer."""
        ...
    async def like(self, post_id: int, account_id: int) -> bool: ...
    async def like_shown(
        self, post_id: int, viewer_id: int, rule: Predicate, comment_rule: Predicate, like_rule: Predicate,
    ) -> tuple[Post, Account, bool] | None:
        """The viewer's like of a post `rule` shows them, checked and stored in one statement; then the post
        as `listed` reads it (counted under the rules), its author, and whether the like is new. None
        (nothing stored) when `rule` hides the post."""
        ...
    async def unlike(self, post_id: int, account_id: int) -> bool: ...
    async def liked_by(self, post_ids: list[int], account_id: int) -> set[int]: ...
    async def likers(self, post_id: int, viewer_id: int | None, rule: Predicate, limit: int) -> tuple[list[int], int]:
        """Up to `limit` people who liked the post whom `rule` (privacy.liker_rule) shows, by id; and how many it shows."""
        ...
    async def count_by_author(self, author_id: int, viewer_id: int | None, rule: Predicate) -> int: ...
