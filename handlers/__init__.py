"""The chat command layer, written once for every messenger.

Adapters import this face and `chat` (the message protocol), never a `handlers.<module>`.
Each feature module declares itself once (`feature = Feature(...)` at its end); the registry and
the router are built from `FEATURES` alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from core.i18n import N_
from handlers import (
    albums, care, circles, comment_controls, comments, finding, guestbook, language, likes_list, moderation,
    moderation_cards, notifications, photo_reactions, photos, pictures, posts, profile, reporting, shop, social, visitors,
    wallet,
)
from handlers.cards import card_post, remember_cards
from handlers.autocomplete import completions
from handlers.context import Context, Services
from handlers.feature import Feature, Flow
from handlers.menus import staff_menus
from handlers.notices import notice_renderer, render as render_notice
from handlers.registry import Command, CommandGroup, Param, Registry, Topic, translated
from handlers.router import LIKE_REACTIONS, Router, reaction_action, ref_in
from handlers.trace import REQUEST_ID

T = TypeVar("T")

# In declaration order: /help and the menus list commands in this order.
FEATURES = [
    profile.feature, pictures.feature, language.feature, notifications.feature, posts.feature, comments.feature,
    comment_controls.feature, likes_list.feature, social.feature, care.feature, finding.feature, circles.feature,
    visitors.feature, guestbook.feature, albums.feature, photos.feature, photo_reactions.feature, shop.feature,
    wallet.feature, reporting.feature, moderation.feature, moderation_cards.feature,
]

# /help's topics, in the order it lists them; a feature lists its commands under its own (`topic=`),
# and a command may name another. Titles are msgids: `translated(title)` words them for a reader.
TOPICS = (
    Topic("account", N_("You, your zone and your settings")),
    Topic("posts", N_("Posts, comments and the feed")),
    Topic("friends", N_("Friends and circles")),
    Topic("albums", N_("Albums and photos")),
    Topic("shop", N_("Coins, the shop and your zone's look")),
    Topic("safety", N_("Blocking and reporting")),
    Topic("mod", N_("Moderation (staff only)")),
)


def build_registry(extra: list[CommandGroup] | None = None) -> Registry:
    """Every command of every feature, declared once (`extra`: more commands, under /help more)."""
    features = [*FEATURES, *(Feature("more", N_("More"), group) for group in extra or [])]
    topics = TOPICS + ((Topic("more", N_("More")),) if extra else ())
    registry = Registry([(f.help_topic, f.commands) for f in features], topics)
    for f in features:
        for name, summary in f.groups.items():
            registry.describe_group(name, summary)
    return registry


def build_router(services: Services) -> Router:
    """The router over every feature's flows, guards and non-command handlers."""
    flows: dict[str, Flow] = {}
    for f in FEATURES:
        if clash := flows.keys() & f.flows.keys():
            raise ValueError(f"flow {sorted(clash)[0]!r} declared twice")
        flows.update(f.flows)
    return Router(
        services, flows, on_reply_to=_one(f.on_reply_to for f in FEATURES),
        guards=[g for f in FEATURES for g in f.guards],
        on_attachments=_one(f.on_attachments for f in FEATURES),
    )


def _one(handlers: Iterable[T | None]) -> T | None:
    found = [h for h in handlers if h is not None]
    if len(found) > 1:
        raise ValueError("two features handle the same kind of message")
    return found[0] if found else None


__all__ = [
    "FEATURES", "LIKE_REACTIONS", "REQUEST_ID", "TOPICS", "Command", "CommandGroup", "Context", "Feature", "Param",
    "Registry", "Router", "Services", "Topic", "build_registry", "build_router", "completions", "reaction_action",
    "notice_renderer", "ref_in", "render_notice", "card_post", "remember_cards", "staff_menus", "translated",
]
