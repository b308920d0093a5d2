"""Posting, blogging, editing, showing posts, zones' post lists and the feed."""

from __future__ import annotations

import re
from typing import Any

from chat.messages import Button, Image, Reply, b, plain, reply
from core.albums import photos as albums_photos
from core.errors import Invalid, NotFound
from core.i18n import N_, _, ngettext, number
from core.model import MAX_BLOG, Account, PostKind, PostStatus
from core.posts import comments, service as posts
from core.ratelimit import POSTS
from core.social import friends
from core.visits import service as visits
from handlers import comments as comment_commands
from handlers import guestbook as guestbook_commands
from handlers.album_uploads import ingest
from handlers.context import Context
from handlers.feature import Feature, Flow
from handlers.format import comment_spans, like_toggle, post_list_spans, post_reply, who, zone_buttons
from handlers.syntax import split_blog
from handlers.pictures import face_of
from handlers.registry import CommandGroup, CommentNo, EntryNo, Param

commands = CommandGroup()
_ID_ONLY = re.compile(r"^#?\d{1,18}$")
CARD_PHOTOS = 10  # what one Telegram album or one Discord message carries
LIKES_PER_ROW = 5
AUDIENCE = Param("audience", "audience", N_("who sees it (default: your /privacy default)"), required=False,
                 choices=("public", "friends", "private"))


async def _pictures(ctx: Context, post_id: int) -> tuple[Image, ...]:
    """The photos a post carries (it is visible to the asker, so are they), for its card."""
    media = ctx.services.media
    if media is None:
        return ()
    out = []
    for photo in (await ctx.uow.albums.post_photos([post_id])).get(post_id, [])[:CARD_PHOTOS]:
        data = await media.read(photo.files.get("1280.jpg") or photo.files.get("320.jpg", ""))
        if data:
            out.append(Image(data, photo.alt or photo.caption, f"p{photo.id}.jpg"))
    return tuple(out)


async def _show(ctx: Context, post_id: int) -> list[Reply]:
    post = await posts.visible_post(ctx.uow, ctx.viewer, post_id)
    [view] = await posts.views(ctx.uow, ctx.viewer, [post])
    # In a group, only what strangers may see is shown to everyone; the rest goes to the asker alone.
    personal = ctx.in_group and not await posts.is_public(ctx.uow, post)
    out = [post_reply(view, ctx.now, ctx.zone_url(view.author), full=True, viewer_id=ctx.account.id,
                      personal=personal, images=await _pictures(ctx, post.id),
                      face=await face_of(ctx, view.author, personal=personal))]
    threads = await comments.threads(ctx.uow, ctx.viewer, post)
    if threads:
        out.append(reply(*comment_spans(threads, ctx.now), _("Reply to a comment: /reply c<ID> text"), personal=personal))
    return out


@commands.command("post", N_("Share a short post (or /post #ID to show one)"), AUDIENCE,
                  Param("text", "text", N_("up to 2,000 characters"), label=N_("text")), photos=4, bucket=POSTS)
async def post(ctx: Context) -> Any:
    text, token = ctx.args["text"], ctx.args.get("audience")
    if token is None and _ID_ONLY.match(text.strip()):
        return await _show(ctx, int(text.strip().lstrip("#")))
    audience = await posts.resolve_audience(ctx.uow, ctx.account, token)
    # Photos first: a bad one fails the whole command, so no post is left without its pictures.
    images = (await ingest(ctx, ctx.incoming.attachments, strict=True)).images if ctx.incoming.attachments else []
    p = await posts.create_post(ctx.uow, ctx.now, ctx.account, text, audience,
                              render=ctx.services.render_body)
    if images:
        await albums_photos.add_post_photos(ctx.uow, ctx.now, ctx.account, p, images)
        posted = ngettext("Posted #{id} to {where} with {n} photo.", "Posted #{id} to {where} with {n} photos.",
                          len(images)).format(id=p.id, where=audience.words, n=len(images))
    else:
        posted = _("Posted #{id} to {where}.").format(id=p.id, where=audience.words)
    view = posts.PostView(post=p, author=ctx.account, circle_name=audience.circle_name)  # fresh: no likes yet
    if p.status is PostStatus.HIDDEN:  # the word filter held it
        return [reply(held(p.id))]
    personal = ctx.in_group and not posts.is_public_new(ctx.account, p)
    # One message: the card itself says it was posted (its last line), with the photos it carries
    # (a post made without photos has none to read back).
    return [post_reply(view, ctx.now, ctx.zone_url(ctx.account), personal=personal, note=posted,
                       images=await _pictures(ctx, p.id) if images else (),
                       face=await face_of(ctx, ctx.account, personal=personal))]


def held(post_id: int) -> str:
    return _("⏳ #{id} is held for review: moderators will look at it before anyone else sees it.").format(id=post_id)


@commands.command("show", N_("Show one post with its comments"),
                  Param("id", "post", N_("post number, e.g. #42"), label=N_("id")))
async def show(ctx: Context) -> list[Reply]:
    return await _show(ctx, ctx.args["id"])


@commands.command("blog", N_("Write a blog post: TITLE | BODY (or the title now, the body next)"), AUDIENCE,
                  Param("text", "text", N_("the title"), label=N_("title")),
                  Param("body", "text", N_("the body in Markdown (leave it out to be asked for it)"), required=False,
                        joined=" | ", label=N_("body")), bucket=POSTS)
async def blog(ctx: Context) -> Reply:
    audience = await posts.resolve_audience(ctx.uow, ctx.account, ctx.args.get("audience"))
    title, body = split_blog(ctx.args["text"])
    if body is None:
        if not title:
            raise Invalid(_("Give the blog post a title: /blog My trip | It was great…"))
        await ctx.start_flow("blog_body", title=title, audience=ctx.args.get("audience"), lines=[])
        # Asked privately (from a group, in the private chat), with the messenger's text box where it has one.
        return reply(_("Title: {title}\nNow send the body (Markdown welcome). A message of several lines is published "
                       "as it is; or send it line by line and finish with a line with only a dot ({end}).").format(
                           title=title, end=END_OF_BODY),
                     personal=True, asks=_("The body of “{title}”").format(title=title))
    p = await posts.create_blog(ctx.uow, ctx.now, ctx.account, title, body, audience,
                              render=ctx.services.render_body)
    return await _published(ctx, p)


async def _published(ctx: Context, p: Any) -> Reply:
    # In a group (a server's channel), a blog post not for everyone is announced to its author alone.
    personal = ctx.in_group and not posts.is_public_new(ctx.account, p)
    return reply(_("Blog post #{id} “{title}” published.").format(id=p.id, title=p.title), post_id=p.id,
                 personal=personal)


END_OF_BODY = "."


async def blog_body_flow(ctx: Context, flow: dict[str, Any]) -> Reply | None:
    """The body of `/blog TITLE`: one message of several lines, or lines until one with only `.`.

    A console sends each line as its own message, a messenger a whole message at once: both
    come here. Raising keeps the flow as it was (the transaction rolls back with the line).
    """
    lines: list[str] = list(flow.get("lines", []))
    draft = {"title": flow["title"], "audience": flow.get("audience")}
    text = ctx.incoming.text.replace("\r\n", "\n")
    whole = ctx.incoming.whole or "\n" in text.strip("\n")
    if text.strip() != END_OF_BODY and not whole:
        if not lines and not text.strip():
            await ctx.start_flow("blog_body", **draft, lines=lines)  # a blank line before the body says nothing yet
            return None
        lines.append(text.rstrip())
        if len("\n".join(lines)) > MAX_BLOG:
            raise Invalid(_("The body would be over {n} characters. Send {end} to publish what you have.").format(
                n=number(MAX_BLOG), end=END_OF_BODY))
        await ctx.start_flow("blog_body", **draft, lines=lines)
        if len(lines) > 1:
            return None  # a line of a body being written: no answer to each one
        return reply(_("✍️ Writing “{title}”. Keep going; a line with only a dot ({end}) publishes it "
                       "(a command instead drops the draft).").format(title=flow["title"], end=END_OF_BODY), personal=True)
    if whole:
        parts = text.rstrip().split("\n")
        lines += parts[:-1] if parts[-1].strip() == END_OF_BODY else parts
    if not "\n".join(lines).strip():
        raise Invalid(_("The body is empty — write it first, then a line with only a dot ({end}).").format(end=END_OF_BODY))
    audience = await posts.resolve_audience(ctx.uow, ctx.account, flow.get("audience"))
    p = await posts.create_blog(ctx.uow, ctx.now, ctx.account, flow["title"], "\n".join(lines), audience,
                              render=ctx.services.render_body)
    return await _published(ctx, p)


@commands.command("edit", N_("Change the text of your post"), Param("id", "post", N_("post number"), label=N_("id")),
                  Param("text", "text", N_("the new text"), label=N_("text")))
async def edit(ctx: Context) -> Reply:
    p = await posts.edit_post(ctx.uow, ctx.now, ctx.account, ctx.args["id"], ctx.args["text"],
                            render=ctx.services.render_body)
    return reply(_("#{id} edited.").format(id=p.id))


@commands.command("delete", N_("Delete your post (asks first), or a comment (yours, or on your post)"),
                  Param("id", "post_or_comment", N_("post number (#42), comment number (c17) or guestbook entry (g12)"),
                        label=N_("id")))
async def delete(ctx: Context) -> Reply:
    if isinstance(ctx.args["id"], CommentNo):
        return await comment_commands.delete_comment(ctx, ctx.args["id"].id)
    if isinstance(ctx.args["id"], EntryNo):  # a guestbook entry: yours, or one in your guestbook
        return await guestbook_commands.delete_entry(ctx, ctx.args["id"].id)
    return await ask_delete_post(ctx, ctx.args["id"])


async def ask_delete_post(ctx: Context, post_id: int) -> Reply:
    """A deletion can't be undone, so it waits for a press; the post is checked to be one's own first."""
    p = await posts.own_post(ctx.uow, ctx.account, post_id)
    what = p.title if p.kind is PostKind.BLOG else p.body
    preview = (what[:60].rstrip() + "…") if len(what) > 60 else what
    question = (_("Delete #{id} “{preview}”? This can't be undone.").format(id=p.id, preview=preview) if preview
                else _("Delete #{id}? This can't be undone.").format(id=p.id))
    return Reply(spans=(plain(question),),
                 buttons=((Button(_("🗑 Delete"), f"delpost:{p.id}"), Button(_("✖️ Keep it"), "delno:")),), personal=True)


@commands.action("delpost")
async def delete_confirmed(ctx: Context, arg: str) -> Reply:
    if not arg.isdigit():
        return reply(_("That button has expired. Send /delete again."), personal=True)
    try:
        await posts.delete_post(ctx.uow, ctx.account, int(arg))
    except NotFound:  # pressed twice, or deleted meanwhile: the question answered as things are
        return reply(_("#{id} is already deleted.").format(id=arg), personal=True, in_place=True)
    # The question becomes its answer, in place, with no buttons left to press.
    return reply(_("#{id} deleted.").format(id=arg), personal=True, in_place=True)


@commands.action("delno")
async def delete_cancelled(ctx: Context, arg: str) -> Reply:
    return reply(_("Kept — nothing deleted."), personal=True, in_place=True)


@commands.command("share", N_("Reshare a public post (or your own) to an audience, with a remark"),
                  Param("id", "post", N_("post number"), label=N_("id")),
                  Param("audience", "audience", N_("who sees the share (default: your /privacy default, never wider "
                        "than the original)"), required=False, choices=("public", "friends", "private")),
                  Param("text", "text", N_("your remark"), required=False, label=N_("text")), bucket=POSTS)
async def share(ctx: Context) -> list[Reply]:
    token = ctx.args.get("audience")
    audience = await posts.resolve_audience(ctx.uow, ctx.account, token) if token else None
    p = await posts.share(ctx.uow, ctx.now, ctx.account, ctx.args["id"], ctx.args.get("text", ""), audience,
                        render=ctx.services.render_body)
    if p.status is PostStatus.HIDDEN:  # the word filter held the remark
        return [reply(held(p.id))]
    [view] = await posts.views(ctx.uow, ctx.viewer, [p])
    personal = ctx.in_group and not posts.is_public_new(ctx.account, p)
    where = posts.Audience(p.visibility, p.circle_id, view.circle_name).words
    return [reply(_("Shared #{original} as #{id} to {where}.").format(original=p.shared_post_id, id=p.id, where=where)),
            post_reply(view, ctx.now, ctx.zone_url(ctx.account), personal=personal, viewer_id=ctx.account.id,
                       face=await face_of(ctx, ctx.account, personal=personal))]


@commands.command("posts", N_("Posts in a zone (default: yours)"),
                  Param("handle", "handle", N_("whose"), required=False, label=N_("handle")))
async def list_posts(ctx: Context) -> list[Reply]:
    owner = await ctx.target(ctx.args["handle"]) if ctx.args.get("handle") else ctx.account
    if not await friends.can_open_zone(ctx.uow, ctx.viewer, owner):
        return [reply(_("@{handle}'s zone is not open to you. Ask them for a /zone link.").format(handle=owner.handle),
                      personal=True)]
    if ctx.incoming.action is None:  # opening the zone is a visit; turning its pages is not another
        await visits.record_visit(ctx.uow, ctx.now, ctx.services.catalog, ctx.viewer, owner,
                                  site_zone=ctx.services.time_zone)
    views = await posts.zone_posts(ctx.uow, ctx.viewer, owner, limit=posts.PAGE_SIZE + 1)
    return [await _page(ctx, views, f"zone:{owner.id}", _zone_title(owner),
                        _("{who} has no posts you can see yet.").format(who=who(owner)))]


@commands.command("feed", N_("Newest posts from your friends and you"))
async def feed(ctx: Context) -> list[Reply]:
    views = await posts.feed(ctx.uow, ctx.account, limit=posts.PAGE_SIZE + 1)
    return [await _page(ctx, views, "feed", _(FEED_TITLE), _("Your feed is empty. /post something or /friend someone!"))]


FEED_TITLE = N_("📰 Your feed, newest first")


def _zone_title(owner: Account) -> str:
    return _("📰 Posts in {who}'s zone, newest first").format(who=who(owner))


async def _page(ctx: Context, views: list[posts.PostView], kind: str, title: str, empty: str) -> Reply:
    """One message a page: the compact list, More (when there is more) and a web link per zone.

    Turning a page (More) shows the next one in the same message.
    """
    pressed = ctx.incoming.action is not None
    if not views:
        return reply(empty, personal=True, in_place=pressed)
    more, views = len(views) > posts.PAGE_SIZE, views[:posts.PAGE_SIZE]
    authors = list({v.author.id: v.author for v in views}.values())
    # Liking while scrolling: a button per post, named by its number, then More, then the zones.
    likes = [like_toggle(v) for v in views]
    buttons = (*(tuple(likes[n:n + LIKES_PER_ROW]) for n in range(0, len(likes), LIKES_PER_ROW)),
               *([(Button(_("⬇️ More"), f"more:{kind}:{views[-1].post.id}"),)] if more else []),
               *zone_buttons([(a, ctx.zone_url(a)) for a in authors], named=kind == "feed"))
    # The title comes first, so a reply to the list is not taken for a comment on its first post.
    spans = (b(title), plain("\n\n"), *post_list_spans(views, ctx.now), plain(_("Open one: /show ID")))
    return Reply(spans=spans, buttons=buttons, personal=True, in_place=pressed)


@commands.action("more")
async def more(ctx: Context, arg: str) -> list[Reply]:
    kind, _sep, rest = arg.rpartition(":")
    try:
        before = int(rest)
    except ValueError:
        return [reply(_("That button has expired. Send /feed again."))]
    if kind == "feed":
        views = await posts.feed(ctx.uow, ctx.account, before=before, limit=posts.PAGE_SIZE + 1)
        return [await _page(ctx, views, "feed", _(FEED_TITLE), _("That's all — you're up to date."))]
    if kind.startswith("zone:"):
        owner = await ctx.uow.accounts.get(int(kind[5:]))
        if owner is None:
            return [reply(_("That zone is gone."))]
        views = await posts.zone_posts(ctx.uow, ctx.viewer, owner, before=before, limit=posts.PAGE_SIZE + 1)
        return [await _page(ctx, views, kind, _zone_title(owner), _("That's all the posts you can see."))]
    return [reply(_("That button has expired."))]


feature = Feature("posts", N_("Posts, blogs, the feed and zones' posts"), commands,
                  flows={"blog_body": Flow(blog_body_flow)})  # body lines: messages only

__all__ = ["feature"]
