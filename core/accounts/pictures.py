"""A face and a cover (`/avatar`, `/cover`): pictures that went through the media pipeline, kept on the account.

The pipeline (core.albums.ports.MediaPipeline) has checked, re-encoded and stripped them before
they get here; this keeps the renditions' keys. Who sees them is who sees the person: a
banned person's face is gone with them (core.social.friends.zone_owner), the web shows it later.
"""

from __future__ import annotations

from core.model import Account
from core.ports import UnitOfWork

AVATAR, COVER = "avatar", "cover"
SHOWN = ("1280.jpg", "320.jpg")
"""Which rendition chat sends, best first (messengers take JPEG everywhere)."""


async def set_picture(uow: UnitOfWork, account: Account, which: str, files: dict[str, str] | None) -> None:
    """Keep (or with None remove) the account's avatar or cover."""
    await uow.accounts.set_picture(account.id, which, files)
    setattr(account, which, files)


def shown_key(files: dict[str, str] | None, prefer_small: bool = False) -> str | None:
    """The content key of the rendition chat shows, if there is a picture."""
    if not files:
        return None
    order = tuple(reversed(SHOWN)) if prefer_small else SHOWN
    return next((files[v] for v in order if v in files), next(iter(files.values()), None))
