"""Comments, replies and likes — by command, by button, or by replying to a post message."""

from __future__ import annotations

from typing import Any

from chat.messages import Reply, reply
from core.model import Post
from core.posts import comments, service as posts
from core.ratelimit import COMMENTS
from handlers.context import Context
from handlers.feature import Feature, Flow
from handlers.format import like_toggle, post_buttons
from handlers.registry import CommandGroup, Param

commands = CommandGroup()


async def _comment(ctx: Context, post_id: int, text: str) -> Reply:
    c = await posts.add_comment(ctx.uow, ctx.now, ctx.account, post_id, text)
    return reply(f"c{c.id} Comment added to #{post_id}.")


async def _reply(ctx: Context, comment_id: int, text: str) -> Reply:
    c = await posts.add_reply(ctx.uow, ctx.now, ctx.account, comment_id, text)
    return reply(f"c{c.id} Reply added to #{c.post_id}.")


async def delete_comment(ctx: Context, comment_id: int) -> Reply:
    """`/delete c17`: by the comment's author or the post's owner; replies go with it."""
    removed = await comments.delete_comment(ctx.uow, ctx.account, comment_id)
    replies = len(removed) - 1
    also = f" with {replies} repl{'y' if replies == 1 else 'ies'}" if replies else ""
    # Not "c17 …" first: a reply to this message must not become a reply to the removed comment.
    return reply(f"🗑 Comment c{comment_id} deleted{also}.")


@commands.command("comment", "Comment on a post", Param("id", "post", "post number"), Param("text", "text", "your comment"),
                  bucket=COMMENTS)
async def comment(ctx: Context) -> Reply:
    return await _comment(ctx, ctx.args["id"], ctx.args["text"])


@commands.command("reply", "Reply to a comment", Param("comment", "comment", "comment number, e.g. c17"),
                  Param("text", "text", "your reply"), bucket=COMMENTS)
async def reply_command(ctx: Context) -> Reply:
    return await _reply(ctx, ctx.args["comment"], ctx.args["text"])


async def _like_reply(ctx: Context, post: Post, liked: bool, changed: bool) -> list[Reply]:
    post_id = post.id
    author = ctx.account if post.author_id == ctx.account.id else await ctx.uow.accounts.get(post.author_id)
    assert author is not None
    view = posts.PostView(post=post, author=author, liked=liked)
    verb = ("Liked" if changed else "You already like") if liked else ("Unliked" if changed else "You hadn't liked")
    pressed = ctx.incoming.action is not None
    # A press answers with the flipped button alone: it takes the pressed one's place (Like ↔ Unlike),
    # every other button of that message stays as it was.
    buttons = ((like_toggle(view),),) if pressed else post_buttons(view, ctx.zone_url(author), ctx.account.id)
    return [reply(f"{verb} #{post_id} · 👍 {post.like_count}", buttons=buttons, post_id=post_id, toast=pressed,
                  personal=pressed)]


@commands.command("like", "Like a post", Param("id", "post", "post number"), button="like")
async def like(ctx: Context) -> list[Reply]:
    post, new = await posts.like(ctx.uow, ctx.now, ctx.account, ctx.args["id"])
    return await _like_reply(ctx, post, True, new)


@commands.command("unlike", "Take back a like", Param("id", "post", "post number"), button="unlike")
async def unlike(ctx: Context) -> list[Reply]:
    post, gone = await posts.unlike(ctx.uow, ctx.account, ctx.args["id"])
    return await _like_reply(ctx, post, False, gone)


def _post_id(arg: str) -> int | None:
    return int(arg) if arg.isdigit() else None


@commands.action("cmt")
async def comment_button(ctx: Context, arg: str) -> Reply:
    if (pid := _post_id(arg)) is None:
        return reply("That button has expired.")
    await posts.visible_post(ctx.uow, ctx.viewer, pid)
    await ctx.start_flow("comment", post_id=pid)
    return reply(f"Send your comment on #{pid} as your next message (or reply to the post).", personal=True,
                 asks=f"Your comment on #{pid}")


async def comment_flow(ctx: Context, flow: dict[str, Any]) -> Reply:
    return await _comment(ctx, int(flow["post_id"]), ctx.incoming.text)


async def reply_to_message(ctx: Context, ref: dict[str, Any]) -> Reply:
    """Replying to a message that shows a post comments on it; to a comment, replies to it."""
    if ref["ref"] == "comment":
        return await _reply(ctx, ref["id"], ctx.incoming.text)
    return await _comment(ctx, ref["id"], ctx.incoming.text)


feature = Feature("comments", "Comments, replies and likes", commands, topic="posts", flows={"comment": Flow(comment_flow, COMMENTS)},
                  on_reply_to=Flow(reply_to_message, COMMENTS))  # replying to a post's message comments on it

__all__ = ["delete_comment", "feature"]
