"""One person on Telegram and Discord at once: linked with /link CODE, friends-only posts, notifications."""

from __future__ import annotations

import re

from tests.journeys.conftest import Town


def link_code(answer: str) -> str:
    found = re.search(r"/link ([A-Z0-9-]{6,})", answer)
    assert found, answer
    return found.group(1)


async def test_telegram_and_discord_linked_to_one_account_see_a_friends_post_and_hear_of_it_on_both(
    town: Town,
) -> None:
    tom_tg, tom_dc = await town.telegram("tom"), await town.discord("tommy")
    bob, dora = town.console("bob"), await town.discord("dora")
    assert "Welcome to OpenZone, Tom!" in await tom_tg.says("/start")
    await tom_tg.says("/feed")
    assert "Welcome to OpenZone" in await tom_dc.says("/start")  # a second account, for now
    await tom_dc.says("/feed")

    # /link on Telegram, the code on Discord (as a slash command): one account, @tom.
    code = link_code(await tom_tg.says("/link"))
    linked = await tom_dc.slash("link", code=code)
    assert "Linked! This discord identity is now @tom." in linked, linked
    assert "Something went wrong" not in linked
    assert "Linked: discord, telegram" in await tom_tg.says("/me")
    assert "Linked: discord, telegram" in await tom_dc.says("/me")
    await town.outbox()
    assert "A discord identity was linked to @tom" in tom_tg.inbox()

    # Bob (on the console) asks; the request reaches Tom on both messengers; he accepts on Discord.
    await bob.says("/start")
    await dora.says("/start")
    assert "request sent" in await bob.says("/friend tom")
    await town.outbox()
    assert "bob (@bob) sent you a friend request" in tom_tg.inbox()
    assert "bob (@bob) sent you a friend request" in tom_dc.inbox()
    assert "now friends" in await tom_dc.press("✅ Accept")
    # The same request's buttons on Telegram now say how things stand.
    assert "already friends" in await tom_tg.press("✅ Accept")
    assert "Tom (@tom) accepted your friend request" in await bob.notifications()

    # Bob's friends-only post: Tom sees it from both messengers and on the web; Dora doesn't.
    assert "Posted #1 to friends." in await bob.says("/post friends only for my friends")
    assert "only for my friends" in await tom_tg.says("/feed")
    assert "only for my friends" in await tom_dc.says("/feed")
    assert "only for my friends" in await tom_dc.slash("posts", handle="bob")
    assert "only for my friends" not in await dora.says("/posts bob")
    assert "There is no post #1 that you can see" in await dora.says("/comment 1 hello?")
    tom_web, dora_web = await town.browser(), await town.browser()
    _, page = await tom_web.open_link_in(await tom_tg.says("/zone bob"))
    assert "only for my friends" in page and "Viewing as @tom" in page
    _, page = await dora_web.open_link_in(await dora.says("/zone bob"))
    assert "only for my friends" not in page

    # Tom comments from Telegram; Bob hears of it on the console and answers by liking Tom's post.
    assert "Comment added to #1" in await tom_tg.says("/comment 1 seen it from telegram")
    notice = await bob.notifications()
    assert "commented on your post #1" in notice and "seen it from telegram" in notice
    assert "Posted #2 to public." in await tom_dc.says("/post public hello from discord")
    assert "Liked #2" in await bob.says("/like 2")

    # A blog post from Telegram: the title, then the body as one message of several lines.
    await tom_tg.says("/blog Weekend")
    published = await tom_tg.says("Saturday: the hills.\n\nSunday: the sea.")
    assert "#3" in published and "Weekend" in published, published
    blog = await bob.says("/show 3")
    assert "Saturday: the hills." in blog and "Sunday: the sea." in blog
    await town.outbox()
    assert "bob (@bob) liked your post" in tom_tg.inbox()
    assert "bob (@bob) liked your post" in tom_dc.inbox()
    await town.outbox()  # nothing twice
    assert tom_tg.inbox() == "" and tom_dc.inbox() == ""
