"""A newcomer's first hour on the console: posts, a blog post, reading, a friend, a circle."""

from __future__ import annotations

import re

from tests.journeys.conftest import Town
from tests.journeys.people import ConsolePerson

SLOW = ("Slow down", "try again in")


def calm(answer: str) -> str:
    """The answer, after checking that nobody was told to wait."""
    assert not any(word in answer for word in SLOW), answer
    return answer


async def pages(person: ConsolePerson, command: str) -> list[str]:
    """Every page of a listing: the command, then More until there is none."""
    seen = [calm(await person.says(command))]
    while "More" in seen[-1]:
        seen.append(calm(await person.press("⬇️ More")))
    return seen


async def test_a_newcomer_posts_twenty_times_blogs_reads_befriends_and_posts_to_a_circle(town: Town) -> None:
    alice, bob, carol = town.console("alice"), town.console("bob"), town.console("carol")
    welcome = await alice.says("/start")
    assert "Welcome to OpenZone, alice!" in welcome
    assert "your friends" in welcome  # where a /post goes when she names no audience
    help_ = await alice.says("/help")  # grouped by feature, nothing for staff, no internal names
    assert "/post" in help_ and "/friend" in help_ and "/album" in help_ and "/report" in help_
    assert not re.search(r"/mod\b|/grant|/refund|[A-Z]{2,}_[A-Z_]+|\bTITLES\b", help_), help_
    posting = await alice.says("/help posts")
    assert "/feed" in posting and "/blog" in posting and "/mod" not in posting
    report = await alice.says("/help report")
    assert "[REASON]" in report and "what is wrong" in report  # optional: without it, /report asks for it

    # Twenty posts in her first half hour, a minute and a half apart, none of them held back.
    for n in range(1, 21):
        answer = calm(await alice.says(f"/post public note {n} of my first day"))
        assert f"Posted #{n} to public." in answer
        town.world.clock.advance(seconds=90)

    # A blog post of several lines, typed line by line and finished with a lone dot.
    prompt = calm(await alice.says("/blog Day one"))
    assert "." in prompt.split("Day one", 1)[-1]  # the prompt says how to finish
    typed = await alice.writes("It went **well**.", "", "- a walk", "- a talk")
    assert "I answer commands" not in typed and "Posted" not in typed
    published = calm(await alice.says("."))
    assert "#21" in published and "Day one" in published

    # Reading: the feed and her zone, page after page with More, newest first, each post once,
    # with one link to her zone a page rather than one on every card.
    for command in ("/feed", "/posts alice"):
        listing = await pages(alice, command)
        assert all(page.count("/z/alice?t=") <= 1 for page in listing), listing[0]
        shown = "\n".join(listing)
        notes = [int(n) for n in re.findall(r"note (\d+) of my first day", shown)]
        assert notes == list(range(20, 0, -1)), (command, notes)
        assert shown.count("Day one") == 1, command

    # The blog on the web: rendered Markdown, not the raw stars and dashes.
    browser = await town.browser()
    status, page = await browser.open_link_in(await alice.says("/zone"))
    assert status == 200 and "note 20 of my first day" in page
    zone_pages = await browser.pages("/z/alice")
    notes = [int(n) for n in re.findall(r"note (\d+) of my first day", " ".join(zone_pages))]
    assert len(zone_pages) > 1 and notes == list(range(20, 0, -1)), notes
    status, blog = await browser.open("/z/alice/blog")
    assert status == 200 and "Day one" in blog and "**" not in blog
    post = await (await browser.client.get("/z/alice/p/21")).text()
    assert "<strong>well</strong>" in post and "<li>a walk</li>" in post and "<li>a talk</li>" in post

    # A friend: bob arrives, alice asks, bob accepts from the notification, alice hears of it.
    await bob.says("/start")
    assert "request sent" in calm(await alice.says("/friend bob"))
    request = await bob.notifications()
    assert "alice (@alice) sent you a friend request" in request
    assert "now friends" in await bob.press("✅ Accept")
    assert "bob (@bob) accepted your friend request" in await alice.notifications()
    await carol.says("/start")
    await alice.says("/friend carol")
    await carol.notifications()
    assert "now friends" in await carol.press("✅ Accept")

    # A circle with a two-word name, and a post only its members see.
    assert "Close Friends" in calm(await alice.says("/circle new Close Friends"))
    assert "bob" in calm(await alice.says("/circle add Close Friends bob"))
    posted = calm(await alice.says("/post @close-friends just between us"))
    assert "Posted #22" in posted and "Close Friends" in posted

    # Bob reads her feed the way people do: liking as he scrolls, a tap a second, paging on.
    feed = calm(await bob.says("/feed"))
    assert "just between us" in feed
    liked: list[str] = []
    while True:
        liked += re.findall(r"Liked #(\d+)", calm(await bob.press("👍 Like", within=feed)))
        if "⬇️ More" not in feed:
            break
        feed = calm(await bob.press("⬇️ More"))
    assert liked == [str(n) for n in range(22, 0, -1)]
    likes = await alice.notifications()
    assert re.findall(r"#(\d+) 👍 bob \(@bob\) liked your post", likes) == liked, likes  # each once, in order
    assert await alice.notifications() == ""

    # Carol, a friend outside the circle, sees none of it.
    assert "just between us" not in "\n".join(await pages(carol, "/feed"))
    assert "just between us" not in "\n".join(await pages(carol, "/posts alice"))

    # She takes a note back: asked first, then gone.
    asked = await alice.says("/delete 3")
    assert "Delete #3" in asked and "note 3 of my first day" in await alice.says("/show 3")
    assert "deleted" in (await alice.press("🗑 Delete")).lower()
    assert "note 3 of my first day" not in "\n".join(await pages(carol, "/posts alice"))

    # On the web too: the circle post opens for bob, and for carol it does not exist.
    bobs_view, carols_view = await town.browser(), await town.browser()
    _, page = await bobs_view.open_link_in(await bob.says("/zone alice"))
    assert "just between us" in page
    _, page = await carols_view.open_link_in(await carol.says("/zone alice"))
    assert "note 20 of my first day" in page and "just between us" not in page
    status, post = await carols_view.open("/z/alice/p/22")
    assert status == 404 and "just between us" not in post
