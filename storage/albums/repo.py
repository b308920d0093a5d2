"""Albums, photos and gate answers on SQLAlchemy; album listings filter by privacy in the query."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from functools import lru_cache

from typing import Any

from sqlalchemy import Select, and_, bindparam, delete, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.albums.model import Album, Photo
from core.privacy import Predicate
from storage.accounts.tables import AccountRow
from storage.albums import convert
from storage.albums.tables import AlbumAnswerRow, AlbumRow, PhotoLikeRow, PhotoRow
from storage.dialect import built, insert_for, insert_ignore, run
from storage.errors import repository
from storage.posts.statements import comment_shown
from storage.posts.tables import CommentRow
from storage.prepared import Prepared, fetch
from storage.privacy_sql import VIEWER, Columns, compile_rule

ALBUM_COLUMNS = Columns(
    owner=AlbumRow.owner_id, visibility=AlbumRow.visibility, circle=AlbumRow.circle_id,
    status=AlbumRow.status, zone=AccountRow.zone_visibility,
    answered=exists(select(1).where(AlbumAnswerRow.album_id == AlbumRow.id, AlbumAnswerRow.viewer_id == VIEWER)),
)


# Like posts: statements depend only on the rule's shape, so each is built once per process.
@lru_cache(maxsize=128)
def _visible(rule: Predicate, anonymous: bool) -> Select[tuple[AlbumRow]]:
    return (
        select(AlbumRow).join(AccountRow, AccountRow.id == AlbumRow.owner_id)
        .where(compile_rule(rule, None if anonymous else 0, ALBUM_COLUMNS))
        # Counts and covers change through UPDATE statements: never hand back a stale cached row.
        .execution_options(populate_existing=True)
    )


@lru_cache(maxsize=128)
def _one(rule: Predicate, anonymous: bool) -> Select[tuple[AlbumRow]]:
    return _visible(rule, anonymous).where(AlbumRow.id == bindparam("album_id"))


# A photo like's owner is the liker (privacy.presence_rule counts, privacy.liker_rule lists).
PHOTO_LIKE_COLUMNS = Columns(owner=PhotoLikeRow.account_id)
_COUNT_LIKE = (update(PhotoRow).where(PhotoRow.id == bindparam("photo_id"))
               .values(like_count=PhotoRow.like_count + bindparam("delta")))
_UNLIKE = delete(PhotoLikeRow).where(PhotoLikeRow.photo_id == bindparam("photo_id"),
                                     PhotoLikeRow.account_id == bindparam("account_id"))


def _like(dialect: str) -> Any:
    return insert_for(dialect, PhotoLikeRow).values(
        photo_id=bindparam("photo_id"), account_id=bindparam("account_id"),
    ).on_conflict_do_nothing()


@lru_cache(maxsize=64)
def _counts(comment_rule: Predicate, like_rule: Predicate, anonymous: bool) -> Select[Any]:
    viewer = None if anonymous else 0
    likes = (select(func.count()).select_from(PhotoLikeRow)
             .where(PhotoLikeRow.photo_id == PhotoRow.id, compile_rule(like_rule, viewer, PHOTO_LIKE_COLUMNS))
             .scalar_subquery())
    comments = (select(func.count()).select_from(CommentRow)
                .where(CommentRow.photo_id == PhotoRow.id, comment_shown(comment_rule, anonymous)).scalar_subquery())
    return select(PhotoRow.id, likes, comments).where(PhotoRow.id.in_(bindparam("photo_ids", expanding=True)))


@lru_cache(maxsize=64)
def _page(listing_rule: Predicate, rule: Predicate, anonymous: bool) -> Prepared:
    """The album `listing_rule` shows, whether `rule` opens it, and then its photos (joined only when it
    does, so a locked album's photos are never read): an album page in one statement."""
    viewer = None if anonymous else 0
    opened = compile_rule(rule, viewer, ALBUM_COLUMNS)
    return Prepared(
        select(*convert.ALBUM_COLUMNS, opened.label("opened"),
               *(c.label(f"photo_{c.key}") for c in convert.PHOTO_COLUMNS))
        .join(AccountRow, AccountRow.id == AlbumRow.owner_id)
        .outerjoin(PhotoRow, and_(PhotoRow.album_id == AlbumRow.id, opened))
        .where(AlbumRow.id == bindparam("album_id"), compile_rule(listing_rule, viewer, ALBUM_COLUMNS))
        .order_by(PhotoRow.position, PhotoRow.id).limit(bindparam("limit")),
        reads=True,
    )


_PHOTO = convert.ALBUM_WIDTH + 1  # a _page row: the album, whether it is opened, then a photo


@lru_cache(maxsize=128)
def _by_owner(rule: Predicate, anonymous: bool) -> Select[tuple[AlbumRow]]:
    return _visible(rule, anonymous).where(AlbumRow.owner_id == bindparam("owner_id")).order_by(AlbumRow.id.desc())


@repository
class SqlAlbumRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def media_keys(self) -> set[str]:
        keys: set[str] = set()
        for files, original in await self.s.execute(select(PhotoRow.files, PhotoRow.original_key)):
            keys.update(files.values())
            if original:
                keys.add(original)
        for avatar, cover in await self.s.execute(select(AccountRow.avatar, AccountRow.cover)):
            for files in (avatar, cover):
                keys.update((files or {}).values())
        return keys

    async def add(self, album: Album) -> Album:
        album_id = await self.s.scalar(insert(AlbumRow).values(**convert.album_values(album)).returning(AlbumRow.id))
        assert album_id is not None
        return dataclasses.replace(album, id=album_id)

    async def get(self, album_id: int) -> Album | None:
        row = await self.s.scalar(select(AlbumRow).where(AlbumRow.id == album_id).execution_options(populate_existing=True))
        return convert.album(row) if row else None

    async def get_visible(self, album_id: int, viewer_id: int | None, rule: Predicate) -> Album | None:
        row = await self.s.scalar(_one(rule, viewer_id is None), {"viewer_id": viewer_id, "album_id": album_id})
        return convert.album(row) if row else None

    async def page(self, album_id: int, viewer_id: int | None, listing_rule: Predicate, rule: Predicate,
                   limit: int = 500) -> tuple[Album, bool, list[Photo]] | None:
        params = {"viewer_id": viewer_id, "album_id": album_id, "limit": limit}
        rows = await fetch(self.s, _page(listing_rule, rule, viewer_id is None), params)
        if not rows:
            return None
        at = _PHOTO  # where each row's photo starts (None: a LEFT JOIN found none)
        photos = [convert.photo_at(r, at) for r in rows if r[at] is not None]
        return convert.album_at(rows[0], 0), bool(rows[0][at - 1]), photos

    async def by_owner(self, owner_id: int, viewer_id: int | None, rule: Predicate) -> list[Album]:
        rows = await self.s.scalars(_by_owner(rule, viewer_id is None), {"viewer_id": viewer_id, "owner_id": owner_id})
        return [convert.album(r) for r in rows]

    async def by_slug(self, owner_id: int, slug: str) -> Album | None:
        row = await self.s.scalar(select(AlbumRow).where(AlbumRow.owner_id == owner_id, AlbumRow.slug == slug))
        return convert.album(row) if row else None

    async def save(self, album: Album) -> None:
        values = convert.album_values(album)
        del values["owner_id"], values["created_at"]
        await self.s.execute(update(AlbumRow).where(AlbumRow.id == album.id).values(**values))

    async def delete(self, album_id: int) -> None:
        await self.s.execute(delete(PhotoRow).where(PhotoRow.album_id == album_id))
        await self.s.execute(delete(AlbumRow).where(AlbumRow.id == album_id))

    async def add_photo(self, photo: Photo) -> Photo:
        photo_id = await self.s.scalar(insert(PhotoRow).values(
            owner_id=photo.owner_id, album_id=photo.album_id, post_id=photo.post_id, position=photo.position,
            caption=photo.caption, alt=photo.alt, width=photo.width, height=photo.height,
            placeholder=photo.placeholder, files=photo.files, original_key=photo.original_key,
            created_at=photo.created_at,
        ).returning(PhotoRow.id))
        assert photo_id is not None
        return dataclasses.replace(photo, id=photo_id)

    async def get_photo(self, photo_id: int) -> Photo | None:
        # Like tallies change through UPDATE statements: never a stale cached row.
        row = await self.s.scalar(select(PhotoRow).where(PhotoRow.id == photo_id)
                                  .execution_options(populate_existing=True))
        return convert.photo(row) if row else None

    async def save_photo(self, photo: Photo) -> None:
        await self.s.execute(update(PhotoRow).where(PhotoRow.id == photo.id).values(
            album_id=photo.album_id, position=photo.position, caption=photo.caption, alt=photo.alt,
        ))

    async def delete_photo(self, photo_id: int) -> None:
        await self.s.execute(delete(PhotoRow).where(PhotoRow.id == photo_id))

    async def photos(self, album_id: int, limit: int = 500) -> list[Photo]:
        rows = await self.s.scalars(
            select(PhotoRow).where(PhotoRow.album_id == album_id).order_by(PhotoRow.position, PhotoRow.id).limit(limit)
        )
        return [convert.photo(r) for r in rows]

    async def post_photos(self, post_ids: list[int]) -> dict[int, list[Photo]]:
        if not post_ids:
            return {}
        rows = await self.s.scalars(
            select(PhotoRow).where(PhotoRow.post_id.in_(post_ids)).order_by(PhotoRow.position, PhotoRow.id)
        )
        out: dict[int, list[Photo]] = {}
        for r in rows:
            out.setdefault(r.post_id or 0, []).append(convert.photo(r))
        return out

    async def next_position(self, album_id: int) -> int:
        top = await self.s.scalar(select(func.max(PhotoRow.position)).where(PhotoRow.album_id == album_id))
        return int(top or 0) + 1

    async def recount(self, album_id: int) -> None:
        count = select(func.count()).where(PhotoRow.album_id == album_id).scalar_subquery()
        first = (select(PhotoRow.id).where(PhotoRow.album_id == album_id)
                 .order_by(PhotoRow.position, PhotoRow.id).limit(1).scalar_subquery())
        cover_ok = exists(select(1).where(PhotoRow.id == AlbumRow.cover_photo_id, PhotoRow.album_id == album_id))
        await self.s.execute(update(AlbumRow).where(AlbumRow.id == album_id).values(photo_count=count))
        await self.s.execute(update(AlbumRow).where(AlbumRow.id == album_id, ~cover_ok).values(cover_photo_id=first))

    async def like_photo(self, photo_id: int, account_id: int) -> bool:
        params = {"photo_id": photo_id, "account_id": account_id}
        if (await run(self.s, built(self.s, "photo_like", _like), params)).rowcount != 1:
            return False  # liked before: likes are idempotent
        await run(self.s, _COUNT_LIKE, {"photo_id": photo_id, "delta": 1})
        return True

    async def unlike_photo(self, photo_id: int, account_id: int) -> bool:
        if (await run(self.s, _UNLIKE, {"photo_id": photo_id, "account_id": account_id})).rowcount != 1:
            return False
        await run(self.s, _COUNT_LIKE, {"photo_id": photo_id, "delta": -1})
        return True

    async def photo_liked_by(self, photo_ids: list[int], account_id: int) -> set[int]:
        if not photo_ids:
            return set()
        rows = await self.s.scalars(select(PhotoLikeRow.photo_id).where(
            PhotoLikeRow.account_id == account_id, PhotoLikeRow.photo_id.in_(photo_ids)))
        return set(rows)

    async def photo_likers(self, photo_id: int, viewer_id: int | None, rule: Predicate,
                           limit: int) -> tuple[list[int], int]:
        shown = and_(PhotoLikeRow.photo_id == photo_id, compile_rule(rule, viewer_id, PHOTO_LIKE_COLUMNS))
        params = {"viewer_id": viewer_id}
        ids = list(await self.s.scalars(
            select(PhotoLikeRow.account_id).where(shown).order_by(PhotoLikeRow.account_id).limit(limit), params))
        total = int(await self.s.scalar(select(func.count()).select_from(PhotoLikeRow).where(shown), params) or 0)
        return ids, total

    async def photo_counts(self, photo_ids: list[int], viewer_id: int | None, comment_rule: Predicate,
                           like_rule: Predicate) -> dict[int, tuple[int, int]]:
        if not photo_ids:
            return {}
        rows = await self.s.execute(_counts(comment_rule, like_rule, viewer_id is None),
                                    {"photo_ids": photo_ids, "viewer_id": viewer_id})
        return {pid: (int(likes), int(comments)) for pid, likes, comments in rows}

    async def mark_answered(self, album_id: int, viewer_id: int, at: datetime) -> None:
        await self.s.execute(insert_ignore(self.s, AlbumAnswerRow).values(album_id=album_id, viewer_id=viewer_id, answered_at=at))

    async def has_answered(self, album_id: int, viewer_id: int) -> bool:
        return await self.s.get(AlbumAnswerRow, (album_id, viewer_id)) is not None

    async def forget_answers(self, album_id: int) -> None:
        await self.s.execute(delete(AlbumAnswerRow).where(AlbumAnswerRow.album_id == album_id))
