"""A spammer reported from Telegram, hidden and banned by the admin on the console, then unbanned."""

from __future__ import annotations

from tests.journeys.conftest import Town

SPAM = "BUY CHEAP COINS"


async def test_a_reported_spammer_is_hidden_banned_vanishes_everywhere_and_comes_back_when_unbanned(
    town: Town,
) -> None:
    rita, sam, admin = await town.telegram("rita"), await town.discord("sam"), town.console("admin")
    await admin.says("/start")
    await rita.says("/start")
    await sam.says("/start")
    assert "Posted #1 to public." in await rita.says("/post public my garden in spring")
    await sam.says("/friend rita")  # a friendly start
    await town.outbox()
    assert "sam (@sam) sent you a friend request" in rita.inbox()
    assert "now friends" in await rita.press("✅ Accept")
    assert "Posted #2 to public." in await sam.says(f"/post public {SPAM} number one")
    assert "Posted #3 to public." in await sam.says(f"/post public {SPAM} number two")
    assert "Comment added to #1" in await sam.says(f"/comment 1 {SPAM} in your garden")
    await town.outbox()
    assert SPAM in rita.inbox()  # the comment's notification

    visitor = await town.browser()
    status, zone = await visitor.open("/z/sam")
    assert status == 200 and f"{SPAM} number two" in zone
    status, garden = await visitor.open("/z/rita/p/1")
    assert f"{SPAM} in your garden" in garden
    assert (await visitor.client.get("/z/sam/feed.atom")).status == 200

    # Rita finds the first spam post in sam's list, opens it, and reports it with its 🚩 button;
    # the admin gets the report card.
    listing = await rita.says("/posts sam")
    assert f"{SPAM} number one" in listing
    assert f"{SPAM} number one" in await rita.says("/show 2")
    assert "What is wrong with #2? Send the reason as your next message." in await rita.press("🚩 Report")
    reported = await rita.says("spam, over and over")
    assert "report" in reported.lower(), reported
    card = await admin.notifications()
    assert "@sam" in card and "spam, over and over" in card and "🙈 Hide" in card, card

    # Hidden from the card: gone for everyone but sam.
    assert "hidden" in (await admin.press("🙈 Hide")).lower()
    assert await admin.notifications() == ""  # the handled card does not come back
    assert f"{SPAM} number one" not in await rita.says("/posts sam")
    status, _ = await visitor.open("/z/sam/p/2")
    assert status == 404
    await town.outbox()
    assert "A moderator hid your post no. 2 (reported)" in sam.inbox()
    assert f"{SPAM} number one" in await sam.says("/posts")  # still his to see

    # Banned: the zone, posts and comment vanish on the web and in chat; sam hears only the ban.
    assert "banned" in (await admin.says("/mod ban sam spam")).lower()
    await town.outbox()
    assert "⛔ You are banned from OpenZone until further notice (spam)." in sam.inbox()
    status, gone = await visitor.open("/z/sam")
    unknown, _ = await visitor.open("/z/nobody_here")
    assert status == unknown == 404 and SPAM not in gone
    status, garden = await visitor.open("/z/rita/p/1")
    assert status == 200 and "my garden in spring" in garden and SPAM not in garden
    assert SPAM not in await rita.says("/show 1")
    assert SPAM not in await rita.says("/posts sam")
    assert SPAM not in await admin.says("/feed")
    assert "@sam" not in await rita.says("/friends")
    _, friends = await visitor.open("/z/rita/friends")
    assert "@sam" not in friends
    assert (await visitor.client.get("/z/sam/feed.atom")).status == 404
    while_banned = await sam.says("/post public still here?")
    assert "banned" in while_banned.lower() and "Posted" not in while_banned

    # Unbanned: everything is back, except the post the moderator hid.
    assert "@sam is no longer banned" in await admin.says("/mod unban sam")
    await town.outbox()
    assert sam.inbox() == "✅ Your ban was lifted. Welcome back."
    status, back = await visitor.open("/z/sam")
    assert status == 200 and f"{SPAM} number two" in back and f"{SPAM} number one" not in back
    _, garden = await visitor.open("/z/rita/p/1")
    assert f"{SPAM} in your garden" in garden
    listing = await rita.says("/posts sam")
    assert f"{SPAM} number two" in listing and f"{SPAM} number one" not in listing
    assert "@sam" in await rita.says("/friends")
    assert (await visitor.client.get("/z/sam/feed.atom")).status == 200
    assert "Posted #4 to public." in await sam.says("/post public sorry, I'll behave")

    # Once more, for an hour: the ban ends by itself when the hour has passed, and he is told.
    assert "until" in await admin.says("/mod ban sam 1h again")
    await town.outbox()
    assert "⛔ You are banned from OpenZone until" in sam.inbox()
    assert (await visitor.client.get("/z/sam")).status == 404
    town.world.clock.advance(minutes=61)
    await town.outbox()
    assert "Your ban has ended" in sam.inbox()
    status, back = await visitor.open("/z/sam")
    assert status == 200 and "sorry, I'll behave" in back
