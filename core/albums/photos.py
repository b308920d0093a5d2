"""Photos: adding processed uploads to an album or a post, captions, alt text, moves, deletes,
and the one check every media URL goes through."""

from __future__ import annotations

from datetime import datetime

from core import privacy
from core.albums.model import MAX_ALT, MAX_CAPTION, MAX_PHOTOS, Album, Photo
from core.albums.ports import ProcessedImage
from core.albums.service import own_album
from core.errors import Invalid, NotFound
from core.i18n import _, number
from core.model import Account, Post, validate_text
from core.moderation.screening import screen_text
from core.ports import UnitOfWork
from core.posts import service as posts
from core.privacy import Viewer
from core.text import clean

VARIANTS = ("320.webp", "320.jpg", "1280.webp", "1280.jpg")


async def add_photos(uow: UnitOfWork, now: datetime, owner: Account, album: Album,
                     images: list[ProcessedImage], caption: str = "") -> list[Photo]:
    """Append processed images to the owner's album, in the order given."""
    if album.owner_id != owner.id:
        raise NotFound(_("You have no album called “{title}”.").format(title=album.title))
    if album.photo_count + len(images) > MAX_PHOTOS:
        raise Invalid(_("“{title}” would hold more than {max} photos. Start a new album.").format(
            title=album.title, max=number(MAX_PHOTOS)))
    caption = validate_text(caption, what="caption", limit=MAX_CAPTION, allow_empty=True)
    await screen_text(uow, owner, caption)  # muted or banned accounts can't upload; filter words apply
    position = await uow.albums.next_position(album.id)
    added = []
    for n, image in enumerate(images):
        added.append(await uow.albums.add_photo(Photo(
            id=0, owner_id=owner.id, album_id=album.id, position=position + n, width=image.width,
            height=image.height, placeholder=image.placeholder, files=dict(image.files), caption=caption,
            original_key=image.original_key, created_at=now,
        )))
    album.updated_at = now
    await uow.albums.save(album)
    await uow.albums.recount(album.id)
    return added


async def add_post_photos(uow: UnitOfWork, now: datetime, author: Account, post: Post,
                          images: list[ProcessedImage]) -> list[Photo]:
    """Photos carried by a post: they share the post's audience (checked through the post)."""
    return [await uow.albums.add_photo(Photo(
        id=0, owner_id=author.id, album_id=None, post_id=post.id, position=n, width=i.width, height=i.height,
        placeholder=i.placeholder, files=dict(i.files), original_key=i.original_key, created_at=now,
    )) for n, i in enumerate(images)]


async def own_photo(uow: UnitOfWork, owner: Account, photo_id: int) -> Photo:
    photo = await uow.albums.get_photo(photo_id)
    if photo is None or photo.owner_id != owner.id:
        raise NotFound(_("You have no photo p{id}. /album show TITLE lists an album's photos.").format(id=photo_id))
    return photo


async def set_caption(uow: UnitOfWork, owner: Account, photo_id: int, text: str) -> Photo:
    photo = await own_photo(uow, owner, photo_id)
    photo.caption = validate_text(text, what="caption", limit=MAX_CAPTION, allow_empty=True)
    await screen_text(uow, owner, photo.caption)
    await uow.albums.save_photo(photo)
    return photo


async def set_alt(uow: UnitOfWork, owner: Account, photo_id: int, text: str) -> Photo:
    photo = await own_photo(uow, owner, photo_id)
    photo.alt = validate_text(text, what="alt text", limit=MAX_ALT, allow_empty=True, multiline=False)
    await uow.albums.save_photo(photo)
    return photo


async def delete_photo(uow: UnitOfWork, owner: Account, photo_id: int) -> Photo:
    photo = await own_photo(uow, owner, photo_id)
    await uow.albums.delete_photo(photo.id)
    if photo.album_id is not None:
        await uow.albums.recount(photo.album_id)
    return photo


async def move_photo(uow: UnitOfWork, now: datetime, owner: Account, photo_id: int, target_text: str) -> Album:
    photo = await own_photo(uow, owner, photo_id)
    target, rest = await own_album(uow, owner, target_text)
    if rest:
        raise NotFound(_("You have no album called “{title}”. /album list shows yours.").format(
            title=clean(target_text, multiline=False)[:64]))
    if photo.album_id == target.id:
        return target
    source = photo.album_id
    photo.album_id, photo.post_id = target.id, None
    photo.position = await uow.albums.next_position(target.id)
    await uow.albums.save_photo(photo)
    for album_id in (source, target.id):
        if album_id is not None:
            await uow.albums.recount(album_id)
    return target


async def viewable_photo(uow: UnitOfWork, viewer: Viewer, photo_id: int) -> Photo:
    """The photo if `viewer` may see it — through its album's rule or its post's. NotFound otherwise,
    the same answer as for a photo that never existed."""
    photo = await uow.albums.get_photo(photo_id)
    missing = NotFound(_("There is no photo p{id} that you can see.").format(id=photo_id))
    if photo is None:
        raise missing
    if photo.album_id is not None:
        if await uow.albums.get_visible(photo.album_id, viewer.account_id, privacy.album_rule(viewer)) is None:
            raise missing
        return photo
    if photo.post_id is not None:
        try:
            await posts.visible_post(uow, viewer, photo.post_id)
        except NotFound:
            raise missing from None
        return photo
    raise missing
