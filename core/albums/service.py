"""Albums: create, find, list, open, rename, re-audience, cover, delete. Privacy from core.privacy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core import privacy
from core.albums.model import MAX_ALBUM_DESCRIPTION, Album, AlbumVisibility, Photo, slugify, validate_title
from core.errors import Conflict, Invalid, NotFound
from core.i18n import _
from core.model import Account, validate_text
from core.moderation.screening import screen_text
from core.names import match_name, split_quoted
from core.ports import UnitOfWork
from core.posts.service import resolve_audience
from core.privacy import Viewer
from core.text import clean

MAX_ALBUMS = 200


@dataclass(frozen=True)
class AlbumView:
    """An album as one viewer may see it: `locked` means listed (gated) but not yet answered."""

    album: Album
    owner: Account
    photos: tuple[Photo, ...] = ()
    locked: bool = False
    cover: Photo | None = None


async def create_album(uow: UnitOfWork, now: datetime, owner: Account, title: str, token: str | None,
                       description: str = "") -> Album:
    title = validate_title(title)
    await screen_text(uow, owner, title, description)
    slug = slugify(title)
    if await uow.albums.by_slug(owner.id, slug) is not None:
        raise Conflict(_("You already have an album called “{title}”. /album list shows yours.").format(title=title))
    if len(await uow.albums.by_owner(owner.id, owner.id, privacy.album_rule(Viewer(owner.id)))) >= MAX_ALBUMS:
        raise Invalid(_("You have {n} albums, the most one zone can hold. /album delete one first.").format(n=MAX_ALBUMS))
    audience = await resolve_audience(uow, owner, token)
    return await uow.albums.add(Album(
        id=0, owner_id=owner.id, title=title, slug=slug,
        description=validate_text(description, what="description", limit=MAX_ALBUM_DESCRIPTION, allow_empty=True),
        visibility=AlbumVisibility(audience.visibility.value), circle_id=audience.circle_id,
        created_at=now, updated_at=now,
    ))


def _album_key(name: str) -> str:
    return slugify(name.lstrip("#"))  # a caption's `#summer-trip` names the album too


def split_album(albums: list[Album], text: str) -> tuple[Album | None, str]:
    """The album `text` starts with and the rest, by core.names' rule (quoted, or the longest title)."""
    return match_name(text, albums, lambda a: a.title, _album_key)


def _missing(owner: Account, me: Account | None, text: str) -> NotFound:
    quoted = split_quoted(text)
    # Echoed back, so cleaned like every user text.
    name = clean(quoted[0] if quoted else text, multiline=False)[:64] or _("(no title)")
    if me is not None and owner.id == me.id:
        return NotFound(_("You have no album called “{title}”. /album list shows yours; /album new TITLE makes one.").format(
            title=name))
    return NotFound(_("@{handle} has no album called “{title}” that you can see. /album list {handle} shows them.").format(
        handle=owner.handle, title=name))


async def own_album(uow: UnitOfWork, owner: Account, text: str) -> tuple[Album, str]:
    """One of the owner's own albums named at the start of `text`, and what follows the name."""
    albums = await uow.albums.by_owner(owner.id, owner.id, privacy.album_rule(Viewer(owner.id)))
    album, rest = split_album(albums, text)
    if album is None:
        raise _missing(owner, owner, text)
    return album, rest


async def listed_albums(uow: UnitOfWork, viewer: Viewer, owner: Account) -> list[Album]:
    """The owner's albums `viewer` may know of, newest first (filtered in the query)."""
    return await uow.albums.by_owner(owner.id, viewer.account_id, privacy.album_listing_rule(viewer))


async def find_listed(uow: UnitOfWork, viewer: Viewer, me: Account | None, owner: Account, text: str) -> tuple[Album, str]:
    album, rest = split_album(await listed_albums(uow, viewer, owner), text)
    if album is None:
        raise _missing(owner, me, text)
    return album, rest


async def open_album(uow: UnitOfWork, viewer: Viewer, owner: Account, album: Album) -> AlbumView:
    """Photos when `viewer` may see them; a locked view (question only) for an unanswered gate."""
    if await uow.albums.get_visible(album.id, viewer.account_id, privacy.album_rule(viewer)) is None:
        listed = await uow.albums.get_visible(album.id, viewer.account_id, privacy.album_listing_rule(viewer))
        if listed is None or listed.owner_id != owner.id:
            raise NotFound(_("There is no album {id} that you can see.").format(id=album.id))
        return AlbumView(listed, owner, locked=True)
    photos = tuple(await uow.albums.photos(album.id))
    cover = next((p for p in photos if p.id == album.cover_photo_id), photos[0] if photos else None)
    return AlbumView(album, owner, photos, cover=cover)


async def album_by_id(uow: UnitOfWork, viewer: Viewer, owner: Account, album_id: int) -> AlbumView:
    """For the web: the album at /z/OWNER/albums/ID, NotFound when it isn't OWNER's or isn't listed to viewer;
    as open_album shows it (locked for an unanswered gate), read in one statement (AlbumRepo.page)."""
    found = await uow.albums.page(album_id, viewer.account_id, privacy.album_listing_rule(viewer),
                                  privacy.album_rule(viewer))
    if found is None or found[0].owner_id != owner.id:
        raise NotFound(_("There is no album {id} that you can see.").format(id=album_id))
    album, opened, photos = found
    if not opened:
        return AlbumView(album, owner, locked=True)
    cover = next((p for p in photos if p.id == album.cover_photo_id), photos[0] if photos else None)
    return AlbumView(album, owner, tuple(photos), cover=cover)


async def opened(uow: UnitOfWork, viewer: Viewer, albums: list[Album]) -> set[int]:
    """Ids of the albums whose photos `viewer` may see now (a gate they answered is open, one they didn't is not)."""
    rule = privacy.album_rule(viewer)
    return {a.id for a in albums if await uow.albums.get_visible(a.id, viewer.account_id, rule) is not None}


async def covers(uow: UnitOfWork, viewer: Viewer, albums: list[Album]) -> dict[int, Photo]:
    """Cover photos of the albums whose photos `viewer` may see (none for locked ones)."""
    out: dict[int, Photo] = {}
    rule = privacy.album_rule(viewer)
    for a in albums:
        if a.cover_photo_id is None or await uow.albums.get_visible(a.id, viewer.account_id, rule) is None:
            continue
        photo = await uow.albums.get_photo(a.cover_photo_id)
        if photo is not None and photo.album_id == a.id:
            out[a.id] = photo
    return out


async def rename_album(uow: UnitOfWork, now: datetime, owner: Account, old: str, new: str) -> tuple[str, Album]:
    """Rename the owner's album titled `old` (the whole of it, by core.names' rule) to `new`."""
    album, rest = await own_album(uow, owner, old)
    if rest:
        raise _missing(owner, owner, old)
    before = album.title
    album.title = validate_title(new)
    slug = slugify(album.title)
    if slug != album.slug and await uow.albums.by_slug(owner.id, slug) is not None:
        raise Conflict(_("You already have an album called “{title}”.").format(title=album.title))
    album.slug, album.updated_at = slug, now
    await uow.albums.save(album)
    return before, album


async def set_visibility(uow: UnitOfWork, now: datetime, owner: Account, album: Album, token: str) -> Album:
    """Who sees the owner's album: `question` (its gate), or an audience token for core.posts.resolve_audience."""
    if token == "question":
        if not album.answer_hash:
            raise Invalid(_("Set a question first: /album question TITLE Where did we meet? | Rome"))
        album.visibility, album.circle_id = AlbumVisibility.QUESTION, None
    else:
        audience = await resolve_audience(uow, owner, token)
        album.visibility, album.circle_id = AlbumVisibility(audience.visibility.value), audience.circle_id
    album.updated_at = now
    await uow.albums.save(album)
    return album


async def set_cover(uow: UnitOfWork, now: datetime, owner: Account, album: Album, photo_id: int) -> Album:
    photo = await uow.albums.get_photo(photo_id)
    if photo is None or photo.owner_id != owner.id or photo.album_id != album.id:
        raise NotFound(_("Album “{title}” has no photo p{id}. /album show {title} lists its photos.").format(
            title=album.title, id=photo_id))
    album.cover_photo_id, album.updated_at = photo.id, now
    await uow.albums.save(album)
    return album


async def delete_album(uow: UnitOfWork, owner: Account, album_id: int) -> Album:
    album = await uow.albums.get(album_id)
    if album is None or album.owner_id != owner.id:
        raise NotFound(_("That album is already gone."))
    await uow.albums.delete(album.id)
    return album


async def is_public_album(uow: UnitOfWork, album: Album) -> bool:
    """Whether a stranger may see the album's photos — if not, chat shows it only to the asker."""
    return await uow.albums.get_visible(album.id, None, privacy.album_rule(privacy.ANONYMOUS)) is not None
