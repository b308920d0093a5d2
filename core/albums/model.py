"""Album and photo values: plain dataclasses and their input rules.

Photo itself is in `core.model` (comments and likes on photos are the posts feature's too); it is
re-exported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from core.errors import Invalid
from core.i18n import _
from core.model import Photo as Photo, Visibility  # Photo re-exported: the album feature speaks of it
from core.text import clean

MAX_ALBUM_TITLE = 64
MAX_ALBUM_DESCRIPTION = 500
MAX_CAPTION = 500
MAX_ALT = 300
MAX_QUESTION = 200
MAX_ANSWER = 100
MAX_PHOTOS = 2_000
_SLUG_RE = re.compile(r"[^\w]+")


class AlbumVisibility(StrEnum):
    """A post's audiences, plus QUESTION: only those who answered the owner's question."""

    PUBLIC = "public"
    FRIENDS = "friends"
    CIRCLE = "circle"
    PRIVATE = "private"
    QUESTION = "question"

    @property
    def base(self) -> Visibility:
        """The post-like audience: a question-gated album is private except through its gate."""
        return Visibility.PRIVATE if self is AlbumVisibility.QUESTION else Visibility(self.value)


@dataclass
class Album:
    id: int
    owner_id: int
    title: str
    slug: str
    description: str = ""
    visibility: AlbumVisibility = AlbumVisibility.FRIENDS
    circle_id: int | None = None
    question: str = ""
    answer_hash: str = field(default="", repr=False)
    cover_photo_id: int | None = None
    photo_count: int = 0
    status: str = "active"
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def gated(self) -> bool:
        return self.visibility is AlbumVisibility.QUESTION


def slugify(title: str) -> str:
    """`Summer Trip 2026` → `summer-trip-2026`: how a caption `#summer-trip-2026` names an album."""
    return _SLUG_RE.sub("-", title.casefold()).strip("-_")


def validate_title(title: str) -> str:
    title = clean(title, multiline=False)
    if not title:
        raise Invalid(_("Give the album a title, e.g. /album new Summer trip"))
    if len(title) > MAX_ALBUM_TITLE:
        raise Invalid(_("An album title is at most {max} characters; that one is {n}.").format(
            max=MAX_ALBUM_TITLE, n=len(title)))
    if not slugify(title):
        raise Invalid(_("An album title needs at least one letter or digit."))
    if title.startswith(("#", "@")) or title.isdigit():
        raise Invalid(_("An album title can't start with # or @, or be only a number."))
    return title


def normalize_answer(answer: str) -> str:
    """Answers compare without case and extra spaces: `  Rome ` = `rome`."""
    return " ".join(clean(answer, multiline=False).casefold().split())
