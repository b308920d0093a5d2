"""A visit on the web: a friend who opened the link the bot gave her signs the guestbook (and leaves a
private note), likes and comments on a post and on a photo in a friends' album — plain forms on the
pages, each page saying once what she did — and the owner hears of each on her messenger; a stranger
with a link of his own sees the entry, never the note, can't sign, and never sees the friends' photo.
"""

from __future__ import annotations

from tests.images import photo
from tests.journeys.conftest import Town
from tests.journeys.people import Browser


async def test_a_friend_signs_likes_and_comments_on_the_web_and_the_owner_hears_on_telegram(town: Town) -> None:
    alice = await town.telegram("alice")
    bob = town.console("bob")
    dave = town.console("dave")
    await alice.says("/start")
    await bob.says("/start")
    await dave.says("/start")
    await alice.says("/privacy guestbook friends")
    assert "request sent" in await bob.says("/friend alice")
    await town.outbox()
    await alice.says("/accept bob")
    await town.outbox()
    post = await alice.says("/post public Who's coming to the picnic?")
    assert "#1" in post
    await alice.says("/album new Last summer friends")
    assert "p1" in await alice.sends_photo(photo(640, 480, (200, 120, 40)), "#last-summer The old picnic spot")

    async with Browser(town.world) as browser:
        status, zone = await browser.open_link_in(await bob.says("/zone alice"))
        assert status == 200 and "Who's coming to the picnic?" in zone

        # The guestbook tab: an entry, then a private note.
        status, page = await browser.submit("/z/alice/guestbook", "/z/alice/guestbook", text="What a lovely zone!")
        assert status == 200 and "What a lovely zone!" in page and "Signed the guestbook." in page
        status, page = await browser.submit("/z/alice/guestbook", "/z/alice/guestbook", text="Bring the blue blanket?",
                                            private="1")
        assert status == 200 and "Bring the blue blanket?" in page and "only the owner and you see it" in page

        # The post page: a like and a comment.
        status, page = await browser.submit("/z/alice/p/1", "/z/alice/p/1/like", do="like")
        assert status == 200 and "Unlike" in page and "Liked." in page
        status, page = await browser.submit("/z/alice/p/1", "/z/alice/p/1/comment", text="Me! I'll bring cake.")
        assert status == 200 and "Me! I'll bring cake." in page and "Your comment is posted." in page
        status, page = await browser.open("/z/alice/p/1")
        assert "Your comment is posted." not in page  # said once

        # The album, and the photo's own page from it: a like, a comment, a reply to her own comment.
        status, page = await browser.open("/z/alice/albums")
        assert status == 200 and "Last summer" in page
        status, page = await browser.open("/z/alice/photos/1")
        assert status == 200 and "The old picnic spot" in page
        status, page = await browser.submit("/z/alice/photos/1", "/z/alice/photos/1/like", do="like")
        assert status == 200 and "Unlike" in page and "Liked." in page and "Liked by 1 person" in page
        status, page = await browser.submit("/z/alice/photos/1", "/z/alice/photos/1/comment", text="Same spot this year?")
        assert status == 200 and "Same spot this year?" in page and "Your comment is posted." in page

    await town.outbox()
    heard = alice.inbox()
    assert "signed your guestbook" in heard and "What a lovely zone!" in heard
    assert "left you a private note" in heard and "Bring the blue blanket?" in heard
    assert "bob (@bob) liked your post" in heard
    assert "Me! I'll bring cake." in heard
    assert "bob (@bob) liked your photo" in heard
    assert "commented on your photo p1" in heard and "Same spot this year?" in heard

    # In chat the same things are there, for Alice as for Bob.
    book = await alice.says("/guestbook")
    assert "What a lovely zone!" in book and "Bring the blue blanket?" in book
    assert "Me! I'll bring cake." in await bob.says("/show 1")
    shown = await alice.says("/photo show p1")
    assert "👍 1   💬 1" in shown and "Same spot this year?" in shown

    # Dave, no friend of Alice's, opens his own link: he sees the entry, not the note, and no form to sign.
    async with Browser(town.world) as strangers:
        status, _ = await strangers.open_link_in(await dave.says("/zone alice"))
        assert status == 200
        status, page = await strangers.open("/z/alice/guestbook")
        assert "What a lovely zone!" in page and "Bring the blue blanket?" not in page
        assert "Your message to" not in page
        # The friends' album is not his to see: its photo's page is the 404 of a missing one.
        status, page = await strangers.open("/z/alice/photos/1")
        assert status == 404 and "Same spot this year?" not in page
