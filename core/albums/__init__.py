"""Photo albums, their question gates and photos (services in `core.albums.service`, `.gate`, `.photos`).

This face exports the feature's vocabulary: its values, ports and events. Its services are
imported as modules (`from core.posts import service as posts`): every service takes the
unit of work, and `core.ports.UnitOfWork` names every feature's repository, so a face that
imported services would close an import cycle through `core.ports`.
"""

from core.albums.model import (
    MAX_ALBUM_DESCRIPTION, MAX_ALBUM_TITLE, MAX_ALT, MAX_ANSWER, MAX_CAPTION, MAX_PHOTOS, MAX_QUESTION, Album,
    AlbumVisibility, Photo, normalize_answer, slugify, validate_title,
)
from core.albums.ports import AlbumRepo, MediaPipeline, ProcessedImage

__all__ = [
    "MAX_ALBUM_DESCRIPTION", "MAX_ALBUM_TITLE", "MAX_ALT", "MAX_ANSWER", "MAX_CAPTION", "MAX_PHOTOS",
    "MAX_QUESTION", "Album", "AlbumRepo", "AlbumVisibility", "MediaPipeline", "Photo", "ProcessedImage",
    "normalize_answer", "slugify", "validate_title",
]
