"""What a comment is on — a post, or a photo in an album — as far as a viewer may see or touch it.

A comment names exactly one subject (`post_id` or `photo_id`). Whatever reaches a comment by its
number — replies, deletion, reports, notifications — asks here for its subject, so a photo's
comments go through the same code as a post's. Who sees a photo is its album's rule
(core.privacy.album_rule), who touches it photo_interact_rule; a photo carried by a post is part
of that post (liked and commented on there) and is never a subject of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from core import privacy
from core.i18n import _
from core.model import Comment, Photo, Post
from core.ports import UnitOfWork
from core.privacy import Predicate, Viewer


@dataclass(frozen=True)
class Subject:
    """A post or an album photo; its owner (the post's author, the photo's owner) may remove any comment on it."""

    owner_id: int
    post: Post | None = None
    photo: Photo | None = None

    @property
    def ref(self) -> str:
        """As chat names it: `#42` or `p12`."""
        return f"p{self.photo.id}" if self.photo is not None else f"#{self.post.id if self.post else 0}"


def no_photo(photo_id: int) -> str:
    """The one answer for a photo that doesn't exist or that the asker may not see."""
    return _("There is no photo p{id} that you can see.").format(id=photo_id)


async def album_photo(uow: UnitOfWork, viewer: Viewer, photo_id: int, rule: Predicate) -> Photo | None:
    """The photo if it is in an album that `rule` (album_rule, photo_interact_rule) shows the viewer."""
    photo = await uow.albums.get_photo(photo_id)
    if photo is None or photo.album_id is None:
        return None
    if await uow.albums.get_visible(photo.album_id, viewer.account_id, rule) is None:
        return None
    return photo


async def subject_of(uow: UnitOfWork, viewer: Viewer, comment: Comment, *, touch: bool = False) -> Subject | None:
    """What `comment` is on, if the viewer may see it (`touch`: also comment on or like it); else None."""
    if comment.photo_id is not None:
        rule = privacy.photo_interact_rule(viewer) if touch else privacy.album_rule(viewer)
        photo = await album_photo(uow, viewer, comment.photo_id, rule)
        return Subject(photo.owner_id, photo=photo) if photo is not None else None
    if comment.post_id is None:
        return None
    post_rule = privacy.interact_rule(viewer) if touch else privacy.content_rule(viewer)
    post = await uow.posts.get_visible(comment.post_id, viewer.account_id, post_rule)
    return Subject(post.author_id, post=post) if post is not None else None
