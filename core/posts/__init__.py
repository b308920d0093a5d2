"""Posts, blog posts, comments, likes and reshares (services in `core.posts.service`, `core.posts.comments`).

This face exports the feature's vocabulary: its values, ports and events. Its services are
imported as modules (`from core.posts import service as posts`): every service takes the
unit of work, and `core.ports.UnitOfWork` names every feature's repository, so a face that
imported services would close an import cycle through `core.ports`.
"""

from core.posts.events import (
    CommentAdded, CommentApproved, CommentAwaitsApproval, PhotoLiked, PostCreated, PostLiked, PostShared,
)
from core.posts.model import MAX_PAGE, PAGE_SIZE, Audience, PostView
from core.posts.ports import BodyRenderer, PostRepo

__all__ = [
    "MAX_PAGE", "PAGE_SIZE", "Audience", "BodyRenderer", "CommentAdded", "CommentApproved", "CommentAwaitsApproval",
    "PhotoLiked",
    "PostCreated",
    "PostLiked", "PostRepo", "PostShared", "PostView",
]
