"""Visiting and keeping up (issue 15), in chat and on the web: visitors and the invisibility cloak,
people you may know, special care, comments that wait for approval, and /notifications.

Each journey is a few people on different messengers; they assert only what they read.
"""

from __future__ import annotations

from tests.journeys.conftest import Town
from tests.journeys.people import ConsolePerson, DiscordPerson, TelegramPerson

Person = ConsolePerson | TelegramPerson | DiscordPerson


def handle(person: Person) -> str:
    return person.handle if isinstance(person, ConsolePerson) else person.username


async def befriend(town: Town, owner: ConsolePerson, *others: Person) -> None:
    """Each of `others` asks `owner` (on the console) to be friends, and she accepts with /accept."""
    for other in others:
        assert f"Friend request sent to @{owner.handle}." in await other.says(f"/friend {owner.handle}")
    await town.outbox()
    for other in others:
        assert "now friends" in await owner.says(f"/accept {handle(other)}")
    await owner.notifications()  # the requests she has answered scroll by on her console
    await town.outbox()
    for other in others:
        assert f"{owner.handle} (@{owner.handle}) accepted your friend request" in await told(town, other)


async def told(town: Town, person: Person) -> str:
    """What reached the person on their own since they last looked (the bots' outbox, or the console's)."""
    if isinstance(person, ConsolePerson):
        return await person.notifications()
    await town.outbox()
    return person.inbox()


async def test_the_owner_sees_a_friend_who_opened_her_zone_but_not_the_one_in_the_cloak(town: Town) -> None:
    alice, admin = town.console("alice"), town.console("admin")
    bob, carol = await town.telegram("bob"), await town.discord("carol")
    for person in (alice, admin, bob, carol):
        await person.says("/start")
    await befriend(town, alice, bob, carol)
    assert "Posted #1 to public." in await alice.says("/post public hello, visitors")
    empty = await alice.says("/visitors")
    assert "Visits to your zone: 0 today · 0 in all" in empty and "No visitors to show yet" in empty

    # Carol wants the cloak: a day's check-in is far from enough, so an admin grants her the rest.
    assert "+10 coins" in await carol.says("/checkin")
    assert "Invisibility Cloak costs 150 coins; you have 10, so 140 are missing." in await carol.says(
        "/buy invisibility_cloak")
    assert "Granted 150 coins to @carol" in await admin.says("/grant carol 150 a cloak for her birthday")
    asked = await carol.says("/buy invisibility_cloak")
    assert "Buy Invisibility Cloak for 150 coins? You have 160." in asked and "[✅ Buy for 150]" in asked
    assert "🎉 Invisibility Cloak is yours. Balance: 10 coins." in await carol.press("✅ Buy")
    assert "🏅 Invisibility Cloak" in await carol.says("/inventory")

    # Bob opens Alice's zone on the web through his own link: the page counts him.
    bobs_browser = await town.browser()
    status, page = await bobs_browser.open_link_in(await bob.says("/zone alice"))
    assert status == 200 and "Viewing as @bob" in page and "hello, visitors" in page
    assert "Visits today 1 Visits in all 1" in page

    # Carol, in her cloak, reads the zone in chat and on the web: she sees it all, and nothing counts her.
    assert "hello, visitors" in await carol.says("/posts alice")
    carols_browser = await town.browser()
    status, page = await carols_browser.open_link_in(await carol.says("/zone alice"))
    assert status == 200 and "Viewing as @carol" in page and "hello, visitors" in page
    assert "Visits today 1 Visits in all 1" in page

    seen = await alice.says("/visitors")
    assert "Visits to your zone: 1 today · 1 in all" in seen
    assert "1 recent visitor, newest first:" in seen and "Bob (@bob) — " in seen
    assert "carol" not in seen

    # The next day Bob looks in chat (/posts alice is a visit too), Carol again on the web: one more visit.
    town.world.clock.advance(days=1)
    assert "hello, visitors" in await bob.says("/posts alice")
    status, page = await carols_browser.open("/z/alice")
    assert status == 200 and "hello, visitors" in page
    seen = await alice.says("/visitors")
    assert "Visits to your zone: 1 today · 2 in all" in seen and "Bob (@bob) — just now" in seen
    assert "carol" not in seen


async def test_suggest_offers_a_friend_of_a_friend_whose_friend_button_sends_the_request(town: Town) -> None:
    alice, erin = town.console("alice"), town.console("erin")
    bob, dave = await town.telegram("bob"), await town.discord("dave")
    for person in (alice, erin, bob, dave):
        await person.says("/start")
    assert "No suggestions right now" in await alice.says("/suggest")
    await befriend(town, alice, bob)

    # Bob's other friends: Dave on Discord, and Erin, who keeps out of suggestions.
    assert "Friend request sent to @bob." in await dave.says("/friend bob")
    assert "Friend request sent to @bob." in await erin.says("/friend bob")
    assert "dave (@dave) sent you a friend request." in await told(town, bob)
    assert "now friends" in await bob.press("✅ Accept")  # the newest request: Erin's
    assert "now friends" in await bob.says("/accept dave")
    assert "suggest" in await erin.says("/privacy suggest off")

    offered = await alice.says("/suggest")
    assert "People you may know:" in offered and "dave (@dave) — 1 mutual friend" in offered
    assert "[!" in offered and "➕ Friend @dave" in offered
    assert "erin" not in offered  # she said /privacy suggest off
    assert "@bob" not in offered  # already her friend

    # The button sends the request; Dave hears of it on Discord and accepts there.
    assert "Friend request sent to @dave." in await alice.press("➕ Friend @dave")
    assert "No suggestions right now" in await alice.says("/suggest")  # a request is waiting
    assert "alice (@alice) sent you a friend request." in await told(town, dave)
    assert "you and alice (@alice) are now friends" in await dave.press("✅ Accept")
    assert "dave (@dave) accepted your friend request." in await alice.notifications()
    assert "dave" not in await alice.says("/suggest")


async def test_a_cared_friends_post_reaches_the_carer_at_once_while_another_waits_in_her_feed(town: Town) -> None:
    alice, bob, carol = await town.telegram("alice"), town.console("bob"), await town.discord("carol")
    for person in (alice, bob, carol):
        await person.says("/start")
    await befriend(town, bob, alice)
    assert "Friend request sent to @alice." in await carol.says("/friend alice")
    assert "carol (@carol) sent you a friend request." in await told(town, alice)
    assert "you and carol (@carol) are now friends" in await alice.press("✅ Accept")
    await told(town, carol)

    cared = await alice.says("/care bob")
    assert "⭐ bob (@bob) is in your special care: their new posts reach you at once. Only you know." in cared
    assert "bob (@bob)" in await alice.says("/care")
    assert "special care" not in await told(town, bob)  # nobody is told

    assert "Posted #1 to friends." in await bob.says("/post friends the cake is ready")
    assert "Posted #2 to friends." in await carol.says("/post friends a quiet walk")
    arrived = await told(town, alice)
    assert "#1 ⭐ bob (@bob) posted (special care):\nthe cake is ready\n[👍 Like] [💬 Comment]" in arrived
    assert "a quiet walk" not in arrived
    assert "Liked #1" in await alice.press("👍 Like")  # the notice's own button
    assert "Alice (@alice) liked your post" in await bob.notifications()

    # Carol's post was only waiting in her feed, with Bob's.
    feed = await alice.says("/feed")
    assert feed.index("a quiet walk") < feed.index("the cake is ready")
    assert await told(town, alice) == ""  # and nothing more arrives on its own


async def test_a_comment_on_an_approve_only_post_waits_until_the_owner_approves_it(town: Town) -> None:
    alice, bob, carol = town.console("alice"), await town.telegram("bob"), await town.discord("carol")
    for person in (alice, bob, carol):
        await person.says("/start")
    await befriend(town, alice, bob, carol)
    assert "Posted #1 to public." in await alice.says("/post public my garden")
    assert "#1: comments wait for your approval before anyone else sees them (approve)." in await alice.says(
        "/comments 1 approve")

    # Bob comments from Telegram: he is told it waits, and sees it marked; Carol sees nothing.
    waiting = await bob.says("/comment 1 lovely roses")
    assert "c1 ⏳ Your comment on #1 waits for its owner's approval; until then only you see it." in waiting
    shown = await bob.says("/show 1")
    assert "c1 Bob (@bob) · just now · ⏳ waiting for the owner's approval\nlovely roses" in shown
    shown = await carol.says("/show 1")
    assert "my garden" in shown and "lovely roses" not in shown and "💬 0" in shown

    # Alice is asked on her console, and approves with the notice's button.
    asked = await alice.notifications()
    assert "⏳ Bob (@bob) wants to comment on your post #1 (c1, waiting for you):\nlovely roses" in asked
    assert "✅ Approve" in asked and "✖️ Reject" in asked
    assert "✅ c1 approved: everyone who sees #1 sees it now." in await alice.press("✅ Approve")

    assert "✅ Your comment c1 on #1 was approved: everyone who sees the post sees it now." in await told(town, bob)
    shown = await carol.says("/show 1")
    assert "c1 Bob (@bob)" in shown and "lovely roses" in shown and "⏳" not in shown and "💬 1" in shown


async def test_a_telegram_person_reads_what_happened_in_notifications_with_the_unread_marked(town: Town) -> None:
    alice, bob, carol = town.console("alice"), await town.telegram("bob"), await town.discord("carol")
    for person in (alice, bob, carol):
        await person.says("/start")
    assert "No notifications yet" in await bob.says("/notifications")
    await befriend(town, alice, bob)
    assert "Posted #1 to public." in await bob.says("/post public sunny day")
    assert "Liked #1" in await alice.says("/like 1")
    assert "Comment added to #1" in await carol.says("/comment 1 enjoy!")
    assert "Friend request sent to @bob." in await carol.says("/friend bob")
    await told(town, bob)  # they reached his chat as they happened

    # Two hours later he looks back: everything, newest first, all unread; then read.
    town.world.clock.advance(hours=2)
    listed = await bob.says("/notifications")
    assert listed.splitlines() == [
        "🔔 Your latest notifications (4 unread, now read):",
        "🔵 2 hours ago · 👋 carol (@carol) sent you a friend request.",
        "🔵 2 hours ago · c1 💬 carol (@carol) commented on your post #1: enjoy!",
        "🔵 2 hours ago · #1 👍 alice (@alice) liked your post.",
        "🔵 2 hours ago · 🤝 alice (@alice) accepted your friend request.",
    ]

    # One more thing happens; only that is new when he looks again.
    assert "Comment added to #1" in await alice.says("/comment 1 have fun")
    assert "have fun" in await told(town, bob)
    listed = await bob.says("/notifications")
    assert listed.splitlines()[:3] == [
        "🔔 Your latest notifications (1 unread, now read):",
        "🔵 just now · c2 💬 alice (@alice) commented on your post #1: have fun",
        "▫️ 2 hours ago · 👋 carol (@carol) sent you a friend request.",
    ]
    again = await bob.says("/notifications")
    assert "🔔 Your latest notifications (nothing unread):" in again and "🔵" not in again
