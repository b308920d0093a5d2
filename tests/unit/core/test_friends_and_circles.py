"""Friend requests, friendships, blocks and circles on memory."""

from __future__ import annotations

import pytest

from core.errors import Conflict, Invalid, NotFound
from core.model import Account
from core.moderation.model import Sanction, SanctionKind
from core.privacy import Viewer
from core.social import circles
from core.social import friends
from core.social.events import FriendAccepted, FriendRequested
from tests.builders import World
from tests.unit.core.helpers import befriend, person, tx


async def events(world: World) -> list[object]:
    return [s.event for s in await tx(world, lambda uow: uow.outbox.claim(100))]


async def request(world: World, a: Account, b: Account) -> str:
    return await tx(world, lambda uow: friends.request_friend(uow, world.clock.now(), a, b))


async def friend_handles(world: World, of: Account) -> list[str]:
    return [a.handle for a in await tx(world, lambda uow: friends.friends_of(uow, of))]


async def test_a_request_then_its_acceptance_makes_friends_both_ways_and_raises_both_events(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    await befriend(world, alice, bob)
    assert (await friend_handles(world, alice), await friend_handles(world, bob)) == (["bob"], ["alice"])
    assert await events(world) == [FriendRequested(alice.id, bob.id), FriendAccepted(bob.id, alice.id)]
    assert await tx(world, lambda uow: friends.accept_friend(uow, world.clock.now(), bob, alice)) is False


async def test_asking_someone_who_already_asked_you_accepts_their_request(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    assert await request(world, alice, bob) == "requested"
    assert await request(world, bob, alice) == "accepted"
    assert await friend_handles(world, alice) == ["bob"]


async def test_bad_requests_are_refused_and_change_nothing(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    with pytest.raises(Invalid, match="can't friend yourself"):
        await request(world, alice, alice)
    await request(world, alice, bob)
    with pytest.raises(Conflict, match="already asked @bob"):
        await request(world, alice, bob)
    with pytest.raises(NotFound, match="hasn't sent you a friend request"):
        await tx(world, lambda uow: friends.accept_friend(uow, world.clock.now(), alice, bob))
    await tx(world, lambda uow: friends.accept_friend(uow, world.clock.now(), bob, alice))
    with pytest.raises(Conflict, match="already friends"):
        await request(world, alice, bob)
    with pytest.raises(Conflict, match="already friends"):
        await tx(world, lambda uow: friends.decline_friend(uow, world.clock.now(), bob, alice))


async def test_a_declined_request_is_gone_and_the_lists_show_both_directions(world: World) -> None:
    alice, bob, carol = await person(world, "alice"), await person(world, "bob"), await person(world, "carol")
    await request(world, alice, bob)
    await request(world, carol, alice)
    incoming, outgoing = await tx(world, lambda uow: friends.requests(uow, alice))
    assert ([a.handle for a in incoming], [a.handle for a in outgoing]) == (["carol"], ["bob"])
    await tx(world, lambda uow: friends.decline_friend(uow, world.clock.now(), bob, alice))
    assert await tx(world, lambda uow: friends.requests(uow, bob)) == ([], [])


async def test_blocking_ends_the_friendship_leaves_circles_and_drops_requests_both_ways(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    await befriend(world, alice, bob)
    await tx(world, lambda uow: circles.new_circle(uow, alice, "family"))
    await tx(world, lambda uow: circles.add_members(uow, alice, "family", [bob]))
    await tx(world, lambda uow: friends.block(uow, world.clock.now(), alice, bob))
    assert await friend_handles(world, alice) == []
    _, members = await tx(world, lambda uow: circles.circle_members(uow, alice, "family"))
    assert members == []
    with pytest.raises(Conflict, match="already blocked"):
        await tx(world, lambda uow: friends.block(uow, world.clock.now(), alice, bob))
    with pytest.raises(Conflict, match="You blocked @bob"):
        await request(world, alice, bob)


async def test_a_request_to_someone_who_blocked_you_waits_unseen_and_goes_when_they_unblock(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    await tx(world, lambda uow: friends.block(uow, world.clock.now(), bob, alice))
    await events(world)
    assert await request(world, alice, bob) == "requested"
    assert await events(world) == []  # the blocker never hears of it
    assert await tx(world, lambda uow: friends.requests(uow, bob)) == ([], [])
    _, outgoing = await tx(world, lambda uow: friends.requests(uow, alice))
    assert [a.handle for a in outgoing] == ["bob"]
    with pytest.raises(NotFound):
        await tx(world, lambda uow: friends.accept_friend(uow, world.clock.now(), bob, alice))
    await tx(world, lambda uow: friends.unblock(uow, bob, alice))
    assert await tx(world, lambda uow: friends.requests(uow, alice)) == ([], [])
    with pytest.raises(NotFound, match="isn't blocked"):
        await tx(world, lambda uow: friends.unblock(uow, bob, alice))


async def test_to_someone_blocked_the_zone_is_closed_like_a_friends_only_zone_to_a_stranger(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    await befriend(world, alice, bob)
    assert await tx(world, lambda uow: friends.can_open_zone(uow, Viewer(bob.id), alice))
    await tx(world, lambda uow: friends.block(uow, world.clock.now(), alice, bob))
    assert not await tx(world, lambda uow: friends.can_open_zone(uow, Viewer(bob.id), alice))
    with pytest.raises(NotFound, match="zone is not open to you"):
        await tx(world, lambda uow: friends.visible_friends(uow, Viewer(bob.id), alice))


async def test_unfriending_ends_it_for_both_and_only_once(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    await befriend(world, alice, bob)
    await tx(world, lambda uow: friends.unfriend(uow, bob, alice))
    assert (await friend_handles(world, alice), await friend_handles(world, bob)) == ([], [])
    with pytest.raises(NotFound, match="aren't friends"):
        await tx(world, lambda uow: friends.unfriend(uow, bob, alice))


async def test_circles_hold_only_friends_and_their_names_match_however_typed(world: World) -> None:
    alice, bob, carol = await person(world, "alice"), await person(world, "bob"), await person(world, "carol")
    await befriend(world, alice, bob)
    await tx(world, lambda uow: circles.new_circle(uow, alice, "Close Friends"))
    with pytest.raises(Conflict, match="already have a circle called Close Friends"):
        await tx(world, lambda uow: circles.new_circle(uow, alice, "close-friends"))
    with pytest.raises(Invalid, match="not your friends: @carol"):
        await tx(world, lambda uow: circles.add_members(uow, alice, "close friends", [bob, carol]))
    assert await tx(world, lambda uow: circles.add_members(uow, alice, "close friends", [bob])) == (["bob"], [])
    assert await tx(world, lambda uow: circles.add_members(uow, alice, "CLOSE FRIENDS", [bob])) == ([], ["bob"])
    assert await tx(world, lambda uow: circles.remove_members(uow, alice, "close_friends", [bob, carol])) == ["bob"]
    with pytest.raises(Invalid, match="circle name is 1–32"):
        await tx(world, lambda uow: circles.new_circle(uow, alice, "no/slashes"))


async def test_circles_are_listed_by_name_and_capped(world: World) -> None:
    alice = await person(world, "alice")
    for name in ("zoo", "art", "mid"):
        await tx(world, lambda uow: circles.new_circle(uow, alice, name))
    assert [c.name for c in await tx(world, lambda uow: circles.list_circles(uow, alice))] == ["art", "mid", "zoo"]
    for n in range(circles.MAX_CIRCLES - 3):
        await tx(world, lambda uow: circles.new_circle(uow, alice, f"c{n}"))
    with pytest.raises(Invalid, match=f"up to {circles.MAX_CIRCLES} circles"):
        await tx(world, lambda uow: circles.new_circle(uow, alice, "one-more"))
    await tx(world, lambda uow: circles.delete_circle(uow, alice, "zoo"))
    await tx(world, lambda uow: circles.new_circle(uow, alice, "one-more"))


async def test_a_circles_name_may_run_into_the_member_list_unquoted(world: World) -> None:
    alice = await person(world, "alice")
    await tx(world, lambda uow: circles.new_circle(uow, alice, "Close Friends"))
    split = await tx(world, lambda uow: circles.split_members(uow, alice, "Close", ["friends", "bob", "carol"]))
    assert split == ("Close Friends", ["bob", "carol"])


async def test_a_banned_friend_drops_out_of_lists_until_unbanned(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    await befriend(world, alice, bob)
    await tx(world, lambda uow: uow.moderation.put_sanction(Sanction(bob.id, SanctionKind.BAN, None)))
    assert await friend_handles(world, alice) == []
    assert await tx(world, lambda uow: friends.friend_ids(uow, Viewer(bob.id), alice)) == [bob.id]  # to oneself
    await tx(world, lambda uow: uow.moderation.lift(bob.id, SanctionKind.BAN))
    assert await friend_handles(world, alice) == ["bob"]


async def test_a_banned_owners_zone_is_an_unknown_handle_to_everyone_but_themselves(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    await tx(world, lambda uow: uow.moderation.put_sanction(Sanction(alice.id, SanctionKind.BAN, None)))
    with pytest.raises(NotFound, match="No one is called @alice here"):
        await tx(world, lambda uow: friends.zone_owner(uow, Viewer(bob.id), alice))
    assert (await tx(world, lambda uow: friends.zone_owner(uow, Viewer(alice.id), alice))).id == alice.id
    assert not await tx(world, lambda uow: friends.can_open_zone(uow, Viewer(None), alice))
