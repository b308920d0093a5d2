"""The guestbook (留言板) from chat: signing, private notes, replies, deleting, who may sign, and moderation."""

from __future__ import annotations

import re

from tests.builders import World


def _ids(text: str) -> list[int]:
    return [int(m) for m in re.findall(r"^g(\d+) ·", text, re.M)]


async def _friends(world: World) -> None:
    """alice's zone: bob is her friend, erin a stranger."""
    await world.befriend("alice", "bob")
    await world.say("erin", "/start")


async def test_a_friend_signs_the_guestbook_and_the_owner_reads_it_newest_first(world: World) -> None:
    await _friends(world)
    assert await world.says("bob", "/guestbook alice hello from bob!") == "✍️ Signed @alice's guestbook: g1."
    assert await world.says("erin", "/guestbook alice hi, a stranger here") == "✍️ Signed @alice's guestbook: g2."
    page = await world.says("alice", "/guestbook")
    assert page.startswith("📖 Your guestbook, newest first")
    assert _ids(page) == [2, 1]
    assert "hello from bob!" in page and "Bob (@bob)" in page
    assert _ids(await world.says("erin", "/guestbook alice")) == [2, 1]


async def test_signing_notifies_the_owner_with_reply_and_delete_buttons(world: World) -> None:
    await _friends(world)
    await world.deliver()
    await world.say("bob", "/guestbook alice hello from bob!")
    got = await world.deliver()
    [notice] = got[("console", "alice")]
    assert notice.plain_text == "📖 Bob (@bob) signed your guestbook (g1):\nhello from bob!"
    assert [btn.action for row in notice.buttons for btn in row] == ["gbr:1", "gbdel:1", "rep:g1"]
    assert ("console", "bob") not in got


async def test_a_private_note_is_seen_only_by_the_owner_and_its_writer(world: World) -> None:
    await _friends(world)
    await world.befriend("alice", "carol")
    answer = await world.says("bob", "/guestbook alice private just between us")
    assert answer == "🔒 Private note g1 left in @alice's guestbook: only @alice and you see it."
    await world.say("bob", "/guestbook alice public words")
    for viewer, sees in (("alice", True), ("bob", True), ("carol", False), ("erin", False)):
        page = await world.says(viewer, "/guestbook" if viewer == "alice" else "/guestbook alice")
        assert ("just between us" in page) is sees, viewer
        assert "public words" in page
    assert "🔒 private note" in await world.says("alice", "/guestbook")
    assert await world.says("carol", "/report g1 spam") == "⚠️ There is no guestbook entry g1 that you can see."
    got = await world.deliver()
    assert "🔒 Bob (@bob) left you a private note (g1):\njust between us" in [r.plain_text for r in got[("console", "alice")]]


async def test_the_owner_replies_and_the_writer_is_notified(world: World) -> None:
    await _friends(world)
    await world.say("bob", "/guestbook alice hello from bob!")
    await world.deliver()
    assert await world.says("alice", "/guestbook reply g1 thanks, bob!") == "↩️ Replied to g1 by @bob."
    assert await world.notices("bob") == "↩️ Alice (@alice) replied to your entry g1 in their guestbook:\nthanks, bob!"
    assert "↩️ @alice replied: thanks, bob!" in await world.says("erin", "/guestbook alice")
    # Only the owner replies in a guestbook.
    assert await world.says("bob", "/guestbook reply g1 me too") == (
        "⚠️ g1 is in someone else's guestbook: only its owner replies there.")


async def test_the_reply_button_takes_the_next_message_as_the_reply(world: World) -> None:
    await _friends(world)
    await world.say("bob", "/guestbook alice hello from bob!")
    assert await world.press("alice", "gbr:1") == "Send your reply to g1 as your next message."
    assert await world.says("alice", "hi bob") == "↩️ Replied to g1 by @bob."
    assert "@alice replied: hi bob" in await world.says("bob", "/guestbook alice")
    assert "Your reply" not in await world.press("bob", "gbr:1")  # not his guestbook: refused, no flow


async def test_the_owner_deletes_any_entry_a_writer_only_their_own(world: World) -> None:
    await _friends(world)
    await world.say("bob", "/guestbook alice one")
    await world.say("erin", "/guestbook alice two")
    await world.say("erin", "/guestbook alice three")
    assert await world.says("bob", "/guestbook delete g2") == (
        "⚠️ g2 is not yours: you can delete entries in your own guestbook and those you wrote. "
        "/report g2 REASON tells the moderators.")
    assert await world.says("erin", "/guestbook delete g2") == "🗑 Guestbook entry g2 deleted."
    assert await world.says("alice", "/delete g1") == "🗑 Guestbook entry g1 deleted."
    assert await world.press("alice", "gbdel:3") == "🗑 Guestbook entry g3 deleted."
    assert await world.says("alice", "/guestbook delete g3") == "⚠️ There is no guestbook entry g3 that you can see."
    assert "has no entries" not in await world.says("alice", "/guestbook")
    assert "Your guestbook is empty" in await world.says("alice", "/guestbook")


async def test_privacy_guestbook_friends_and_nobody(world: World) -> None:
    await _friends(world)
    settings = await world.says("alice", "/privacy guestbook friends")
    assert "Guestbook: friends — only your friends can sign it." in settings
    assert "Zone: public" in settings  # the other settings are kept
    assert await world.says("erin", "/guestbook alice hi") == "⚠️ @alice's guestbook is for friends only."
    assert "Signed" in await world.says("bob", "/guestbook alice hi")
    await world.say("alice", "/privacy guestbook nobody")
    assert await world.says("bob", "/guestbook alice again") == "⚠️ @alice's guestbook is closed: it takes no new entries."
    assert "hi" in await world.says("erin", "/guestbook alice")  # reading is as the zone allows
    assert "Guestbook: everyone" in await world.says("alice", "/privacy guestbook everyone")
    assert "Signed" in await world.says("erin", "/guestbook alice hello")
    assert "guestbook is one of: everyone, friends, nobody — not “maybe”." in await world.says("alice", "/privacy guestbook maybe")


async def test_nobody_signs_or_reads_a_zone_they_cant_open(world: World) -> None:
    await _friends(world)
    await world.say("alice", "/privacy zone friends")
    closed = "⚠️ @alice's zone is not open to you."
    assert await world.says("erin", "/guestbook alice hi") == closed
    assert await world.says("erin", "/guestbook alice") == closed
    assert "Signed" in await world.says("bob", "/guestbook alice hi")


async def test_a_blocked_person_is_refused_as_a_stranger_to_a_closed_zone(world: World) -> None:
    await _friends(world)
    await world.say("alice", "/privacy zone friends")
    await world.say("bob", "/guestbook alice before the block")
    stranger = await world.says("erin", "/guestbook alice hi")
    await world.say("alice", "/block bob")
    assert await world.says("bob", "/guestbook alice let me in") == stranger.replace("erin", "bob")
    assert await world.says("bob", "/guestbook alice") == stranger
    assert await world.says("bob", "/guestbook delete g1") == "⚠️ There is no guestbook entry g1 that you can see."
    # In an open zone too: the block reads as a closed zone, never as a block.
    await world.say("alice", "/privacy zone public")
    assert await world.says("bob", "/guestbook alice let me in") == "⚠️ @alice's zone is not open to you."


async def test_a_banned_writers_entries_vanish_until_the_unban_and_a_banned_person_cant_sign(world: World) -> None:
    await world.say("admin", "/start")
    await _friends(world)
    await world.say("bob", "/guestbook alice visit my zone")
    await world.say("erin", "/guestbook alice lovely zone")
    await world.say("admin", "/mod ban bob spam")
    for viewer in ("alice", "erin"):
        page = await world.says(viewer, "/guestbook alice")
        assert "visit my zone" not in page and "lovely zone" in page
    assert await world.says("erin", "/report g1 spam") == "⚠️ There is no guestbook entry g1 that you can see."
    assert "banned" in await world.says("bob", "/guestbook alice hi again")
    assert _ids(await world.says("alice", "/guestbook")) == [2]
    await world.say("admin", "/mod unban bob")
    assert "visit my zone" in await world.says("erin", "/guestbook alice")
    # A banned owner's guestbook is gone with the zone: no one is called that.
    await world.say("admin", "/mod ban alice")
    assert await world.says("erin", "/guestbook alice hi") == "⚠️ No one is called @alice here. Check the spelling."


async def test_the_word_filter_refuses_a_blocked_word_and_holds_an_entry_for_review(world: World) -> None:
    await world.say("admin", "/start")
    await _friends(world)
    await world.say("admin", "/mod filter add casino")
    await world.say("admin", "/mod filter add lottery hold")
    await world.deliver()
    assert "isn't allowed" in await world.says("bob", "/guestbook alice visit my casino")
    held = await world.says("bob", "/guestbook alice win the lottery")
    assert held == "⏳ g1 waits for a moderator: a word in it is kept for review. Until then only you see it."
    assert "win the lottery" in await world.says("bob", "/guestbook alice")  # its writer sees it
    assert "win the lottery" not in await world.says("alice", "/guestbook")
    got = await world.deliver()
    assert ("console", "alice") not in got  # the owner is not told of a held entry
    [card] = got[("console", "admin")]
    assert "guestbook entry g1" in card.plain_text and "lottery" in card.plain_text
    assert [b.action for row in card.buttons for b in row] == [f"rpt:restoreg:{_report(card.plain_text)}",
                                                               f"rpt:dismiss:{_report(card.plain_text)}"]
    assert "visible again" in await world.says("admin", "/mod restore g1")
    assert "win the lottery" in await world.says("alice", "/guestbook")


def _report(text: str) -> int:
    m = re.search(r"Report r(\d+)", text)
    assert m, text
    return int(m.group(1))


async def test_reports_and_moderators_hide_restore_and_delete_entries(world: World) -> None:
    await world.say("admin", "/start")
    await _friends(world)
    await world.say("bob", "/guestbook alice buy followers here")
    await world.deliver()
    answer = await world.says("erin", "/report g1 spam")
    assert answer.startswith("🚩 Thanks — g1 was reported (r")
    assert await world.says("erin", "/report g1 spam") == "⚠️ You already reported g1; moderators will look at it."
    assert await world.says("bob", "/report g1 spam") == "⚠️ g1 is your own entry; /guestbook delete g1 removes it."
    got = await world.deliver()
    [card] = got[("console", "admin")]
    report = _report(card.plain_text)
    assert f"rpt:hideg:{report}" in [b.action for row in card.buttons for b in row]
    outcome = await world.press("admin", f"rpt:hideg:{report}")
    assert "🙈 Guestbook entry g1 hidden · by @admin." in outcome
    assert "buy followers" not in await world.says("alice", "/guestbook")
    page = await world.says("bob", "/guestbook alice")
    assert "buy followers" in page and "🙈 hidden by a moderator" in page
    told = await world.notices("bob")
    assert "A moderator hid your guestbook entry g1 (reported)" in told
    assert "is visible again" in await world.says("admin", "/mod restore g1")
    assert "buy followers" in await world.says("alice", "/guestbook")
    assert await world.says("admin", "/mod delete g1 spam") == "🗑 Guestbook entry g1 is deleted."
    assert "removed your guestbook entry g1 (spam)" in await world.notices("bob")
    assert "guestbook g1" in await world.says("admin", "/mod log")


async def test_entries_are_cleaned_and_bounded(world: World) -> None:
    await _friends(world)
    assert "is 501 characters; the limit is 500" in await world.says("bob", "/guestbook alice " + "x" * 501)
    assert "Signed" in await world.says("bob", "/guestbook alice hi\u202e there\u200b")
    assert "hi there" in await world.says("alice", "/guestbook")
    assert "empty" not in await world.says("bob", "/guestbook alice")  # no text: reads the guestbook
    assert "That is your own guestbook" in await world.says("alice", "/guestbook alice hello me")


async def test_signing_counts_against_the_guestbook_limit_and_reading_does_not(world: World) -> None:
    await _friends(world)
    world.clock.advance(days=2)  # past the first day's halved limits
    for n in range(30):
        assert "Signed" in await world.says("bob", f"/guestbook alice note {n}")
    assert (await world.says("bob", "/guestbook alice one too many")).startswith("⚠️ Slow down — try again in")
    for _ in range(5):
        assert "note 29" in await world.says("bob", "/guestbook alice")
    assert "Signed" in await world.says("erin", "/guestbook alice not limited by bob")


async def test_pages_turn_with_more(world: World) -> None:
    await _friends(world)
    for n in range(12):
        await world.say("bob", f"/guestbook alice note {n}")
    first = await world.say("alice", "/guestbook")
    assert _ids(first[0].plain_text) == list(range(12, 2, -1))
    more = [b.action for row in first[0].buttons for b in row if b.action.startswith("gbmore:")]
    assert len(more) == 1
    second = await world.press("alice", more[0])
    assert _ids(second) == [2, 1]


async def test_the_guestbook_reads_in_chinese(world: World) -> None:
    await _friends(world)
    await world.say("alice", "/lang zh")
    await world.say("bob", "/guestbook alice 你好！")
    page = await world.says("alice", "/guestbook")
    assert page.startswith("📖 我的留言板")
    assert "你好！" in page
    assert "留言板" in await world.notices("alice")


async def test_the_owner_reports_an_entry_with_the_report_button_and_the_reason_as_the_next_message(world: World) -> None:
    await world.say("admin", "/start")
    await _friends(world)
    await world.say("erin", "/guestbook alice cheap pills here")
    await world.deliver()
    assert await world.press("alice", "rep:g1") == (
        "What is wrong with guestbook entry g1? Send the reason as your next message.")
    assert (await world.says("alice", "spam in my guestbook")).startswith("🚩 Thanks — g1 was reported (r")
    got = await world.deliver()
    assert "spam in my guestbook" in got[("console", "admin")][0].plain_text
    await world.say("alice", "/privacy zone friends")
    assert await world.press("erin", "rep:g1") == "⚠️ There is no guestbook entry g1 that you can see."
