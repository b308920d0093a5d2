"""While someone is banned, their comments, likes and presence are gone everywhere; an unban brings them back."""

from __future__ import annotations

from tests.builders import World


async def stage(world: World) -> int:
    """bob's public post, liked and commented on by his friend mallory (and replied to by carol)."""
    await world.say("admin", "/start")
    await world.befriend("bob", "mallory")
    await world.befriend("bob", "carol")
    await world.say("bob", "/circle new close")
    await world.say("bob", "/circle add close carol mallory")
    pid = await world.post_id("bob", "/post public my holiday")
    await world.say("mallory", f"/like {pid}")
    await world.say("mallory", f"/comment {pid} visit my zone")
    await world.say("carol", "/reply c1 no thanks")
    await world.say("carol", f"/comment {pid} lovely")
    return pid


async def test_a_banned_persons_comments_likes_and_friendships_are_gone_in_chat_until_the_unban(world: World) -> None:
    pid = await stage(world)
    before = await world.says("carol", f"/show {pid}")
    assert "visit my zone" in before and "👍 1   💬 3" in before
    assert "@mallory" in await world.says("bob", "/friends")

    await world.say("admin", "/mod ban mallory spam")
    for viewer in ("carol", "bob"):
        shown = await world.says(viewer, f"/show {pid}")
        assert "visit my zone" not in shown and "Mallory" not in shown
        assert "no thanks" not in shown  # a reply goes with its thread head
        assert "lovely" in shown and "👍 0   💬 1" in shown
    assert "👍 0   💬 1" in await world.says("bob", "/feed")
    assert "@mallory" not in await world.says("bob", "/friends")
    assert "@mallory" not in await world.says("carol", "/friends bob")
    assert "Friends: 1" in await world.says("bob", "/me")
    assert await world.says("bob", "/circle show close") == "close: @carol"
    assert await world.says("carol", "/reply c1 hello?") == "⚠️ There is no comment c1 that you can see."
    assert await world.says("carol", "/report c1 spam") == "⚠️ There is no comment c1 that you can see."
    for command in ("/posts", "/friends", "/zone", "/friend", "/album list", "/block"):
        unknown = await world.says("carol", f"{command} nobody")
        assert unknown == "⚠️ No one is called @nobody here. Check the spelling."
        assert await world.says("carol", f"{command} mallory") == unknown.replace("@nobody", "@mallory"), command

    await world.say("admin", "/mod unban mallory")
    after = await world.says("carol", f"/show {pid}")
    assert "visit my zone" in after and "no thanks" in after and "👍 1   💬 3" in after
    assert "@mallory" in await world.says("bob", "/friends")
    assert await world.says("bob", "/circle show close") == "close: @carol, @mallory"


async def test_a_friend_request_from_someone_banned_is_not_listed_or_told(world: World) -> None:
    await world.say("admin", "/start")
    await world.say("bob", "/start")
    await world.say("mallory", "/friend bob")
    await world.say("admin", "/mod ban mallory")
    assert "mallory" not in await world.says("bob", "/requests")
    assert await world.notices("bob") == ""
    await world.say("admin", "/mod unban mallory")
    assert "Mallory (@mallory) wants to be your friend." in await world.says("bob", "/requests")


async def test_what_a_banned_person_did_before_the_ban_is_never_delivered_after_it(world: World) -> None:
    pid = await stage(world)
    await world.deliver()
    await world.say("mallory", f"/comment {pid} buy my stuff")
    await world.say("mallory", "/reply c3 me too")
    await world.say("admin", "/mod ban mallory 1d spam")
    got = await world.deliver()
    assert ("console", "bob") not in got and ("console", "carol") not in got
    [told] = got[("console", "mallory")]
    assert told.plain_text.startswith("⛔ You are banned from OpenZone until ")


async def test_a_banned_person_hears_nothing_but_their_ban(world: World) -> None:
    await world.say("admin", "/start")
    await world.befriend("bob", "mallory")
    await world.deliver()
    pid = await world.post_id("mallory", "/post public hello")
    await world.say("bob", f"/like {pid}")
    await world.say("bob", f"/comment {pid} hi mallory")
    await world.say("admin", "/mod ban mallory")
    assert await world.notices("mallory") == "⛔ You are banned from OpenZone until further notice."


async def test_a_notice_queued_before_a_ban_or_a_removal_is_withdrawn_instead_of_sent_late(world: World) -> None:
    pid = await stage(world)
    await world.deliver()
    await world.say("mallory", f"/comment {pid} buy my stuff")
    await world.say("carol", f"/comment {pid} see you soon")
    await world.say("carol", f"/comment {pid} still here")
    assert await world.deliver("telegram") == {}  # dispatched: owed to bob on the console, not sent yet
    await world.say("admin", "/mod ban mallory")
    await world.say("carol", "/delete c5")
    assert await world.notices("bob") == f"c6 💬 Carol (@carol) commented on your post #{pid}:\nstill here"


async def test_a_banned_handle_is_not_offered_as_you_type_until_the_unban(world: World) -> None:
    from chat.messages import Sender
    from handlers import completions

    await world.say("admin", "/start")
    for who in ("mallory", "mary", "carol"):
        await world.say(who, "/start")
    carol = Sender("console", "carol", "Carol", "carol")

    async def offered() -> list[str]:
        return [value for _, value in await completions(world.services, carol, "handle", "ma")]

    assert await offered() == ["mallory", "mary"]
    await world.say("admin", "/mod ban mallory spam")
    assert await offered() == ["mary"]
    await world.say("admin", "/mod unban mallory")
    assert await offered() == ["mallory", "mary"]


async def test_a_gift_from_someone_banned_before_it_is_delivered_is_never_told(world: World) -> None:
    from tests.integration.test_confirmations import actions, grant

    await grant(world, "mallory", 300)
    await world.befriend("mallory", "bob")
    await world.deliver()
    [give] = actions(await world.say("mallory", "/gift sakura bob hi"), "gift:")
    await world.press("mallory", give)
    await world.say("admin", "/mod ban mallory spam")
    assert await world.notices("bob") == ""


async def test_a_like_reply_counts_the_new_like_and_not_a_banned_persons(world: World) -> None:
    # PostgreSQL reads the reply's post in the like's own statement, from before the like: the new like is
    # added where the rule shows it, and a banned liker's stays uncounted.
    pid = await stage(world)
    await world.say("admin", "/mod ban mallory spam")
    assert (await world.says("carol", f"/like {pid}")).startswith(f"Liked #{pid} · 👍 1")
    assert (await world.says("carol", f"/like {pid}")).startswith(f"You already like #{pid} · 👍 1")
    assert (await world.says("bob", f"/like {pid}")).startswith(f"Liked #{pid} · 👍 2")
    await world.say("admin", "/mod unban mallory")
    assert "👍 3   💬 3" in await world.says("carol", f"/show {pid}")
