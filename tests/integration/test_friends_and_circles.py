"""Friend requests, blocks and circles, with their bad inputs."""

from __future__ import annotations

from tests.builders import World, text


async def test_friend_request_notifies_and_accept_makes_friends(world: World) -> None:
    await world.say("bob", "/start")
    assert "Friend request sent to @bob" in await world.says("alice", "/friend @bob")
    note = await world.deliver()
    [request] = note[("console", "bob")]
    assert "Alice (@alice) sent you a friend request" in request.plain_text
    assert [b.action for b in request.buttons[0]] == ["acc:alice", "dec:alice"]
    assert "now friends" in await world.press("bob", "acc:alice")
    assert "accepted your friend request" in await world.notices("alice")
    assert "@bob" in await world.says("alice", "/friends")


async def test_bad_friend_requests_get_clear_replies_and_change_nothing(world: World) -> None:
    await world.say("bob", "/start")
    assert "can't friend yourself" in await world.says("alice", "/friend alice")
    assert "No one is called @nobody" in await world.says("alice", "/friend nobody")
    assert "hasn't sent you a friend request" in await world.says("alice", "/accept bob")
    await world.say("alice", "/friend bob")
    assert "already asked" in await world.says("alice", "/friend bob")
    assert "Declined" in await world.says("bob", "/decline alice")
    assert "No friends yet" in await world.says("bob", "/friends")


async def test_a_request_accepted_before_it_was_told_is_not_told_but_the_accept_is(world: World) -> None:
    await world.say("bob", "/start")
    await world.say("alice", "/friend bob")
    assert "now friends" in await world.says("bob", "/accept alice")  # before the dispatcher ran
    got = await world.deliver()
    assert "sent you a friend request" not in text(got.get(("console", "bob"), []))
    assert "Bob (@bob) accepted your friend request" in text(got[("console", "alice")])
    assert "sent you a friend request" not in await world.says("bob", "/notifications")


async def test_a_request_declined_after_dispatch_but_before_sending_is_not_sent(world: World) -> None:
    await world.say("bob", "/start")
    await world.say("alice", "/friend bob")
    while await world.dispatcher.run_once():  # the delivery is made, not yet sent
        pass
    assert "Declined" in await world.says("bob", "/decline alice")
    assert await world.notices("bob") == ""
    assert "sent you a friend request" not in await world.says("bob", "/notifications")


async def test_mutual_requests_become_a_friendship(world: World) -> None:
    await world.say("bob", "/start")
    await world.say("alice", "/friend bob")
    assert "you are now friends" in await world.says("bob", "/friend alice")


async def test_blocking_ends_the_friendship_and_requests_never_arrive(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.deliver()
    await world.say("alice", "/block bob")
    assert "No friends yet" in await world.says("alice", "/friends")
    assert await world.says("bob", "/friend alice") == "Friend request sent to @alice."
    assert await world.notices("alice") == ""
    assert "unblocked" in await world.says("alice", "/unblock bob")
    assert "request sent" in await world.says("bob", "/friend alice")
    assert "sent you a friend request" in await world.notices("alice")


async def test_requests_lists_both_directions(world: World) -> None:
    for who in ("alice", "bob", "carol"):
        await world.say(who, "/start")
    await world.say("bob", "/friend alice")
    await world.say("alice", "/friend carol")
    listing = await world.says("alice", "/requests")
    assert "Bob (@bob) wants to be your friend." in listing and "You asked: @carol" in listing


async def test_circles_hold_only_friends_and_names_do_not_clash(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.say("carol", "/start")
    assert "created" in await world.says("alice", "/circle new family")
    assert "already have a circle called family" in await world.says("alice", "/circle new family")
    assert "not your friends: @carol" in await world.says("alice", "/circle add family bob carol")
    assert "Added @bob to family" in await world.says("alice", "/circle add family bob")
    assert "Already in it: @bob" in await world.says("alice", "/circle add family bob")
    assert "family: @bob" in await world.says("alice", "/circle show family")
    assert "family (1)" in await world.says("alice", "/circle list")
    assert "Removed @bob" in await world.says("alice", "/circle remove family bob")
    assert "deleted" in await world.says("alice", "/circle delete family")
    assert "no circle called family" in await world.says("alice", "/circle show family")
    assert "needs one of: new, add, remove, list, show, delete" in await world.says("alice", "/circle")
    assert "circle name is 1–32" in await world.says("alice", "/circle new bad!name")


async def test_profile_commands_validate_their_input(world: World) -> None:
    await world.say("bob", "/start")
    assert "A handle is 3–20 characters" in await world.says("alice", "/handle A!")
    assert "@bob is taken" in await world.says("alice", "/handle bob")
    assert "You are now @alice_w" in await world.says("alice", "/handle alice_w")
    assert "You are @alice_w already" in await world.says("alice", "/handle alice_w")
    assert "Your name is now Alice W." in await world.says("alice", "/name Alice W.")
    assert "Bio updated" in await world.says("alice", "/bio I like trains")
    me = await world.says("alice", "/me")
    assert "Alice W. (@alice_w)" in me and "I like trains" in me
    assert "Zone visibility" not in await world.says("alice", "/privacy zone friends default public")
    settings = await world.says("alice", "/privacy")
    assert "Zone: friends" in settings and "Default: public" in settings
    assert "zone is one of: public, friends, private — not “everyone”." in await world.says("alice", "/privacy zone everyone")


async def test_an_empty_friend_list_of_someone_else_sends_no_one_to_make_requests(world: World) -> None:
    await world.say("bob", "/start")
    theirs = await world.says("alice", "/friends bob")
    assert "@bob's friends (0):" in theirs and "None that you can see." in theirs and "/friend HANDLE" not in theirs
    assert "No friends yet — /friend HANDLE sends a request." in await world.says("alice", "/friends")
