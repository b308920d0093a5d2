"""Albums and photos from chat: /album …, /photo …, and photos sent with `#album-title`."""

from __future__ import annotations

from typing import Any

from chat.messages import Button, Image, Reply, b, i, plain, reply
from core.albums import gate as albums_gate, photos as albums_photos, service as albums
from core.albums.model import Album
from core.errors import Invalid, NotFound
from core.model import Account
from handlers import album_uploads as uploads
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import VIS_ICON
from handlers import params
from handlers.params import audience_token, split_pair, title_and_audience
from handlers.registry import CommandGroup, Param

commands = CommandGroup()
CHAT_GRID = 10  # Telegram media groups and Discord messages carry at most 10 pictures
# One of one's own albums, by title: forms (Discord) complete it as one types.
ALBUM = Param("album", "text", "the album's title", suggests="album")
TITLE = Param("album", "text", "the album's title", label="title", suggests="album")
WHO_SEES = Param("audience", "audience", "who sees it (default: your /privacy default)", required=False, joined=" ")


def _photos(n: int) -> str:
    return f"{n} photo{'s' if n != 1 else ''}"


def _icon(album: Album) -> str:
    return "❓ question" if album.gated else VIS_ICON[album.visibility.base]


def _link(ctx: Context, owner: Account, album: Album | None, label: str = "🖼 Open on the web") -> Button:
    return Button(label, url=ctx.services.album_url(ctx.account, owner, album.id if album else None, ctx.now))


def _text(ctx: Context) -> str:
    """The command's free-text part (each command has one, named for its usage line)."""
    return next((str(v) for k, v in ctx.args.items() if k not in ("handle", "id")), "")


@commands.command("new", "Make an album: TITLE [public|friends|private|@circle]",
                  Param("title", "text", "the album's title"), WHO_SEES, parent="album")
async def album_new(ctx: Context) -> Reply:
    title, token = title_and_audience(_text(ctx))
    album = await albums.create_album(ctx.uow, ctx.now, ctx.account, title, token)
    return reply(f"Album “{album.title}” made ({_icon(album)}). Send photos with the caption #{album.slug}, "
                 f"or /album upload {album.title} and then the photos.",
                 buttons=((_link(ctx, ctx.account, album),),))


@commands.command("list", "Albums in a zone (default: yours)", Param("handle", "handle", "whose", required=False),
                  parent="album")
async def album_list(ctx: Context) -> Reply:
    owner = await ctx.target(ctx.args["handle"]) if ctx.args.get("handle") else ctx.account
    found = await albums.listed_albums(ctx.uow, ctx.viewer, owner)
    mine = owner.id == ctx.account.id
    if not found:
        empty = "You have no albums yet. /album new TITLE makes one." if mine else f"@{owner.handle} has no albums you can see."
        return reply(empty, personal=True)
    lines = [b(f"Albums of @{owner.handle}\n")]
    for a in found:
        lock = " 🔒" if a.gated and not mine else ""
        lines.append(plain(f"• {a.title}{lock} · {_photos(a.photo_count)} · {_icon(a)}\n"))
    return Reply(spans=tuple(lines), buttons=((_link(ctx, owner, None, "🖼 Albums on the web"),),), personal=True)


@commands.command("show", "Show an album: TITLE (or @HANDLE TITLE)", Param("album", "text", "[@handle] title", suggests="album"),
                  parent="album")
async def album_show(ctx: Context) -> Reply:
    text = _text(ctx).strip()
    owner = ctx.account
    if text.startswith("@"):
        handle, _, text = text.partition(" ")
        owner = await ctx.target(handle)
    album, rest = await albums.find_listed(ctx.uow, ctx.viewer, ctx.account, owner, text)
    if rest:
        raise Invalid(f"Only the album's name, please: /album show {album.title}")
    view = await albums.open_album(ctx.uow, ctx.viewer, owner, album)
    if view.locked:
        return reply(f"🔒 “{album.title}” by @{owner.handle} opens with an answer.\n", b(f"❓ {album.question}\n"),
                     f"Answer privately: /album answer {owner.handle} {album.title} YOUR ANSWER", personal=True)
    spans = [b(f"🖼 {album.title}"), plain(f" · @{owner.handle} · {_icon(album)} · {_photos(album.photo_count)}\n")]
    if album.description:
        spans.append(i(album.description + "\n"))
    mine = owner.id == ctx.account.id
    for p in view.photos[:30]:
        # The owner is reminded of missing alt text; others just see captions.
        note = " · (no alt text: /photo alt)" if mine and not p.alt else ""
        spans.append(plain(f"p{p.id}" + (f" · {p.caption}" if p.caption else "") + note + "\n"))
    if len(view.photos) > 30:
        spans.append(plain(f"… and {len(view.photos) - 30} more on the web.\n"))
    if not view.photos:
        spans.append(plain("No photos yet." + (f" Send some with the caption #{album.slug}." if mine else "")))
    personal = ctx.in_group and not await albums.is_public_album(ctx.uow, album)
    return Reply(spans=tuple(spans), buttons=((_link(ctx, owner, album),),), images=await _grid(ctx, view.photos),
                 personal=personal)


async def _grid(ctx: Context, photos: tuple[Any, ...]) -> tuple[Image, ...]:
    media = ctx.services.media
    if media is None:
        return ()
    out = []
    for p in photos[:CHAT_GRID]:
        data = await media.read(p.files.get("320.jpg", ""))
        if data:
            out.append(Image(data, p.alt or p.caption, f"p{p.id}.jpg"))
    return tuple(out)


@commands.command("rename", "Rename an album: OLD TITLE | NEW TITLE",
                  Param("album", "text", "the album's title now", label="old title", suggests="album"),
                  Param("new", "text", "its new title", label="new title", joined=" | "), parent="album")
async def album_rename(ctx: Context) -> Reply:
    if (pair := split_pair(_text(ctx))) is None:
        raise Invalid("Write the old and the new title around a |: /album rename Trip | Rome 2026")
    before, album = await albums.rename_album(ctx.uow, ctx.now, ctx.account, *pair)
    return reply(f"“{before}” is now “{album.title}” (caption #{album.slug}).")


@commands.command("visibility", "Who sees an album: TITLE public|friends|private|@circle|question",
                  TITLE, Param("audience", "audience", "public, friends, private, @circle or question",
                               choices=("public", "friends", "private", "question"), label="audience", joined=" "),
                  parent="album")
async def album_visibility(ctx: Context) -> Reply:
    album, rest = await albums.own_album(ctx.uow, ctx.account, _text(ctx))
    token = rest.lower() if rest.lower() == "question" else audience_token(rest)
    if token is None:
        title = f'"{album.title}"' if " " in album.title else album.title
        raise Invalid(f"Name the album, then who sees it: /album visibility {title} friends "
                      "(public, friends, private, @circle or question).")
    album = await albums.set_visibility(ctx.uow, ctx.now, ctx.account, album, token)
    return reply(f"“{album.title}” is now {_icon(album)}.")


@commands.command("question", "Gate an album: TITLE QUESTION | ANSWER", TITLE,
                  Param("question", "text", "what visitors are asked", joined=" "),
                  Param("answer", "text", "the answer that opens it", joined=" | "), parent="album")
async def album_question(ctx: Context) -> Reply:
    if (pair := split_pair(_text(ctx))) is None:  # `TITLE QUESTION | ANSWER`
        raise Invalid("Write the question, then | and the answer: /album question Trip Where did we meet? | Rome")
    album, question = await albums.own_album(ctx.uow, ctx.account, pair[0])
    album = await albums_gate.set_question(ctx.uow, ctx.now, ctx.account, album, question, pair[1])
    return reply(f"“{album.title}” now opens for whoever answers: {album.question}\n"
                 f"They answer in a private chat with me: /album answer {ctx.account.handle} {album.title} ANSWER",
                 personal=True)


@commands.command("answer", "Answer an album's question (in a private chat): HANDLE TITLE ANSWER",
                  Param("handle", "handle", "whose album"), Param("album", "text", "the album's title", label="title"),
                  Param("answer", "text", "your answer", joined=" "), parent="album")
async def album_answer(ctx: Context) -> Reply:
    if ctx.incoming.chat != "private":
        return reply("Answer in a private chat with me, so nobody else reads your answer.", personal=True)
    owner = await ctx.target(ctx.args["handle"])
    album, answer = await albums.find_listed(ctx.uow, ctx.viewer, ctx.account, owner, _text(ctx))
    if not answer:
        raise Invalid(f"Write your answer after the title: /album answer {owner.handle} {album.title} ANSWER")
    attempt = await albums_gate.answer_question(ctx.uow, ctx.now, ctx.account, album, answer)
    if attempt.correct:
        return reply(f"✅ Right! “{album.title}” by @{owner.handle} is open to you.",
                     buttons=((_link(ctx, owner, album),),), personal=True)
    return reply(f"⚠️ That's not the answer. {attempt.tries_left} tr{'y' if attempt.tries_left == 1 else 'ies'} left this hour.",
                 personal=True)


@commands.command("cover", "Choose an album's cover: TITLE PHOTO_ID", TITLE,
                  Param("photo", "word", "the photo, e.g. p12", joined=" "), parent="album")
async def album_cover(ctx: Context) -> Reply:
    album, token = await albums.own_album(ctx.uow, ctx.account, _text(ctx))
    if not token or " " in token:
        raise Invalid("Name the album, then the photo: /album cover TITLE p12")
    album = await albums.set_cover(ctx.uow, ctx.now, ctx.account, album, params.photo_id(token))
    return reply(f"p{album.cover_photo_id} is the cover of “{album.title}”.")


@commands.command("delete", "Delete an album and its photos (asks first)", TITLE, parent="album")
async def album_delete(ctx: Context) -> Reply:
    album, rest = await albums.own_album(ctx.uow, ctx.account, _text(ctx))
    if rest:
        raise Invalid(f"Only the album's name, please: /album delete {album.title}")
    return reply(f"Delete “{album.title}” and its {_photos(album.photo_count)}? This can't be undone.",
                 buttons=((Button("🗑 Delete", f"albdel:{album.id}"), Button("Keep it", "albkeep:0")),), personal=True)


@commands.action("albdel")
async def album_delete_confirmed(ctx: Context, arg: str) -> Reply:
    if not arg.isdigit():
        return reply("That button has expired. Send /album delete again.")
    try:
        album = await albums.delete_album(ctx.uow, ctx.account, int(arg))
    except NotFound as exc:  # pressed twice: the question answered as things are
        return reply(f"⚠️ {exc.message}", personal=True, in_place=True)
    return reply(f"Album “{album.title}” deleted.", in_place=True)


@commands.action("albkeep")
async def album_keep(ctx: Context, arg: str) -> Reply:
    return reply("Kept — nothing was deleted.", in_place=True)


@commands.command("upload", "Send photos to an album: the next photos you send go there",
                  TITLE, parent="album")
async def album_upload(ctx: Context) -> Reply:
    album, rest = await albums.own_album(ctx.uow, ctx.account, _text(ctx))
    if rest:
        raise Invalid(f"Only the album's name, please: /album upload {album.title}")
    if ctx.incoming.attachments:
        return await _add(ctx, album, "")
    await uploads.open_window(ctx, album)
    minutes = int(uploads.UPLOAD_WINDOW.total_seconds() // 60)
    if ctx.in_group:
        # Bots read no plain messages in groups (Telegram's privacy mode, Discord without message
        # content): the photos go to the private chat, where the window is open as well.
        return reply(f"Send the photos in our private chat: for {minutes} minutes every photo you send me there "
                     f"goes to “{album.title}”.", personal=True)
    return reply(f"Send the photos now: for {minutes} minutes every photo you send goes to “{album.title}”.")


async def _add(ctx: Context, album: Album, caption: str) -> Reply:
    done = await uploads.ingest(ctx, ctx.incoming.attachments)
    added = await albums_photos.add_photos(ctx.uow, ctx.now, ctx.account, album, done.images, caption) if done.images else []
    ids = ", ".join(f"p{p.id}" for p in added)
    text = uploads.summary(len(added), album, done.failures) + (f"\n{ids}" if ids else "")
    return reply(text, buttons=((_link(ctx, ctx.account, album),),))


@commands.command("add", "Add the attached photos to an album: ALBUM [CAPTION]", ALBUM,
                  Param("caption", "text", "a caption for them", required=False, joined=" "), parent="photo", photos=4)
async def photo_add(ctx: Context) -> Reply:
    album, caption = await albums.own_album(ctx.uow, ctx.account, str(ctx.args["album"]))
    return await _add(ctx, album, caption)


async def on_attachments(ctx: Context, _: dict[str, Any]) -> Reply:
    """Photos without a command: caption `#album-title [caption]`, or an open /album upload window."""
    text = ctx.incoming.text.strip()
    if text.startswith("#"):
        tag, _, caption = text.partition(" ")
        album, rest = await albums.own_album(ctx.uow, ctx.account, tag.lstrip("#"))
        return await _add(ctx, album, caption)
    album_id = await uploads.window_album(ctx)
    album = await ctx.uow.albums.get(album_id) if album_id is not None else None
    if album is None or album.owner_id != ctx.account.id:
        raise Invalid("Where should these go? Send them with the caption #album-title, or first /album upload TITLE. "
                      "/album list shows your albums.")
    return await _add(ctx, album, text)


@commands.command("caption", "Caption a photo: ID TEXT (empty clears it)", Param("id", "word", "photo, e.g. p12", label="photo"),
                  Param("caption", "text", "the caption", required=False), parent="photo")
async def photo_caption(ctx: Context) -> Reply:
    p = await albums_photos.set_caption(ctx.uow, ctx.account, params.photo_id(ctx.args["id"]), _text(ctx))
    return reply(f"p{p.id} caption " + ("set." if p.caption else "cleared."))


@commands.command("alt", "Describe a photo for people who can't see it: ID TEXT", Param("id", "word", "photo, e.g. p12", label="photo"),
                  Param("alt", "text", "what the photo shows", required=False), parent="photo")
async def photo_alt(ctx: Context) -> Reply:
    p = await albums_photos.set_alt(ctx.uow, ctx.account, params.photo_id(ctx.args["id"]), _text(ctx))
    return reply(f"p{p.id} alt text " + ("set." if p.alt else "cleared."))


@commands.command("delete", "Delete one of your photos", Param("id", "word", "photo, e.g. p12", label="photo"), parent="photo")
async def photo_delete(ctx: Context) -> Reply:
    p = await albums_photos.delete_photo(ctx.uow, ctx.account, params.photo_id(ctx.args["id"]))
    return reply(f"p{p.id} deleted.")


@commands.command("move", "Move a photo to another of your albums: ID ALBUM", Param("id", "word", "photo, e.g. p12", label="photo"),
                  ALBUM, parent="photo")
async def photo_move(ctx: Context) -> Reply:
    photo_id = params.photo_id(ctx.args["id"])
    album = await albums_photos.move_photo(ctx.uow, ctx.now, ctx.account, photo_id, str(ctx.args["album"]))
    return reply(f"p{photo_id} moved to “{album.title}”.")


feature = Feature("albums", "Albums and photos", commands, on_attachments=on_attachments,
                  groups={"album": "Albums: photo albums in your zone",
                          "photo": "Photos: add, caption, describe, move, delete"})

__all__ = ["feature"]
