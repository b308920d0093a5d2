"""Likes and comments on album photos — as on posts, through the same rules and the same code.

Who may like or comment on a photo is core.privacy.photo_interact_rule (whoever sees it: its album's
rule, so blocks, bans, gates and zones apply); a photo comment is a comment like any other
(core.posts.comments: threads, replies, deletion by its writer or the photo's owner, reports,
moderation), screened by the word filter and announced through the outbox (CommentAdded with its
photo_id). A like is one unique claim plus one counter update (AlbumRepo.like_photo); its PhotoLiked
event tells the owner and pays the shop's like reward as a post's like does. Counts and likers are
read through the viewer's rules (comment_rule, presence_rule, liker_rule), as a post's are.
A photo carried by a post belongs to that post: it is liked and commented on there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core import privacy
from core.albums.model import Album, Photo
from core.errors import Invalid, NotFound
from core.events import Event
from core.i18n import _
from core.model import MAX_COMMENT, Account, Comment, PostStatus, validate_text
from core.moderation import screening
from core.ports import UnitOfWork
from core.posts import PhotoLiked, service as posts
from core.posts.comments import CommentView, photo_threads
from core.posts.likes import MAX_LIKERS
from core.posts.subjects import album_photo, no_photo
from core.privacy import Viewer
from core.recipients import present_to, recheck, recipients_for


@dataclass(frozen=True)
class PhotoView:
    """An album photo as one viewer may see it: its album and owner, what they see counted, whether they like it."""

    photo: Photo
    album: Album
    owner: Account
    likes: int = 0
    comments: int = 0
    liked: bool = False


@dataclass(frozen=True)
class PhotoLikers:
    view: PhotoView
    people: list[Account]
    """Up to MAX_LIKERS of them, by handle."""
    total: int


@dataclass(frozen=True)
class PhotoPage:
    """What the photo's page (and `/photo show`) shows: the photo, its comments, who liked it, its neighbours."""

    view: PhotoView
    threads: list[CommentView]
    likers: PhotoLikers
    position: int
    """1-based, in its album."""
    total: int
    previous_id: int | None = None
    next_id: int | None = None


async def _photo(uow: UnitOfWork, viewer: Viewer, photo_id: int, *, touch: bool = False) -> Photo:
    """The album photo if the viewer may see it (`touch`: like or comment on it); NotFound otherwise."""
    rule = privacy.photo_interact_rule(viewer) if touch else privacy.album_rule(viewer)
    photo = await album_photo(uow, viewer, photo_id, rule)
    if photo is not None:
        return photo
    carried = await uow.albums.get_photo(photo_id)
    if carried is not None and carried.album_id is None and carried.post_id is not None and not viewer.anonymous:
        try:  # a photo on a post one may see: say where its likes and comments go
            await posts.visible_post(uow, viewer, carried.post_id)
        except NotFound:
            pass
        else:
            raise Invalid(_("p{id} is a photo on post #{post}: like and comment on the post (/like {post}, "
                            "/comment {post} TEXT).").format(id=photo_id, post=carried.post_id))
    raise NotFound(no_photo(photo_id))


async def views(uow: UnitOfWork, viewer: Viewer, photos: list[Photo]) -> list[PhotoView]:
    """Album photos the viewer may already see, with their albums, owners, counts and the viewer's likes."""
    counts = await uow.albums.photo_counts([p.id for p in photos], viewer.account_id, privacy.comment_rule(viewer),
                                           privacy.presence_rule(viewer))
    liked = (await uow.albums.photo_liked_by([p.id for p in photos], viewer.account_id)
             if viewer.account_id is not None else set())
    owners = await uow.accounts.get_many(list({p.owner_id for p in photos}))
    out = []
    for p in photos:
        album = await uow.albums.get(p.album_id) if p.album_id is not None else None
        if album is None or p.owner_id not in owners:
            continue
        likes, comments = counts.get(p.id, (0, 0))
        out.append(PhotoView(p, album, owners[p.owner_id], likes, comments, p.id in liked))
    return out


async def view(uow: UnitOfWork, viewer: Viewer, photo_id: int) -> PhotoView:
    """One album photo as the viewer may see it (NotFound as for a photo that never existed)."""
    found = await views(uow, viewer, [await _photo(uow, viewer, photo_id)])
    if not found:
        raise NotFound(no_photo(photo_id))
    return found[0]


async def like(uow: UnitOfWork, now: datetime, actor: Account, photo_id: int) -> tuple[PhotoView, bool]:
    """Like an album photo; liking twice is harmless. Returns (the photo as the liker sees it, newly liked)."""
    photo = await _photo(uow, Viewer(actor.id), photo_id, touch=True)
    new = await uow.albums.like_photo(photo.id, actor.id)
    if new and photo.owner_id != actor.id:
        await uow.outbox.add(PhotoLiked(photo.id, actor.id, photo.owner_id), now)
    return await view(uow, Viewer(actor.id), photo.id), new


async def unlike(uow: UnitOfWork, actor: Account, photo_id: int) -> tuple[PhotoView, bool]:
    photo = await _photo(uow, Viewer(actor.id), photo_id)
    gone = await uow.albums.unlike_photo(photo.id, actor.id)
    return await view(uow, Viewer(actor.id), photo.id), gone


async def add_comment(uow: UnitOfWork, now: datetime, actor: Account, photo_id: int, text: str) -> Comment:
    """Comment on an album photo (replies: core.posts.service.add_reply, as under a post)."""
    photo = await _photo(uow, Viewer(actor.id), photo_id, touch=True)
    body = validate_text(text, what="comment", limit=MAX_COMMENT)
    await screening.screen_comment(uow, actor, body)
    comment = await uow.posts.add_comment(Comment(id=0, post_id=None, photo_id=photo.id, author_id=actor.id, body=body,
                                                  created_at=now))
    return await posts.announce(uow, now, comment, photo.owner_id, PostStatus.ACTIVE)


async def likers(uow: UnitOfWork, viewer: Viewer, photo_id: int) -> PhotoLikers:
    """The people who liked a photo the viewer may see, as far as they may see them (privacy.liker_rule)."""
    shown = await view(uow, viewer, photo_id)
    ids, total = await uow.albums.photo_likers(shown.photo.id, viewer.account_id, privacy.liker_rule(viewer),
                                               MAX_LIKERS)
    found = await uow.accounts.get_many(ids)
    return PhotoLikers(shown, sorted(found.values(), key=lambda a: a.handle), total)


async def page(uow: UnitOfWork, viewer: Viewer, photo_id: int, owner: Account | None = None) -> PhotoPage:
    """The photo with its comments, likers and place in its album; NotFound when it isn't `owner`'s (web paths)."""
    shown = await likers(uow, viewer, photo_id)
    photo = shown.view.photo
    if owner is not None and photo.owner_id != owner.id:
        raise NotFound(no_photo(photo_id))
    ids = [p.id for p in await uow.albums.photos(shown.view.album.id)]
    at = ids.index(photo.id) if photo.id in ids else 0
    return PhotoPage(shown.view, await photo_threads(uow, viewer, photo), shown, at + 1, len(ids),
                     ids[at - 1] if at > 0 else None, ids[at + 1] if at + 1 < len(ids) else None)


@recipients_for(PhotoLiked)
async def _owner_hears(uow: UnitOfWork, event: Event) -> list[int]:
    """The photo's owner, while the photo shows to them and the liker is present to them (not banned, no block)."""
    assert isinstance(event, PhotoLiked)
    if event.owner_id == event.by_id or await uow.social.is_blocked(event.owner_id, event.by_id):
        return []
    owner = Viewer(event.owner_id)
    if await album_photo(uow, owner, event.photo_id, privacy.album_rule(owner)) is None:
        return []
    return await present_to(uow, event.by_id, [event.owner_id])


recheck(PhotoLiked)  # asked again just before sending, and when /notifications reads it back
