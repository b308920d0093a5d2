"""Friends, blocks and circles (services in `core.social.friends`, `core.social.circles`).

This face exports the feature's vocabulary: its values, ports and events. Its services are
imported as modules (`from core.posts import service as posts`): every service takes the
unit of work, and `core.ports.UnitOfWork` names every feature's repository, so a face that
imported services would close an import cycle through `core.ports`.
"""

from core.social.events import FriendAccepted, FriendRequested

__all__ = [
    "FriendAccepted", "FriendRequested",
]
