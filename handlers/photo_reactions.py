"""Likes and comments on album photos from chat: `/photo show p12`, and `/like`, `/unlike`, `/comment`,
`/likes` given a photo (`p12`) where they take a post — the commands of handlers/comments.py and
handlers/likes_list.py hand photos to the functions here. Core decides everything
(core.albums.reactions); this words it. A photo's card starts with `p12`, so a reply to it comments
on the photo, as a reply to a post's card comments on the post.
"""

from __future__ import annotations

from datetime import datetime

from chat.messages import Button, Image, Reply, Span, plain, reply
from core.albums import reactions, service as albums
from core.albums.reactions import PhotoView
from core.events import Event
from core.i18n import N_, _, ngettext
from core.model import Account
from core.ports import UnitOfWork
from core.posts import PhotoLiked
from handlers import syntax
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import ago, comment_spans, who
from handlers.notices import notice_for
from handlers.registry import CommandGroup, Param

commands = CommandGroup()


def photo_spans(view: PhotoView, now: datetime) -> list[Span]:
    """The card's text, first line `p12 · owner · album · age` (replies to it comment on the photo)."""
    p = view.photo
    spans = [plain(f"p{p.id} · {who(view.owner)} · 🖼 {view.album.title} · {ago(p.created_at, now)}\n")]
    if p.caption:
        spans.append(plain(p.caption + "\n"))
    spans.append(plain(f"👍 {view.likes}   💬 {view.comments}"))
    return spans


def like_toggle(view: PhotoView) -> Button:
    pid = view.photo.id
    return Button(_("👎 Unlike"), f"unlike:p{pid}") if view.liked else Button(_("👍 Like"), f"like:p{pid}")


def photo_buttons(ctx: Context, view: PhotoView) -> tuple[tuple[Button, ...], ...]:
    """Like (or Unlike), Comment, and the photo's web page (signed for the asker)."""
    url = ctx.services.photo_url(ctx.account, view.owner, view.photo.id, ctx.now)
    return ((like_toggle(view), Button(_("💬 Comment"), f"cmt:p{view.photo.id}"),
             Button(_("🖼 Open on the web"), url=url)),)


async def _personal(ctx: Context, view: PhotoView) -> bool:
    """In a group, only what strangers may see is shown to everyone; the rest goes to the asker alone."""
    return ctx.in_group and not await albums.is_public_album(ctx.uow, view.album)


async def _picture(ctx: Context, view: PhotoView) -> tuple[Image, ...]:
    media = ctx.services.media
    if media is None:
        return ()
    p = view.photo
    data = await media.read(p.files.get("1280.jpg") or p.files.get("320.jpg", ""))
    return (Image(data, p.alt or p.caption, f"p{p.id}.jpg"),) if data else ()


async def show(ctx: Context, photo_id: int) -> list[Reply]:
    """The photo's card (the picture, its caption and counts, Like and Comment) and its comments."""
    page = await reactions.page(ctx.uow, ctx.viewer, photo_id)
    view, personal = page.view, await _personal(ctx, page.view)
    spans = photo_spans(view, ctx.now)
    spans.append(plain("\n" + _("Photo {n} of {total} in “{title}”.").format(
        n=page.position, total=page.total, title=view.album.title)))
    out = [Reply(spans=tuple(spans), buttons=photo_buttons(ctx, view), images=await _picture(ctx, view),
                 personal=personal)]
    if page.threads:
        out.append(reply(*comment_spans(page.threads, ctx.now), _("Reply to a comment: /reply c<ID> text"),
                         personal=personal))
    return out


@commands.command("show", N_("Show a photo with its likes and comments"),
                  Param("id", "word", N_("photo, e.g. p12"), label="photo"), parent="photo")
async def photo_show(ctx: Context) -> list[Reply]:
    return await show(ctx, syntax.photo_id(ctx.args["id"]))


async def like(ctx: Context, photo_id: int, liked: bool) -> list[Reply]:
    """`/like p12`, `/unlike p12`, or a press of the card's button (answered with the flipped button alone)."""
    if liked:
        view, changed = await reactions.like(ctx.uow, ctx.now, ctx.account, photo_id)
        said = _("Liked p{id}") if changed else _("You already like p{id}")
    else:
        view, changed = await reactions.unlike(ctx.uow, ctx.account, photo_id)
        said = _("Unliked p{id}") if changed else _("You hadn't liked p{id}")
    pressed = ctx.incoming.action is not None
    buttons = ((like_toggle(view),),) if pressed else photo_buttons(ctx, view)
    return [reply(said.format(id=view.photo.id) + f" · 👍 {view.likes}", buttons=buttons, toast=pressed,
                  personal=pressed)]


async def comment(ctx: Context, photo_id: int, text: str) -> Reply:
    c = await reactions.add_comment(ctx.uow, ctx.now, ctx.account, photo_id, text)
    return reply(_("c{id} Comment added to p{photo}.").format(id=c.id, photo=photo_id))


@notice_for(PhotoLiked)
async def liked_notice(uow: UnitOfWork, event: Event, recipient: Account) -> Reply | None:
    assert isinstance(event, PhotoLiked)
    liker = await uow.accounts.get(event.by_id)
    if liker is None:
        return None
    # The first line names the photo, so replying to this message comments on it.
    return Reply(spans=(plain(f"p{event.photo_id} 👍 " + _("{who} liked your photo.").format(who=who(liker))),),
                 buttons=((Button(_("🖼 Show"), f"pshow:{event.photo_id}"),),))


@commands.action("pshow")
async def show_pressed(ctx: Context, arg: str) -> list[Reply]:
    if not arg.isdigit():
        return [reply(_("That button has expired."))]
    return await show(ctx, int(arg))


feature = Feature("photo_reactions", N_("Likes and comments on photos"), commands, topic="albums")

__all__ = ["comment", "feature", "like", "likers", "show"]
