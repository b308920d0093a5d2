"""Albums from chat: /album … (handlers/photos.py: /photo … and photos sent with `#album-title`)."""

from __future__ import annotations

from typing import Any

from chat.messages import Button, Image, Reply, b, i, plain, reply
from core.albums import gate as albums_gate, service as albums
from core.albums.model import Album
from core.errors import Invalid, NotFound
from core.i18n import N_, _, ngettext
from core.names import unquote
from handlers import album_uploads as uploads
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import VIS_ICON
from handlers import syntax
from handlers.syntax import audience_token, split_pair, title_and_audience
from handlers.registry import CommandGroup, Param

commands = CommandGroup()
CHAT_GRID = 10  # Telegram media groups and Discord messages carry at most 10 pictures
# One of one's own albums, by title: forms (Discord) complete it as one types.
TITLE = Param("album", "text", N_("the album's title"), label="title", suggests="album")
WHO_SEES = Param("audience", "audience", N_("who sees it (default: your /privacy default)"), required=False, joined=" ")
SHOWN = 30  # photos listed by name in /album show; the rest are on the web


def _icon(album: Album) -> str:
    return _("❓ question") if album.gated else _(VIS_ICON[album.visibility.base])


def _photos(n: int) -> str:
    return ngettext("{n} photo", "{n} photos", n).format(n=n)


def _text(ctx: Context) -> str:
    """The command's free-text part (each command has one, named for its usage line)."""
    return next((str(v) for k, v in ctx.args.items() if k not in ("handle", "id")), "")


@commands.command("new", N_("Make an album: TITLE [public|friends|private|@circle]"),
                  Param("title", "text", N_("the album's title")), WHO_SEES, parent="album")
async def album_new(ctx: Context) -> Reply:
    title, token = title_and_audience(_text(ctx))
    album = await albums.create_album(ctx.uow, ctx.now, ctx.account, title, token)
    return reply(_("Album “{title}” made ({audience}). Send photos with the caption #{slug}, "
                   "or /album upload {title} and then the photos.").format(
                       title=album.title, audience=_icon(album), slug=album.slug),
                 buttons=((uploads.link(ctx, ctx.account, album),),))


@commands.command("list", N_("Albums in a zone (default: yours)"), Param("handle", "handle", N_("whose"), required=False),
                  parent="album")
async def album_list(ctx: Context) -> Reply:
    owner = await ctx.target(ctx.args["handle"]) if ctx.args.get("handle") else ctx.account
    found = await albums.listed_albums(ctx.uow, ctx.viewer, owner)
    mine = owner.id == ctx.account.id
    if not found:
        empty = (_("You have no albums yet. /album new TITLE makes one.") if mine
                 else _("@{handle} has no albums you can see.").format(handle=owner.handle))
        return reply(empty, personal=True)
    lines = [b(_("Albums of @{handle}").format(handle=owner.handle) + "\n")]
    for a in found:
        lock = " 🔒" if a.gated and not mine else ""
        lines.append(plain(f"• {a.title}{lock} · {_photos(a.photo_count)} · {_icon(a)}\n"))
    return Reply(spans=tuple(lines), buttons=((uploads.link(ctx, owner, None, _("🖼 Albums on the web")),),), personal=True)


@commands.command("show", N_("Show an album: TITLE (or @HANDLE TITLE)"),
                  Param("album", "text", N_("[@handle] title"), suggests="album"),
                  parent="album")
async def album_show(ctx: Context) -> Reply:
    text = _text(ctx).strip()
    owner = ctx.account
    if text.startswith("@"):
        handle, _sep, text = text.partition(" ")
        owner = await ctx.target(handle)
    album, rest = await albums.find_listed(ctx.uow, ctx.viewer, ctx.account, owner, text)
    if rest:
        raise Invalid(_("Only the album's name, please: /album show {title}").format(title=album.title))
    view = await albums.open_album(ctx.uow, ctx.viewer, owner, album)
    if view.locked:
        return reply(_("🔒 “{title}” by @{handle} opens with an answer.").format(title=album.title, handle=owner.handle)
                     + "\n", b(f"❓ {album.question}\n"),
                     _("Answer privately: /album answer {handle} {title} YOUR ANSWER").format(
                         handle=owner.handle, title=album.title), personal=True)
    spans = [b(f"🖼 {album.title}"), plain(f" · @{owner.handle} · {_icon(album)} · {_photos(album.photo_count)}\n")]
    if album.description:
        spans.append(i(album.description + "\n"))
    mine = owner.id == ctx.account.id
    for p in view.photos[:SHOWN]:
        # The owner is reminded of missing alt text; others just see captions.
        note = " · " + _("(no alt text: /photo alt)") if mine and not p.alt else ""
        spans.append(plain(f"p{p.id}" + (f" · {p.caption}" if p.caption else "") + note + "\n"))
    if (more := len(view.photos) - SHOWN) > 0:
        spans.append(plain(_("… and {n} more on the web.").format(n=more) + "\n"))
    if not view.photos:
        spans.append(plain(_("No photos yet. Send some with the caption #{slug}.").format(slug=album.slug) if mine
                           else _("No photos yet.")))
    personal = ctx.in_group and not await albums.is_public_album(ctx.uow, album)
    return Reply(spans=tuple(spans), buttons=((uploads.link(ctx, owner, album),),), images=await _grid(ctx, view.photos),
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


@commands.command("rename", N_("Rename an album: OLD TITLE | NEW TITLE"),
                  Param("album", "text", N_("the album's title now"), label="old title", suggests="album"),
                  Param("new", "text", N_("its new title"), label="new title", joined=" | "), parent="album")
async def album_rename(ctx: Context) -> Reply:
    if (pair := split_pair(_text(ctx))) is None:
        raise Invalid(_("Write the old and the new title around a |: /album rename Trip | Rome 2026"))
    before, album = await albums.rename_album(ctx.uow, ctx.now, ctx.account, pair[0], unquote(pair[1]))
    return reply(_("“{before}” is now “{title}” (caption #{slug}).").format(before=before, title=album.title,
                                                                          slug=album.slug))


@commands.command("visibility", N_("Who sees an album: TITLE public|friends|private|@circle|question"),
                  TITLE, Param("audience", "audience", N_("public, friends, private, @circle or question"),
                               choices=("public", "friends", "private", "question"), label="audience", joined=" "),
                  parent="album")
async def album_visibility(ctx: Context) -> Reply:
    album, rest = await albums.own_album(ctx.uow, ctx.account, _text(ctx))
    token = rest.lower() if rest.lower() == "question" else audience_token(rest)
    if token is None:
        title = f'"{album.title}"' if " " in album.title else album.title
        raise Invalid(_("Name the album, then who sees it: /album visibility {title} friends "
                        "(public, friends, private, @circle or question).").format(title=title))
    album = await albums.set_visibility(ctx.uow, ctx.now, ctx.account, album, token)
    return reply(_("“{title}” is now {audience}.").format(title=album.title, audience=_icon(album)))


@commands.command("question", N_("Gate an album: TITLE QUESTION | ANSWER"), TITLE,
                  Param("question", "text", N_("what visitors are asked"), joined=" "),
                  Param("answer", "text", N_("the answer that opens it"), joined=" | "), parent="album")
async def album_question(ctx: Context) -> Reply:
    if (pair := split_pair(_text(ctx))) is None:  # `TITLE QUESTION | ANSWER`
        raise Invalid(_("Write the question, then | and the answer: /album question Trip Where did we meet? | Rome"))
    album, question = await albums.own_album(ctx.uow, ctx.account, pair[0])
    album = await albums_gate.set_question(ctx.uow, ctx.now, ctx.account, album, question, pair[1])
    return reply(_("“{title}” now opens for whoever answers: {question}\n"
                   "They answer in a private chat with me: /album answer {handle} {title} ANSWER").format(
                       title=album.title, question=album.question, handle=ctx.account.handle), personal=True)


@commands.command("answer", N_("Answer an album's question (in a private chat): HANDLE TITLE ANSWER"),
                  Param("handle", "handle", N_("whose album")), Param("album", "text", N_("the album's title"), label="title"),
                  Param("answer", "text", N_("your answer"), joined=" "), parent="album")
async def album_answer(ctx: Context) -> Reply:
    if ctx.incoming.chat != "private":
        return reply(_("Answer in a private chat with me, so nobody else reads your answer."), personal=True)
    owner = await ctx.target(ctx.args["handle"])
    album, answer = await albums.find_listed(ctx.uow, ctx.viewer, ctx.account, owner, _text(ctx))
    if not answer:
        raise Invalid(_("Write your answer after the title: /album answer {handle} {title} ANSWER").format(
            handle=owner.handle, title=album.title))
    attempt = await albums_gate.answer_question(ctx.uow, ctx.now, ctx.account, album, answer)
    if attempt.correct:
        return reply(_("✅ Right! “{title}” by @{handle} is open to you.").format(title=album.title, handle=owner.handle),
                     buttons=((uploads.link(ctx, owner, album),),), personal=True)
    left = attempt.tries_left
    return reply("⚠️ " + ngettext("That's not the answer. {n} try left this hour.",
                                  "That's not the answer. {n} tries left this hour.", left).format(n=left),
                 personal=True)


@commands.command("cover", N_("Choose an album's cover: TITLE PHOTO_ID"), TITLE,
                  Param("photo", "word", N_("the photo, e.g. p12"), joined=" "), parent="album")
async def album_cover(ctx: Context) -> Reply:
    album, token = await albums.own_album(ctx.uow, ctx.account, _text(ctx))
    if not token or " " in token:
        raise Invalid(_("Name the album, then the photo: /album cover TITLE p12"))
    album = await albums.set_cover(ctx.uow, ctx.now, ctx.account, album, syntax.photo_id(token))
    return reply(_("p{id} is the cover of “{title}”.").format(id=album.cover_photo_id, title=album.title))


@commands.command("delete", N_("Delete an album and its photos (asks first)"), TITLE, parent="album")
async def album_delete(ctx: Context) -> Reply:
    album, rest = await albums.own_album(ctx.uow, ctx.account, _text(ctx))
    if rest:
        raise Invalid(_("Only the album's name, please: /album delete {title}").format(title=album.title))
    n = album.photo_count
    return reply(ngettext("Delete “{title}” and its {n} photo? This can't be undone.",
                          "Delete “{title}” and its {n} photos? This can't be undone.", n).format(title=album.title, n=n),
                 buttons=((Button(_("🗑 Delete"), f"albdel:{album.id}"), Button(_("Keep it"), "albkeep:0")),),
                 personal=True)


@commands.action("albdel")
async def album_delete_confirmed(ctx: Context, arg: str) -> Reply:
    if not arg.isdigit():
        return reply(_("That button has expired. Send /album delete again."))
    try:
        album = await albums.delete_album(ctx.uow, ctx.account, int(arg))
    except NotFound as exc:  # pressed twice: the question answered as things are
        return reply(f"⚠️ {exc.message}", personal=True, in_place=True)
    return reply(_("Album “{title}” deleted.").format(title=album.title), in_place=True)


@commands.action("albkeep")
async def album_keep(ctx: Context, arg: str) -> Reply:
    return reply(_("Kept — nothing was deleted."), in_place=True)


@commands.command("upload", N_("Send photos to an album: the next photos you send go there"),
                  TITLE, parent="album")
async def album_upload(ctx: Context) -> Reply:
    album, rest = await albums.own_album(ctx.uow, ctx.account, _text(ctx))
    if rest:
        raise Invalid(_("Only the album's name, please: /album upload {title}").format(title=album.title))
    if ctx.incoming.attachments:
        return await uploads.add(ctx, album, "")
    await uploads.open_window(ctx, album)
    minutes = int(uploads.UPLOAD_WINDOW.total_seconds() // 60)
    if ctx.in_group:
        # Bots read no plain messages in groups (Telegram's privacy mode, Discord without message
        # content): the photos go to the private chat, where the window is open as well.
        return reply(ngettext("Send the photos in our private chat: for {n} minute every photo you send me there "
                              "goes to “{title}”.",
                              "Send the photos in our private chat: for {n} minutes every photo you send me there "
                              "goes to “{title}”.", minutes).format(n=minutes, title=album.title), personal=True)
    return reply(ngettext("Send the photos now: for {n} minute every photo you send goes to “{title}”.",
                          "Send the photos now: for {n} minutes every photo you send goes to “{title}”.",
                          minutes).format(n=minutes, title=album.title))


feature = Feature("albums", N_("Albums and photos"), commands, groups={"album": N_("Albums: photo albums in your zone")})

__all__ = ["feature"]
