"""The chat command layer, written once for every messenger.

Adapters import this face and `chat` (the message protocol), never a `handlers.<module>`.
"""

from __future__ import annotations

from handlers import albums, circles, comments, moderation, posts, profile, shop, social
from handlers.context import Context, Services
from handlers.router import LIKE_REACTIONS, Router, reaction_action, ref_in
from handlers.notices import render as render_notice
from handlers.registry import Command, CommandGroup, Param, Registry, Topic
from handlers.autocomplete import completions
from handlers.trace import REQUEST_ID

GROUPS = [
    profile.commands, posts.commands, comments.commands, social.commands, circles.commands,
    albums.commands, shop.commands, moderation.commands,
]


# /help's topics, in the order it lists them; a command may name another topic (`topic=`).
TOPICS = (
    Topic("account", "You, your zone and your settings", (profile.commands,)),
    Topic("posts", "Posts, comments and the feed", (posts.commands, comments.commands)),
    Topic("friends", "Friends and circles", (social.commands, circles.commands)),
    Topic("albums", "Albums and photos", (albums.commands,)),
    Topic("shop", "Coins, the shop and your zone's look", (shop.commands,)),
    Topic("safety", "Blocking and reporting"),
    Topic("mod", "Moderation (staff only)", (moderation.commands,)),
)


def build_registry(extra: list[CommandGroup] | None = None) -> Registry:
    """Every command of every feature, declared once."""
    extra = extra or []
    registry = Registry([*GROUPS, *extra], TOPICS + ((Topic("more", "More", tuple(extra)),) if extra else ()))
    registry.describe_group("circle", "Circles: named groups of friends")
    registry.describe_group("mod", moderation.SUMMARY)
    for name, summary in albums.GROUP_SUMMARIES.items():
        registry.describe_group(name, summary)
    return registry


def build_router(services: Services) -> Router:
    flows = {"blog_body": posts.blog_body_flow, "comment": comments.comment_flow}
    for feature in (albums, shop, moderation):
        flows.update(feature.flows)
    return Router(
        services, flows, on_reply_to=comments.reply_to_message,
        guards=list(getattr(moderation, "guards", [])),
        on_attachments=getattr(albums, "on_attachments", None),
    )


__all__ = [
    "LIKE_REACTIONS", "REQUEST_ID", "TOPICS", "Command", "CommandGroup", "Context", "Param", "Registry", "Router",
    "Services", "Topic", "build_registry", "build_router", "completions", "reaction_action", "ref_in", "render_notice",
]
