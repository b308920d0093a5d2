"""A visit in chat: a friend signs a guestbook from Telegram and leaves a private note; the owner, on the
console, hears of both, replies with the Reply button and deletes one; a third friend never sees the note.

(The web's guestbook tab comes later; this is the chat half of issue 15's guestbook journey.)
"""

from __future__ import annotations

from tests.journeys.conftest import Town


async def test_a_friend_signs_leaves_a_private_note_and_the_owner_replies_and_deletes_one(town: Town) -> None:
    alice, carol = town.console("alice"), town.console("carol")
    bob = await town.telegram("bob")
    await alice.says("/start")
    await carol.says("/start")
    await bob.says("/start")
    assert "request sent" in await bob.says("/friend alice")
    assert "request sent" in await carol.says("/friend alice")
    await town.outbox()
    await alice.says("/accept bob")
    await alice.says("/accept carol")
    await town.outbox()

    # Bob, on Telegram: an entry, then a private note.
    assert "Signed @alice's guestbook: g1." in await bob.says("/guestbook alice lovely zone!")
    note = await bob.says("/guestbook alice private see you on saturday?")
    assert "Private note g2 left in @alice's guestbook: only @alice and you see it." in note

    # Alice hears of both on the console, each with Reply and Delete.
    told = await alice.notifications()
    assert "Bob (@bob) signed your guestbook (g1):" in told and "lovely zone!" in told
    assert "Bob (@bob) left you a private note (g2):" in told and "see you on saturday?" in told
    assert "↩️ Reply" in told and "🗑 Delete" in told

    # She reads her guestbook: newest first, the note marked.
    page = await alice.says("/guestbook")
    assert page.index("g2 ·") < page.index("g1 ·") and "🔒 private note" in page

    # Carol sees the entry, not the note.
    seen = await carol.says("/guestbook alice")
    assert "lovely zone!" in seen and "saturday" not in seen

    # Alice answers the note with its Reply button; Bob hears of it on Telegram.
    assert "Send your reply to g2 as your next message." in await alice.press("↩️ Reply g2")
    assert "Replied to g2 by @bob." in await alice.says("yes! 10am at the park")
    await town.outbox()
    assert "alice (@alice) replied to your entry g2 in their guestbook:" in bob.inbox()
    assert "yes! 10am at the park" in await bob.says("/guestbook alice")

    # She deletes the public entry; it is gone for everyone.
    assert "Guestbook entry g1 deleted." in await alice.press("🗑 Delete g1")
    assert "lovely zone!" not in await carol.says("/guestbook alice")
    assert "lovely zone!" not in await bob.says("/guestbook alice")
