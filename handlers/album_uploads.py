"""Photos arriving from chat: fetch, run through the media pipeline, and say what happened to each.

A batch (a Telegram media group, several Discord attachments) is one message and gets one reply:
"3 photos added to Trip". A bad file in a batch is named in that reply and nothing of it is
stored; a single bad file is an error reply. Shared by /album (handlers/albums.py) and /photo
(handlers/photos.py): the upload window, adding to an album, and the album's web link.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from chat.messages import Attachment, Button, Reply, reply
from core.albums import photos as albums_photos
from core.albums.model import Album
from core.albums.ports import ProcessedImage
from core.errors import Invalid, LimitExceeded, OpenZoneError
from core.i18n import _, ngettext
from core.model import Account
from handlers.context import Context

MAX_BATCH = 20
UPLOAD_WINDOW = timedelta(minutes=10)
# Downloads and decodes in flight at once: bounds memory for a 20-photo batch.
PARALLEL = 4


@dataclass(frozen=True)
class Ingested:
    images: list[ProcessedImage]
    failures: list[str]


def _name(n: int, a: Attachment, total: int) -> str:
    label = a.filename if a.filename and len(a.filename) <= 60 else _("file")
    return f"{label} (#{n})" if total > 1 else label


async def ingest(ctx: Context, attachments: tuple[Attachment, ...], *, strict: bool = False) -> Ingested:
    """Every attachment through the pipeline, in order; `strict`: any failure fails the command."""
    media = ctx.services.media
    if media is None:
        raise Invalid(_("Photo uploads aren't set up on this server. Ask its admin to configure [media]."))
    if not attachments:
        raise Invalid(_("Attach a photo to the message (or send photos with the caption #album-title)."))
    if len(attachments) > MAX_BATCH:
        raise LimitExceeded(_("That's {n} files; send at most {max} at a time.").format(n=len(attachments), max=MAX_BATCH))
    gate = asyncio.Semaphore(PARALLEL)

    async def one(a: Attachment) -> ProcessedImage | OpenZoneError:
        try:
            if a.size is not None and a.size > media.max_bytes:
                # Refuse before downloading: a 100 MB file never reaches memory.
                raise LimitExceeded(_("That file is {size} MB; a photo can be at most {max} MB. Send a smaller copy.").format(
                    size=f"{a.size / 2**20:.1f}", max=f"{media.max_bytes / 2**20:.0f}"))
            async with gate:
                return await media.ingest(await a.fetch())
        except OpenZoneError as exc:
            return exc

    results = await asyncio.gather(*(one(a) for a in attachments))
    images: list[ProcessedImage] = []
    failures: list[str] = []
    for n, (a, result) in enumerate(zip(attachments, results, strict=True), start=1):
        if isinstance(result, OpenZoneError):
            if len(attachments) == 1 or strict:
                prefix = "" if len(attachments) == 1 else f"{_name(n, a, len(attachments))}: "
                raise type(result)(prefix + result.message)
            failures.append(f"{_name(n, a, len(attachments))}: {result.message}")
        else:
            images.append(result)
    return Ingested(images, failures)


def upload_key(ctx: Context) -> str:
    s = ctx.incoming.sender
    return f"album-upload:{s.platform}:{s.external_id}"


async def open_window(ctx: Context, album: Album) -> None:
    """`/album upload TITLE`: photos sent in the next minutes go to this album (kept in the database)."""
    await ctx.uow.state.put(upload_key(ctx), {"album_id": album.id}, ctx.now + UPLOAD_WINDOW)


async def window_album(ctx: Context) -> int | None:
    state = await ctx.uow.state.get(upload_key(ctx), ctx.now)
    return int(state["album_id"]) if state else None


def summary(count: int, album: Album, failures: list[str]) -> str:
    done = (ngettext("{n} photo added to {title}.", "{n} photos added to {title}.", count).format(n=count, title=album.title)
            if count else _("Nothing added to {title}.").format(title=album.title))
    if failures:
        done += "\n" + _("Not added:") + "\n" + "\n".join(f"⚠️ {f}" for f in failures)
    return done


def link(ctx: Context, owner: Account, album: Album | None, label: str | None = None) -> Button:
    """A button to an album's web page (`album` None: the owner's albums), signed for the sender."""
    return Button(label or _("🖼 Open on the web"), url=ctx.services.album_url(ctx.account, owner, album.id if album else None, ctx.now))


async def add(ctx: Context, album: Album, caption: str) -> Reply:
    """The message's photos into one of the sender's albums: what was added (p12, p13) and what was not."""
    done = await ingest(ctx, ctx.incoming.attachments)
    added = await albums_photos.add_photos(ctx.uow, ctx.now, ctx.account, album, done.images, caption) if done.images else []
    ids = ", ".join(f"p{p.id}" for p in added)
    text = summary(len(added), album, done.failures) + (f"\n{ids}" if ids else "")
    return reply(text, buttons=((link(ctx, ctx.account, album),),))
