"""Albums, photos and gate answers in memory (storage/albums.py's semantics)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.albums.model import Album, Photo
from core.privacy import Predicate
from tests.fakes import seeing
from tests.fakes.tables import Store, Tables, as_json, clash


def _photo(p: Photo) -> Photo:
    return replace(p, files=dict(p.files))


def _slug_taken(t: Tables, album: Album) -> bool:
    return any(a.owner_id == album.owner_id and a.slug == album.slug and a.id != album.id for a in t.albums.values())


def _tally(t: Tables, photo_id: int, delta: int) -> None:
    if (p := t.photos.get(photo_id)) is not None:
        t.photos[photo_id] = replace(p, like_count=p.like_count + delta)


def _ordered(photos: list[Photo]) -> list[Photo]:
    return sorted(photos, key=lambda p: (p.position, p.id))


class MemoryAlbumRepo:
    def __init__(self, uow: Store) -> None:
        self.uow = uow

    async def media_keys(self) -> set[str]:
        keys: set[str] = set()
        for p in self.uow.read.photos.values():
            keys.update(p.files.values())
            if p.original_key:
                keys.add(p.original_key)
        for a in self.uow.read.accounts.values():  # avatars and covers are stored media too
            for files in (a.avatar, a.cover):
                keys.update((files or {}).values())
        return keys

    async def add(self, album: Album) -> Album:
        t = await self.uow.write()
        stored = replace(album, id=t.next_id("albums"))
        if _slug_taken(t, stored):
            raise clash()  # unique (owner_id, slug)
        t.albums[stored.id] = stored
        return replace(stored)

    async def get(self, album_id: int) -> Album | None:
        found = self.uow.read.albums.get(album_id)
        return replace(found) if found else None

    async def get_visible(self, album_id: int, viewer_id: int | None, rule: Predicate) -> Album | None:
        t = self.uow.read
        found = t.albums.get(album_id)
        if found is None or found.owner_id not in t.accounts or not seeing.shows_album(t, found, viewer_id, rule):
            return None
        return replace(found)

    async def by_owner(self, owner_id: int, viewer_id: int | None, rule: Predicate) -> list[Album]:
        t = self.uow.read
        mine = sorted((a for a in t.albums.values() if a.owner_id == owner_id), key=lambda a: -a.id)
        return [replace(a) for a in mine if owner_id in t.accounts and seeing.shows_album(t, a, viewer_id, rule)]

    async def by_slug(self, owner_id: int, slug: str) -> Album | None:
        found = next((a for a in self.uow.read.albums.values() if a.owner_id == owner_id and a.slug == slug), None)
        return replace(found) if found else None

    async def save(self, album: Album) -> None:
        t = await self.uow.write()
        if (old := t.albums.get(album.id)) is None:
            return
        new = replace(album, owner_id=old.owner_id, created_at=old.created_at)
        if _slug_taken(t, new):
            raise clash()
        t.albums[album.id] = new

    async def delete(self, album_id: int) -> None:
        (await self.uow.write()).delete_album(album_id)

    async def add_photo(self, photo: Photo) -> Photo:
        t = await self.uow.write()
        stored = replace(photo, id=t.next_id("photos"), files=as_json(photo.files), like_count=0)
        t.photos[stored.id] = stored
        return replace(photo, id=stored.id)

    async def get_photo(self, photo_id: int) -> Photo | None:
        found = self.uow.read.photos.get(photo_id)
        return _photo(found) if found else None

    async def save_photo(self, photo: Photo) -> None:
        t = await self.uow.write()
        if (old := t.photos.get(photo.id)) is not None:
            t.photos[photo.id] = replace(old, album_id=photo.album_id, position=photo.position, caption=photo.caption,
                                         alt=photo.alt)

    async def delete_photo(self, photo_id: int) -> None:
        (await self.uow.write()).delete_photos([photo_id])

    async def page(self, album_id: int, viewer_id: int | None, listing_rule: Predicate, rule: Predicate,
                   limit: int = 500) -> tuple[Album, bool, list[Photo]] | None:
        album = await self.get_visible(album_id, viewer_id, listing_rule)
        if album is None:
            return None
        opened = await self.get_visible(album_id, viewer_id, rule) is not None
        return album, opened, await self.photos(album_id, limit) if opened else []

    async def photos(self, album_id: int, limit: int = 500) -> list[Photo]:
        mine = [p for p in self.uow.read.photos.values() if p.album_id == album_id]
        return [_photo(p) for p in _ordered(mine)[:limit]]

    async def post_photos(self, post_ids: list[int]) -> dict[int, list[Photo]]:
        out: dict[int, list[Photo]] = {}
        wanted = set(post_ids)
        for p in _ordered([p for p in self.uow.read.photos.values() if p.post_id in wanted]):
            out.setdefault(p.post_id or 0, []).append(_photo(p))
        return out

    async def next_position(self, album_id: int) -> int:
        return max((p.position for p in self.uow.read.photos.values() if p.album_id == album_id), default=0) + 1

    async def recount(self, album_id: int) -> None:
        t = await self.uow.write()
        if (album := t.albums.get(album_id)) is None:
            return
        mine = _ordered([p for p in t.photos.values() if p.album_id == album_id])
        cover = album.cover_photo_id
        if not any(p.id == cover for p in mine):
            cover = mine[0].id if mine else None
        t.albums[album_id] = replace(album, photo_count=len(mine), cover_photo_id=cover)

    async def like_photo(self, photo_id: int, account_id: int) -> bool:
        t = await self.uow.write()
        if (photo_id, account_id) in t.photo_likes:
            return False  # liked before: likes are idempotent
        if photo_id not in t.photos or account_id not in t.accounts:
            raise clash()  # the foreign keys refuse it, as the database does
        t.photo_likes.add((photo_id, account_id))
        _tally(t, photo_id, 1)
        return True

    async def unlike_photo(self, photo_id: int, account_id: int) -> bool:
        t = await self.uow.write()
        if (photo_id, account_id) not in t.photo_likes:
            return False
        t.photo_likes.discard((photo_id, account_id))
        _tally(t, photo_id, -1)
        return True

    async def photo_liked_by(self, photo_ids: list[int], account_id: int) -> set[int]:
        likes = self.uow.read.photo_likes
        return {p for p in photo_ids if (p, account_id) in likes}

    async def photo_likers(self, photo_id: int, viewer_id: int | None, rule: Predicate,
                           limit: int) -> tuple[list[int], int]:
        t = self.uow.read
        shown = sorted(a for p, a in t.photo_likes if p == photo_id and seeing.shows_person(t, a, viewer_id, rule))
        return shown[:limit], len(shown)

    async def photo_counts(self, photo_ids: list[int], viewer_id: int | None, comment_rule: Predicate,
                           like_rule: Predicate) -> dict[int, tuple[int, int]]:
        t = self.uow.read
        out: dict[int, tuple[int, int]] = {}
        for photo_id in (i for i in photo_ids if i in t.photos):
            likes = sum(1 for p, a in t.photo_likes if p == photo_id and seeing.shows_person(t, a, viewer_id, like_rule))
            comments = sum(1 for c in t.comments.values()
                           if c.photo_id == photo_id and seeing.shows_comment(t, c, viewer_id, comment_rule))
            out[photo_id] = (likes, comments)
        return out

    async def mark_answered(self, album_id: int, viewer_id: int, at: datetime) -> None:
        (await self.uow.write()).answers.setdefault((album_id, viewer_id), at)

    async def has_answered(self, album_id: int, viewer_id: int) -> bool:
        return (album_id, viewer_id) in self.uow.read.answers

    async def forget_answers(self, album_id: int) -> None:
        t = await self.uow.write()
        t.answers = {k: v for k, v in t.answers.items() if k[0] != album_id}
