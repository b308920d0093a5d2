"""Album and photo rows → core dataclasses, and an album → its row's values."""

from __future__ import annotations

from typing import Any

from core.albums.model import Album, AlbumVisibility, Photo
from storage.albums.tables import AlbumRow, PhotoRow


def album(row: AlbumRow) -> Album:
    return Album(
        id=row.id, owner_id=row.owner_id, title=row.title, slug=row.slug, description=row.description,
        visibility=AlbumVisibility(row.visibility), circle_id=row.circle_id, question=row.question,
        answer_hash=row.answer_hash, cover_photo_id=row.cover_photo_id, photo_count=row.photo_count,
        status=row.status, created_at=row.created_at, updated_at=row.updated_at,
    )


def photo(row: PhotoRow) -> Photo:
    return Photo(
        id=row.id, owner_id=row.owner_id, album_id=row.album_id, position=row.position, width=row.width,
        height=row.height, placeholder=row.placeholder, files=dict(row.files), caption=row.caption, alt=row.alt,
        post_id=row.post_id, original_key=row.original_key, created_at=row.created_at, like_count=row.like_count,
    )


class Labelled:
    """A row's photo columns, labelled `photo_<name>` beside another table's, under their own names."""

    __slots__ = ("row",)

    def __init__(self, row: Any) -> None:
        self.row = row

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, "photo_" + name)


def labelled_photo(row: Any) -> Photo | None:
    """The photo in a row that carries PhotoRow's columns labelled `photo_<name>` (None: a LEFT JOIN found none)."""
    return None if row.photo_id is None else photo(Labelled(row))  # type: ignore[arg-type]


def album_values(a: Album) -> dict[str, object]:
    return {
        "owner_id": a.owner_id, "title": a.title, "slug": a.slug, "description": a.description,
        "visibility": a.visibility.value, "circle_id": a.circle_id, "question": a.question,
        "answer_hash": a.answer_hash, "cover_photo_id": a.cover_photo_id, "photo_count": a.photo_count,
        "status": a.status, "created_at": a.created_at, "updated_at": a.updated_at,
    }
