"""Comments, replies and likes — by command, by button, or by replying to a post message.

`/comment`, `/like` and `/unlike` take a post (`#42`) or an album photo (`p12`): photos are worded
by handlers/photo_reactions.py. A reply (`/reply c17`) answers a comment wherever it is.
"""

from __future__ import annotations

from typing import Any

from chat.messages import Button, Reply, reply
from core.i18n import N_, _, ngettext
from core.model import Account, Post, PostStatus
from core.albums import reactions
from core.posts import comments, service as posts
from core.ratelimit import COMMENTS
from handlers import photo_reactions
from handlers.context import Context
from handlers.feature import Feature, Flow
from handlers.format import like_button, post_buttons
from handlers.registry import CommandGroup, Param, PhotoNo

commands = CommandGroup()


async def _comment(ctx: Context, post_id: int, text: str) -> Reply:
    c = await posts.add_comment(ctx.uow, ctx.now, ctx.account, post_id, text)
    if c.status is PostStatus.PENDING:
        return reply(_("c{id} ⏳ Your comment on #{post} waits for its owner's approval; until then only you see it.")
                     .format(id=c.id, post=post_id))
    return reply(_("c{id} Comment added to #{post}.").format(id=c.id, post=post_id))


async def _reply(ctx: Context, comment_id: int, text: str) -> Reply:
    c = await posts.add_reply(ctx.uow, ctx.now, ctx.account, comment_id, text)
    if c.photo_id is not None:
        return reply(_("c{id} Reply added to p{photo}.").format(id=c.id, photo=c.photo_id))
    if c.status is PostStatus.PENDING:
        return reply(_("c{id} ⏳ Your reply on #{post} waits for the post owner's approval; until then only you see it.")
                     .format(id=c.id, post=c.post_id))
    return reply(_("c{id} Reply added to #{post}.").format(id=c.id, post=c.post_id))


async def delete_comment(ctx: Context, comment_id: int) -> Reply:
    """`/delete c17`: by the comment's author or the post's owner; replies go with it."""
    removed = await comments.delete_comment(ctx.uow, ctx.account, comment_id)
    replies = len(removed) - 1
    # Not "c17 …" first: a reply to this message must not become a reply to the removed comment.
    if not replies:
        return reply(_("🗑 Comment c{id} deleted.").format(id=comment_id))
    return reply(ngettext("🗑 Comment c{id} deleted with {n} reply.", "🗑 Comment c{id} deleted with {n} replies.",
                          replies).format(id=comment_id, n=replies))


TARGET = Param("id", "post_or_photo", N_("post number (#42) or photo (p12)"), label=N_("id"))


@commands.command("comment", N_("Comment on a post or a photo"), TARGET,
                  Param("text", "text", N_("your comment"), label=N_("text")), bucket=COMMENTS)
async def comment(ctx: Context) -> Reply:
    if isinstance(ctx.args["id"], PhotoNo):
        return await photo_reactions.comment(ctx, ctx.args["id"].id, ctx.args["text"])
    return await _comment(ctx, ctx.args["id"], ctx.args["text"])


@commands.command("reply", N_("Reply to a comment"),
                  Param("comment", "comment", N_("comment number, e.g. c17"), label=N_("comment")),
                  Param("text", "text", N_("your reply"), label=N_("text")), bucket=COMMENTS)
async def reply_command(ctx: Context) -> Reply:
    return await _reply(ctx, ctx.args["comment"], ctx.args["text"])


async def _like_reply(ctx: Context, post: Post, liked: bool, changed: bool, author: Account | None = None) -> list[Reply]:
    post_id = post.id
    pressed = ctx.incoming.action is not None
    if pressed:
        # A press answers with the flipped button alone: it takes the pressed one's place (Like ↔ Unlike),
        # every other button of that message stays as it was (so the author isn't even read).
        buttons: tuple[tuple[Button, ...], ...] = ((like_button(post_id, liked),),)
    else:
        if author is None:
            author = ctx.account if post.author_id == ctx.account.id else await ctx.uow.accounts.get(post.author_id)
        assert author is not None
        view = posts.PostView(post=post, author=author, liked=liked)
        buttons = post_buttons(view, ctx.zone_url(author), ctx.account.id)
    if liked:
        said = _("Liked #{id}") if changed else _("You already like #{id}")
    else:
        said = _("Unliked #{id}") if changed else _("You hadn't liked #{id}")
    return [reply(said.format(id=post_id) + f" · 👍 {post.like_count}", buttons=buttons, post_id=post_id,
                  toast=pressed, personal=pressed)]


@commands.command("like", N_("Like a post or a photo"), TARGET, button="like")
async def like(ctx: Context) -> list[Reply]:
    if isinstance(ctx.args["id"], PhotoNo):
        return await photo_reactions.like(ctx, ctx.args["id"].id, True)
    view, new = await posts.like_view(ctx.uow, ctx.now, ctx.account, ctx.args["id"])
    return await _like_reply(ctx, view.post, True, new, view.author)


@commands.command("unlike", N_("Take back a like"), TARGET, button="unlike")
async def unlike(ctx: Context) -> list[Reply]:
    if isinstance(ctx.args["id"], PhotoNo):
        return await photo_reactions.like(ctx, ctx.args["id"].id, False)
    post, gone = await posts.unlike(ctx.uow, ctx.account, ctx.args["id"])
    return await _like_reply(ctx, post, False, gone)


def _post_id(arg: str) -> int | None:
    return int(arg) if arg.isdigit() else None


@commands.action("cmt")
async def comment_button(ctx: Context, arg: str) -> Reply:
    """A card's Comment: `cmt:42` for a post, `cmt:p12` for a photo; the comment is the next message."""
    if arg[:1] == "p" and (photo := _post_id(arg[1:])) is not None:
        await reactions.view(ctx.uow, ctx.viewer, photo)
        await ctx.start_flow("comment", photo_id=photo)
        return reply(_("Send your comment on p{id} as your next message (or reply to the photo).").format(id=photo),
                     personal=True, asks=_("Your comment on p{id}").format(id=photo))
    if (pid := _post_id(arg)) is None:
        return reply(_("That button has expired."))
    await posts.visible_post(ctx.uow, ctx.viewer, pid)
    await ctx.start_flow("comment", post_id=pid)
    return reply(_("Send your comment on #{id} as your next message (or reply to the post).").format(id=pid),
                 personal=True, asks=_("Your comment on #{id}").format(id=pid))


async def comment_flow(ctx: Context, flow: dict[str, Any]) -> Reply:
    if flow.get("photo_id") is not None:
        return await photo_reactions.comment(ctx, int(flow["photo_id"]), ctx.incoming.text)
    return await _comment(ctx, int(flow["post_id"]), ctx.incoming.text)


async def reply_to_message(ctx: Context, ref: dict[str, Any]) -> Reply:
    """Replying to a message that shows a post (or a photo) comments on it; to a comment, replies to it."""
    if ref["ref"] == "comment":
        return await _reply(ctx, ref["id"], ctx.incoming.text)
    if ref["ref"] == "photo":
        return await photo_reactions.comment(ctx, ref["id"], ctx.incoming.text)
    return await _comment(ctx, ref["id"], ctx.incoming.text)


feature = Feature("comments", N_("Comments, replies and likes"), commands, topic="posts", flows={"comment": Flow(comment_flow, COMMENTS)},
                  on_reply_to=Flow(reply_to_message, COMMENTS))  # replying to a post's message comments on it

__all__ = ["delete_comment", "feature"]
