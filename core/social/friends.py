"""Friend requests, friendships, blocks and zone access."""

from __future__ import annotations

from datetime import datetime

from core import privacy
from core.accounts import service as accounts
from core.errors import Conflict, Invalid, NotFound
from core.i18n import _
from core.model import Account
from core.moderation.model import SanctionKind
from core.ports import UnitOfWork
from core.privacy import Facts, Viewer
from core.social.events import FriendAccepted, FriendRequested

FEED_BACKFILL = 200


async def request_friend(uow: UnitOfWork, now: datetime, me: Account, other: Account) -> str:
    """Send a request — or accept theirs if they already asked. Returns 'requested' or 'accepted'.

    A request to someone who blocked the sender is answered and kept like any other, so the
    sender's /requests shows it waiting; the blocker never hears of it nor sees it (an ignored
    request, to the sender), and it goes when they unblock (a declined one).
    """
    if other.id == me.id:
        raise Invalid(_("You can't friend yourself — try someone else's handle."))
    if await uow.social.is_blocked(me.id, other.id):
        raise Conflict(_("You blocked @{handle}. /unblock {handle} first.").format(handle=other.handle))
    if await uow.social.are_friends(me.id, other.id):
        raise Conflict(_("You and @{handle} are already friends.").format(handle=other.handle))
    if await uow.social.has_request(other.id, me.id):
        await accept_friend(uow, now, me, other)
        return "accepted"
    if await uow.social.has_request(me.id, other.id):
        raise Conflict(_("You already asked @{handle}; waiting for them to accept.").format(handle=other.handle))
    await uow.social.add_request(me.id, other.id, now)
    if not await uow.social.is_blocked(other.id, me.id):
        await uow.outbox.add(FriendRequested(from_id=me.id, to_id=other.id), now)
    return "requested"


def _no_request(requester: Account) -> NotFound:
    return NotFound(_("@{handle} hasn't sent you a friend request. /requests lists yours.").format(handle=requester.handle))


async def accept_friend(uow: UnitOfWork, now: datetime, me: Account, requester: Account) -> bool:
    """Accept `requester`'s request: True; False when the two are already friends (Accept pressed
    again, or on another messenger's copy of the request) — the state as it is, not an error."""
    # A request from someone `me` blocked is invisible to `me`, so it can't be accepted either.
    if await uow.social.is_blocked(me.id, requester.id) or not await uow.social.delete_request(requester.id, me.id):
        if await uow.social.are_friends(me.id, requester.id):
            return False
        raise _no_request(requester)
    await _answered(uow, now, requester, me)
    await uow.social.add_friendship(me.id, requester.id)
    await uow.posts.backfill_feed(me.id, requester.id, FEED_BACKFILL)
    await uow.posts.backfill_feed(requester.id, me.id, FEED_BACKFILL)
    await uow.outbox.add(FriendAccepted(by_id=me.id, requester_id=requester.id), now)
    return True


async def decline_friend(uow: UnitOfWork, now: datetime, me: Account, requester: Account) -> None:
    if await uow.social.is_blocked(me.id, requester.id) or not await uow.social.delete_request(requester.id, me.id):
        if await uow.social.are_friends(me.id, requester.id):
            raise Conflict(_("You and @{handle} are already friends. /unfriend {handle} ends it.").format(handle=requester.handle))
        raise _no_request(requester)
    await _answered(uow, now, requester, me)


async def _answered(uow: UnitOfWork, now: datetime, requester: Account, asked: Account) -> None:
    """A request no longer waiting is news to no one (core.recipients): its notification, if `asked` had
    one, is read from now on, so no unread count (the web's header) counts what /notifications drops."""
    await uow.outbox.mark_read_of(asked.id, FriendRequested(from_id=requester.id, to_id=asked.id), now)


async def _end_friendship(uow: UnitOfWork, a: Account, b: Account) -> None:
    await uow.social.remove_friendship(a.id, b.id)
    await uow.social.remove_care(a.id, b.id)  # special care is for friends (core.care)
    await uow.social.remove_care(b.id, a.id)
    await uow.social.leave_circles_of(a.id, b.id)
    await uow.social.leave_circles_of(b.id, a.id)
    await uow.posts.drop_from_feed(a.id, b.id)
    await uow.posts.drop_from_feed(b.id, a.id)


async def unfriend(uow: UnitOfWork, me: Account, other: Account) -> None:
    if not await uow.social.are_friends(me.id, other.id):
        raise NotFound(_("You and @{handle} aren't friends.").format(handle=other.handle))
    await _end_friendship(uow, me, other)


async def block(uow: UnitOfWork, now: datetime, me: Account, other: Account) -> None:
    if other.id == me.id:
        raise Invalid(_("You can't block yourself."))
    if await uow.social.is_blocked(me.id, other.id):
        raise Conflict(_("@{handle} is already blocked.").format(handle=other.handle))
    await _end_friendship(uow, me, other)
    if await uow.social.delete_request(other.id, me.id):
        await _answered(uow, now, other, me)
    await uow.social.delete_request(me.id, other.id)  # theirs of it drops out of their list on its own
    await uow.social.block(me.id, other.id)


async def unblock(uow: UnitOfWork, me: Account, other: Account) -> None:
    if not await uow.social.unblock(me.id, other.id):
        raise NotFound(_("@{handle} isn't blocked.").format(handle=other.handle))
    # What they asked while blocked was never seen; to them it now reads as declined.
    await uow.social.delete_request(other.id, me.id)


async def present(uow: UnitOfWork, viewer: Viewer, ids: list[int]) -> list[int]:
    """The people among `ids` whose presence shows to `viewer` (privacy.presence_rule: not banned)."""
    banned = await uow.moderation.banned_among(ids)
    return [i for i in ids if privacy.present(viewer, i, i in banned)]


async def handles_starting(uow: UnitOfWork, viewer: Viewer, prefix: str, limit: int) -> list[str]:
    """Handles beginning with `prefix` that `viewer` may be offered (a banned person's is not, until unbanned)."""
    found = await uow.accounts.handles_starting(prefix, limit + 5)  # a few spare for the ones left out
    shown = set(await present(uow, viewer, [i for i, _ in found]))
    return [handle for i, handle in found if i in shown][:limit]


async def friend_ids(uow: UnitOfWork, viewer: Viewer, account: Account) -> list[int]:
    """The account's friends as `viewer` may list them: a banned friend is left out until unbanned."""
    return await present(uow, viewer, await uow.social.friend_ids(account.id))


async def friends_of(uow: UnitOfWork, account: Account, viewer: Viewer | None = None) -> list[Account]:
    """The account's friends by handle (as the account itself sees them unless `viewer` is given)."""
    ids = await friend_ids(uow, viewer or Viewer(account.id), account)
    found = await uow.accounts.get_many(ids)
    return sorted(found.values(), key=lambda a: a.handle)


async def requests(uow: UnitOfWork, me: Account) -> tuple[list[Account], list[Account]]:
    """(incoming, outgoing) pending requests, without banned people's, nor those `me` blocked."""
    me_viewer = Viewer(me.id)
    incoming = [i for i in await uow.social.incoming_requests(me.id) if not await uow.social.is_blocked(me.id, i)]
    inc = await uow.accounts.get_many(await present(uow, me_viewer, incoming))
    out = await uow.accounts.get_many(await present(uow, me_viewer, await uow.social.outgoing_requests(me.id)))
    return list(inc.values()), list(out.values())


async def can_open_zone(uow: UnitOfWork, viewer: Viewer, owner: Account) -> bool:
    """Whether `viewer` may open `owner`'s zone, decided by the privacy module."""
    relation = await uow.social.relation(viewer.account_id, owner.id)
    banned = await uow.moderation.sanction(owner.id, SanctionKind.BAN) is not None
    facts = Facts(relation=relation, zone=owner.zone_visibility, owner_banned=banned)
    return privacy.evaluate(privacy.zone_rule(viewer), facts)


async def zone_owner(uow: UnitOfWork, viewer: Viewer, owner: Account) -> Account:
    """The owner of a zone address as `viewer` may know them: a banned owner is, to everyone but
    themselves, exactly an unknown handle (the same NotFound), until the ban ends."""
    banned = await uow.moderation.sanction(owner.id, SanctionKind.BAN) is not None
    if not privacy.present(viewer, owner.id, banned):
        raise accounts.unknown_handle(owner.handle)
    return owner


async def picture_of(uow: UnitOfWork, viewer: Viewer, person: Account, which: str) -> dict[str, str]:
    """The person's avatar or cover (core.accounts.pictures) as `viewer` may see it (privacy.face_rule).

    NotFound when there is none or the viewer may not see the person: the same answer for both.
    """
    files = await shown_picture(uow, viewer, person, which)
    if files is None:
        raise NotFound(_("No such picture."))
    return files


async def shown_picture(uow: UnitOfWork, viewer: Viewer, person: Account, which: str) -> dict[str, str] | None:
    """picture_of, or None: for a chat reply that shows a face where it may (privacy.ANONYMOUS as
    `viewer` when everyone in a group reads the reply)."""
    files = getattr(person, which, None)
    if not files:
        return None
    relation = await uow.social.relation(viewer.account_id, person.id)
    banned = await uow.moderation.sanction(person.id, SanctionKind.BAN) is not None
    facts = Facts(relation=relation, zone=person.zone_visibility, owner_banned=banned)
    return dict(files) if privacy.evaluate(privacy.face_rule(viewer), facts) else None


async def visible_friends(uow: UnitOfWork, viewer: Viewer, owner: Account) -> list[Account]:
    """The owner's friend list as `viewer` may see it: only when the zone is open to them."""
    if not await can_open_zone(uow, viewer, owner):
        raise NotFound(_("@{handle}'s zone is not open to you.").format(handle=owner.handle))
    return await friends_of(uow, owner, viewer)
