"""Album and photo rows → core dataclasses, and an album → its row's values."""

from __future__ import annotations

from typing import Any

from core.albums.model import Album, AlbumVisibility, Photo
from storage.albums.tables import AlbumRow, PhotoRow


# The order `album_at` and `photo_at` read; statements select these, so the order is theirs by construction.
ALBUM_COLUMNS = (
    AlbumRow.id, AlbumRow.owner_id, AlbumRow.title, AlbumRow.slug, AlbumRow.description, AlbumRow.visibility,
    AlbumRow.circle_id, AlbumRow.question, AlbumRow.answer_hash, AlbumRow.cover_photo_id, AlbumRow.photo_count,
    AlbumRow.status, AlbumRow.created_at, AlbumRow.updated_at,
)
ALBUM_WIDTH = len(ALBUM_COLUMNS)
PHOTO_COLUMNS = (
    PhotoRow.id, PhotoRow.owner_id, PhotoRow.album_id, PhotoRow.post_id, PhotoRow.position, PhotoRow.caption,
    PhotoRow.alt, PhotoRow.width, PhotoRow.height, PhotoRow.placeholder, PhotoRow.files, PhotoRow.original_key,
    PhotoRow.created_at, PhotoRow.like_count,
)
_VISIBILITY = {v.value: v for v in AlbumVisibility}


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


def album_at(r: Any, at: int) -> Album:
    """The album in `r[at:at + ALBUM_WIDTH]` (ALBUM_COLUMNS), as `album` reads a row."""
    return Album(
        id=r[at], owner_id=r[at + 1], title=r[at + 2], slug=r[at + 3], description=r[at + 4],
        visibility=_VISIBILITY[r[at + 5]], circle_id=r[at + 6], question=r[at + 7], answer_hash=r[at + 8],
        cover_photo_id=r[at + 9], photo_count=r[at + 10], status=r[at + 11], created_at=r[at + 12],
        updated_at=r[at + 13],
    )


def photo_at(r: Any, at: int) -> Photo:
    """The photo in `r[at:]` (PHOTO_COLUMNS), as `photo` reads a row."""
    return Photo(
        id=r[at], owner_id=r[at + 1], album_id=r[at + 2], position=r[at + 4], width=r[at + 7], height=r[at + 8],
        placeholder=r[at + 9], files=dict(r[at + 10]), caption=r[at + 5], alt=r[at + 6], post_id=r[at + 3],
        original_key=r[at + 11], created_at=r[at + 12], like_count=r[at + 13],
    )


def album_values(a: Album) -> dict[str, object]:
    return {
        "owner_id": a.owner_id, "title": a.title, "slug": a.slug, "description": a.description,
        "visibility": a.visibility.value, "circle_id": a.circle_id, "question": a.question,
        "answer_hash": a.answer_hash, "cover_photo_id": a.cover_photo_id, "photo_count": a.photo_count,
        "status": a.status, "created_at": a.created_at, "updated_at": a.updated_at,
    }
