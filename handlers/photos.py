"""Photos from chat: /photo … and photos sent with `#album-title` (handlers/albums.py: /album …)."""

from __future__ import annotations

from typing import Any

from chat.messages import Reply, reply
from core.albums import photos as albums_photos, service as albums
from core.errors import Invalid
from core.i18n import N_, _
from handlers import album_uploads as uploads
from handlers import syntax
from handlers.context import Context
from handlers.feature import Feature, Flow
from handlers.registry import CommandGroup, Param

commands = CommandGroup()
# One of one's own albums, by title: forms (Discord) complete it as one types.
ALBUM = Param("album", "text", N_("the album's title"), suggests="album")
PHOTO = N_("photo, e.g. p12")
CLEAR = "-"
"""The text that clears a caption or alt text (`/photo caption p12 -`): no text at all asks for it."""


@commands.command("add", N_("Add the attached photos to an album: ALBUM [CAPTION]"), ALBUM,
                  Param("caption", "text", N_("a caption for them"), required=False, joined=" "), parent="photo", photos=4)
async def photo_add(ctx: Context) -> Reply:
    album, caption = await albums.own_album(ctx.uow, ctx.account, str(ctx.args["album"]))
    return await uploads.add(ctx, album, caption)


async def on_attachments(ctx: Context, _state: dict[str, Any]) -> Reply:
    """Photos without a command: caption `#album-title [caption]`, or an open /album upload window."""
    text = ctx.incoming.text.strip()
    if text.startswith("#"):
        tag, _sep, caption = text.partition(" ")
        album, _rest = await albums.own_album(ctx.uow, ctx.account, tag.lstrip("#"))
        return await uploads.add(ctx, album, caption)
    album_id = await uploads.window_album(ctx)
    album = await ctx.uow.albums.get(album_id) if album_id is not None else None
    if album is None or album.owner_id != ctx.account.id:
        raise Invalid(_("Where should these go? Send them with the caption #album-title, or first /album upload TITLE. "
                        "/album list shows your albums."))
    return await uploads.add(ctx, album, text)


@commands.command("caption", N_("Caption a photo: ID TEXT (- clears it)"), Param("id", "word", PHOTO, label="photo"),
                  Param("caption", "text", N_("the caption"), required=False), parent="photo")
async def photo_caption(ctx: Context) -> Reply:
    return await _describe(ctx, "caption", syntax.photo_id(ctx.args["id"]), ctx.args.get("caption", ""))


@commands.command("alt", N_("Describe a photo for people who can't see it: ID TEXT"), Param("id", "word", PHOTO, label="photo"),
                  Param("alt", "text", N_("what the photo shows"), required=False), parent="photo")
async def photo_alt(ctx: Context) -> Reply:
    return await _describe(ctx, "alt", syntax.photo_id(ctx.args["id"]), ctx.args.get("alt", ""))


async def _describe(ctx: Context, what: str, photo_id: int, text: str) -> Reply:
    """Set a photo's caption or alt text; `-` clears it, no text asks for it as the next message."""
    if not text.strip():
        await albums_photos.own_photo(ctx.uow, ctx.account, photo_id)  # ask only about a photo one may change
        await ctx.start_flow("photo_text", what=what, photo_id=photo_id)
        if what == "caption":
            return reply(_("Send the caption of p{id} as your next message (/photo caption p{id} {clear} clears it).").format(
                id=photo_id, clear=CLEAR), personal=True, asks=_("The caption of p{id}").format(id=photo_id))
        return reply(_("Describe p{id} for people who can't see it: send the text as your next message "
                       "(/photo alt p{id} {clear} clears it).").format(id=photo_id, clear=CLEAR),
                     personal=True, asks=_("What p{id} shows").format(id=photo_id))
    text = "" if text.strip() == CLEAR else text
    if what == "caption":
        p = await albums_photos.set_caption(ctx.uow, ctx.account, photo_id, text)
        return reply((_("p{id} caption set.") if p.caption else _("p{id} caption cleared.")).format(id=p.id))
    p = await albums_photos.set_alt(ctx.uow, ctx.account, photo_id, text)
    return reply((_("p{id} alt text set.") if p.alt else _("p{id} alt text cleared.")).format(id=p.id))


async def photo_text_flow(ctx: Context, flow: dict[str, Any]) -> Reply | None:
    """The caption or alt text asked for by `/photo caption p12` (or `alt`), as the next message."""
    if ctx.incoming.attachments:  # photos instead of the text: they go where photos go
        return await on_attachments(ctx, {})
    if not ctx.incoming.text.strip():  # an empty line (the console's Enter) says nothing yet
        await ctx.start_flow("photo_text", what=flow["what"], photo_id=flow["photo_id"])
        return None
    return await _describe(ctx, str(flow["what"]), int(flow["photo_id"]), ctx.incoming.text)


@commands.command("delete", N_("Delete one of your photos"), Param("id", "word", PHOTO, label="photo"), parent="photo")
async def photo_delete(ctx: Context) -> Reply:
    p = await albums_photos.delete_photo(ctx.uow, ctx.account, syntax.photo_id(ctx.args["id"]))
    return reply(_("p{id} deleted.").format(id=p.id))


@commands.command("move", N_("Move a photo to another of your albums: ID ALBUM"), Param("id", "word", PHOTO, label="photo"),
                  ALBUM, parent="photo")
async def photo_move(ctx: Context) -> Reply:
    photo_id = syntax.photo_id(ctx.args["id"])
    album = await albums_photos.move_photo(ctx.uow, ctx.now, ctx.account, photo_id, str(ctx.args["album"]))
    return reply(_("p{id} moved to “{title}”.").format(id=photo_id, title=album.title))


SUMMARY = N_("Photos: add, caption, describe, move, delete")
feature = Feature("photos", SUMMARY, commands, topic="albums", groups={"photo": SUMMARY},
                  flows={"photo_text": Flow(photo_text_flow)}, on_attachments=on_attachments)

__all__ = ["feature"]
