"""Special care (特别关心): up to MAX_CARE friends whose new posts reach the carer at once.

Private to the carer: nobody is told they are cared about. Only friends may be cared about, and
ending the friendship (unfriending, a block) ends the care (core.social.friends). Who hears of a
cared post is decided at dispatch and again at sending time (`owed`): only carers who are still
friends, may see the post (core.privacy), and are not blocked by, blocking or banned with its author.
"""

from __future__ import annotations

from datetime import datetime

from core import privacy
from core.care.events import CaredPostAdded
from core.errors import Conflict, Invalid, LimitExceeded, NotFound
from core.events import Event
from core.i18n import _
from core.model import Account
from core.ports import UnitOfWork
from core.posts.events import PostCreated
from core.privacy import Viewer
from core.recipients import present_to, recipients_for

MAX_CARE = 10


async def add_care(uow: UnitOfWork, now: datetime, me: Account, other: Account) -> None:
    """Keep `other` (a friend) in special care; at most MAX_CARE, however many ask at once."""
    if other.id == me.id:
        raise Invalid(_("Your own posts need no special care — name a friend."))
    if not await uow.social.are_friends(me.id, other.id):
        raise NotFound(_("@{handle} isn't your friend: special care is for friends. /friend {handle} first.")
                       .format(handle=other.handle))
    if not await uow.social.add_care(me.id, other.id, now, MAX_CARE):
        if other.id in await uow.social.cared_by(me.id):
            raise Conflict(_("@{handle} is already in your special care.").format(handle=other.handle))
        raise LimitExceeded(_("Special care holds {n} friends at most. /uncare HANDLE makes room.").format(n=MAX_CARE))


async def remove_care(uow: UnitOfWork, me: Account, other: Account) -> None:
    if not await uow.social.remove_care(me.id, other.id):
        raise NotFound(_("@{handle} isn't in your special care. /care lists who is.").format(handle=other.handle))


async def cared(uow: UnitOfWork, me: Account) -> list[Account]:
    """Whom `me` keeps in special care (a banned friend is left out until unbanned)."""
    ids = await uow.social.cared_by(me.id)
    banned = await uow.moderation.banned_among(ids)
    found = await uow.accounts.get_many([i for i in ids if privacy.present(Viewer(me.id), i, i in banned)])
    return [found[i] for i in ids if i in found]


async def on_post_created(uow: UnitOfWork, event: Event, now: datetime) -> None:
    """In-transaction subscriber: a new post (not one held for review) by someone cared about goes to the outbox."""
    if isinstance(event, PostCreated) and not event.held and await uow.social.carers_of(event.author_id):
        await uow.outbox.add(CaredPostAdded(event.post_id, event.author_id), now)


async def owed(uow: UnitOfWork, event: CaredPostAdded, carer_id: int) -> bool:
    """Whether `carer_id` hears of this post now: still caring, still friends, may see it, no block either way."""
    author = event.author_id
    if carer_id not in await uow.social.carers_of(author) or not await uow.social.are_friends(carer_id, author):
        return False
    if await uow.social.is_blocked(carer_id, author) or await uow.social.is_blocked(author, carer_id):
        return False
    if not await present_to(uow, author, [carer_id]):
        return False
    rule = privacy.content_rule(Viewer(carer_id))
    return await uow.posts.get_visible(event.post_id, carer_id, rule) is not None


@recipients_for(CaredPostAdded)
async def carers(uow: UnitOfWork, event: Event) -> list[int]:
    assert isinstance(event, CaredPostAdded)
    return [c for c in await uow.social.carers_of(event.author_id) if c != event.author_id and await owed(uow, event, c)]
