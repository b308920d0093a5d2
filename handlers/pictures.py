"""/avatar and /cover: a face and a zone cover, from a photo attached (the console takes a path)."""

from __future__ import annotations

from chat.messages import Face, Image, Reply, reply
from core import privacy
from core.accounts import pictures
from core.i18n import N_, _
from core.model import Account
from core.social import friends
from handlers.album_uploads import ingest
from handlers.context import Context
from handlers.feature import Feature
from handlers.registry import CommandGroup, Param

commands = CommandGroup()
REMOVE = "remove"
WORDS = {
    pictures.AVATAR: (N_("✅ Your avatar is set: people see it next to your name where their messenger shows pictures."),
                      N_("Your avatar is removed: people see your initials again."),
                      N_("You have no avatar yet: send /avatar with a photo attached (the console: /avatar PATH)."),
                      N_("Your avatar")),
    pictures.COVER: (N_("✅ Your zone's cover is set."),
                     N_("Your zone's cover is removed."),
                     N_("Your zone has no cover yet: send /cover with a photo attached (the console: /cover PATH)."),
                     N_("Your zone's cover")),
}


async def _picture(ctx: Context, which: str) -> Reply:
    done, removed, missing, alt = WORDS[which]
    if ctx.incoming.attachments:
        # Checked, re-encoded and stripped of metadata by the media pipeline before anything is kept.
        image = (await ingest(ctx, ctx.incoming.attachments[:1], strict=True)).images[0]
        await pictures.set_picture(ctx.uow, ctx.account, which, dict(image.files))
        return await _show(ctx, which, _(done))
    if (ctx.args.get("what") or "").strip().lower() == REMOVE:
        await pictures.set_picture(ctx.uow, ctx.account, which, None)
        return reply(_(removed), personal=True)
    if getattr(ctx.account, which) is None:
        return reply(_(missing), personal=True)
    return await _show(ctx, which, _("{title}:").format(title=_(alt)))


async def face_of(ctx: Context, person: Account, *, personal: bool) -> Face | None:
    """`person`'s avatar for a reply, if everyone who reads that reply may see it (core.privacy.face_rule).

    Who reads it: the asker in a private chat, or wherever the reply goes to them alone (`personal`:
    a DM, an ephemeral message); in a group, everyone there — so, as a post shown there must be one
    a stranger may see (core.posts.service.is_public), only a face a stranger may see. The bytes are
    read only if a messenger shows the face (the small rendition).
    """
    everyone = ctx.in_group and not personal
    viewer = privacy.ANONYMOUS if everyone else ctx.viewer
    files = await friends.shown_picture(ctx.uow, viewer, person, pictures.AVATAR)
    key = pictures.shown_key(files, prefer_small=True)
    media = ctx.services.media
    if key is None or media is None:
        return None

    async def fetch() -> bytes | None:
        return await media.read(key)

    return Face(_("Avatar of {name}").format(name=person.display_name), fetch, everyone=everyone)


async def _show(ctx: Context, which: str, text: str) -> Reply:
    key = pictures.shown_key(getattr(ctx.account, which))
    media = ctx.services.media
    data = await media.read(key) if media is not None and key else None
    images = (Image(data, _(WORDS[which][3]), f"{which}.jpg"),) if data else ()
    return reply(text, images=images, personal=True)


@commands.command("avatar", N_("Your avatar: send it with a photo attached (or remove)"),
                  Param("what", "word", N_("remove — back to initials"), required=False), photos=1)
async def avatar(ctx: Context) -> Reply:
    return await _picture(ctx, pictures.AVATAR)


@commands.command("cover", N_("Your zone's cover picture: send it with a photo attached (or remove)"),
                  Param("what", "word", N_("remove — no cover"), required=False), photos=1)
async def cover(ctx: Context) -> Reply:
    return await _picture(ctx, pictures.COVER)


feature = Feature("pictures", N_("Your avatar and your zone's cover"), commands, topic="account")

__all__ = ["feature"]
