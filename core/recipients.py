"""The notifier's rules: who hears of an event (asked by the outbox dispatcher, and again at sending time)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core import privacy
from core.accounts.events import IdentityLinked
from core.events import ByEventType, Event
from core.ports import Delivery, UnitOfWork
from core.posts.events import CommentAdded, PostLiked, PostShared
from core.privacy import Viewer
from core.social.events import FriendAccepted, FriendRequested


async def _may_see_post(uow: UnitOfWork, account_id: int, post_id: int) -> bool:
    rule = privacy.content_rule(Viewer(account_id))
    return await uow.posts.get_visible(post_id, account_id, rule) is not None


async def present_to(uow: UnitOfWork, actor: int, wanted: list[int]) -> list[int]:
    """Those of `wanted` who may hear of what `actor` did (also for a feature's own recipients).

    Nobody hears of what a banned person did, and a banned person hears only of their ban
    (moderation's own notices are sent by their own recipients function)."""
    banned = await uow.moderation.banned_among([actor, *wanted])
    return [a for a in wanted if a not in banned and privacy.present(Viewer(a), actor, actor in banned)]


RecipientsFunc = Callable[[UnitOfWork, Event], Awaitable[list[int]]]
EXTRA_RECIPIENTS: ByEventType[RecipientsFunc] = ByEventType()
# A feature says who hears of its own events (e.g. a gift's recipient): @recipients_for(GiftSent).
recipients_for = EXTRA_RECIPIENTS.register


async def recipients(uow: UnitOfWork, event: Event) -> list[int]:
    """Accounts to notify of `event`; nobody hears of what they may not see."""
    if (extra := EXTRA_RECIPIENTS.get(event)) is not None:
        return await extra(uow, event)
    match event:
        case FriendRequested(from_id=sender, to_id=to):
            # A request answered (accepted, declined) or gone (a block, an unblock) before it was
            # told is news to no one: only one still waiting is told, and listed in /notifications.
            if not await uow.social.has_request(sender, to) or await uow.social.is_blocked(to, sender):
                return []
            return await present_to(uow, sender, [to])
        case FriendAccepted(by_id=by, requester_id=requester):
            return await present_to(uow, by, [requester])
        case PostLiked(by_id=actor, author_id=author, post_id=post_id) | PostShared(
            by_id=actor, author_id=author, post_id=post_id
        ):
            if author == actor or not await _may_see_post(uow, author, post_id):
                return []
            # A like by someone its author has blocked since is news to no one (as a photo's like).
            if isinstance(event, PostLiked) and await uow.social.is_blocked(author, actor):
                return []
            return await present_to(uow, actor, [author])
        case IdentityLinked(account_id=account):
            return [account]
    return []


# CommentAdded's recipients are core.posts.comments' own (a comment's subject may be a post or a photo).
# Events about what people did: re-checked just before sending, so what was removed, hidden or
# done by a since-banned person after the event was dispatched is not delivered late.
RECHECKED: list[type[Event]] = [CommentAdded, PostLiked, PostShared, FriendRequested, FriendAccepted]


def recheck(*event_types: type[Event]) -> None:
    """Re-ask a feature's own events' recipients just before sending, as RECHECKED's are."""
    RECHECKED.extend(t for t in event_types if t not in RECHECKED)


async def still_owed(uow: UnitOfWork, delivery: Delivery) -> bool:
    """Whether the delivery's recipient would still hear of its event, asked again at sending time."""
    event = await uow.outbox.event(delivery.event_id) if delivery.event_id is not None else None
    if not isinstance(event, tuple(RECHECKED)):
        return True
    account = await uow.accounts.by_identity(delivery.platform, delivery.external_id)
    return account is not None and account.id in await recipients(uow, event)
