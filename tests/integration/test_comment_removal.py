"""Comments can be removed by their author or the post's owner, hidden/deleted by moderators, and reported."""

from __future__ import annotations

import re

from tests.builders import World


async def thread(world: World) -> int:
    """bob's public post; carol comments (c1), dave replies to her (c2), erin comments (c3)."""
    await world.say("admin", "/start")
    pid = await world.post_id("bob", "/post public my holiday")
    assert await world.says("carol", f"/comment {pid} carol was here") == f"c1 Comment added to #{pid}."
    assert await world.says("dave", "/reply c1 dave answers carol") == f"c2 Reply added to #{pid}."
    assert await world.says("erin", f"/comment {pid} erin likes it") == f"c3 Comment added to #{pid}."
    return pid


async def test_a_commenter_deletes_their_comment_and_its_replies_go_with_it(world: World) -> None:
    pid = await thread(world)
    assert "💬 3" in await world.says("erin", f"/show {pid}")
    assert await world.says("carol", "/delete c1") == "🗑 Comment c1 deleted with 1 reply."
    shown = await world.says("erin", f"/show {pid}")
    assert "carol was here" not in shown and "dave answers carol" not in shown
    assert "erin likes it" in shown and "💬 1" in shown
    assert await world.says("carol", "/delete c1") == "⚠️ There is no comment c1 that you can see."
    assert await world.says("dave", "/reply c1 still there?") == "⚠️ There is no comment c1 that you can see."


async def test_the_posts_owner_may_delete_any_comment_on_it_and_nobody_else_may(world: World) -> None:
    pid = await thread(world)
    refused = await world.says("dave", "/delete c3")
    assert refused.startswith("⚠️ c3 is not yours: you can delete your own comments and comments on your posts.")
    assert "erin likes it" in await world.says("carol", f"/show {pid}")
    assert await world.says("bob", "/delete c3") == "🗑 Comment c3 deleted."
    assert "erin likes it" not in await world.says("carol", f"/show {pid}")
    assert await world.says("dave", "/delete c2") == "🗑 Comment c2 deleted."  # a reply, by its author
    assert "dave answers carol" not in await world.says("carol", f"/show {pid}")


async def test_bad_comment_numbers_get_a_reply_that_says_what_to_write(world: World) -> None:
    await thread(world)
    assert ("ID is a post number like #42, a comment number like c17 or a guestbook entry like g12 — not “cx”."
            in await world.says("carol", "/delete cx"))
    assert await world.says("carol", "/delete c999") == "⚠️ There is no comment c999 that you can see."
    assert await world.says("admin", "/mod hide c999") == "⚠️ There is no comment c999."


async def test_a_moderator_hides_restores_and_deletes_a_comment_logged_and_told(world: World) -> None:
    pid = await thread(world)
    await world.deliver()
    assert "That command is for" in await world.says("dave", "/mod hide c3 spam")
    assert await world.says("admin", "/mod hide c3 spam") == (
        "🙈 Comment c3 is hidden; its author was told why. /mod restore c3 undoes it.")
    assert await world.notices("erin") == (
        f"🙈 A moderator hid your comment c3 on post no. {pid} (spam). Only you can see it now.")
    for viewer in ("carol", "bob", "admin"):
        shown = await world.says(viewer, f"/show {pid}")
        assert "erin likes it" not in shown and "💬 2" in shown
    mine = await world.says("erin", f"/show {pid}")
    assert "hidden by a moderator\nerin likes it" in mine and "💬 3" in mine
    assert await world.says("carol", "/reply c3 hi") == "⚠️ There is no comment c3 that you can see."
    assert await world.says("admin", "/mod hide c3") == "⚠️ c3 is already hidden. /mod restore c3 shows it again."

    assert await world.says("admin", "/mod restore c3") == "↩️ Comment c3 is visible again."
    assert await world.notices("erin") == "↩️ Your comment c3 is visible again."
    assert "erin likes it" in await world.says("carol", f"/show {pid}")

    assert await world.says("admin", "/mod delete c1 rude") == "🗑 Comment c1 is deleted, with any replies."
    assert await world.notices("carol") == (
        f"🗑 A moderator removed your comment c1 on post no. {pid} (rude).\n“carol was here”")
    assert "carol was here" not in await world.says("erin", f"/show {pid}")
    log = await world.says("admin", "/mod log")
    for action, who, cid in (("delete_comment", "carol", 1), ("restore_comment", "erin", 3), ("hide_comment", "erin", 3)):
        assert f"@admin · {action} · @{who} · comment c{cid} · post {pid}" in log
    assert "@dave · denied" in log


async def test_a_comment_is_reported_by_command_and_by_its_button_and_moderators_act_on_the_card(
    world: World,
) -> None:
    pid = await thread(world)
    # bob hears of erin's comment with a Report button on it.
    [notice] = [r for r in (await world.deliver())[("console", "bob")] if "erin likes it" in r.plain_text]
    assert [b.action for row in notice.buttons for b in row] == [f"like:{pid}", f"cmt:{pid}", "rep:c3"]
    assert await world.press("bob", "rep:c3") == "What is wrong with comment c3? Send the reason as your next message."
    filed = await world.says("bob", "off topic")
    assert re.fullmatch(r"🚩 Thanks — c3 was reported \(r\d+\)\. Moderators will look at it\.", filed)
    assert await world.says("bob", "/report c3 again") == "⚠️ You already reported c3; moderators will look at it."
    assert await world.says("erin", "/report c3 mine") == "⚠️ c3 is your own comment; /delete c3 removes it."
    assert "was reported" in await world.says("dave", f"/report #{pid} the post itself")  # not a duplicate

    [card] = [r for r in (await world.deliver())[("console", "admin")] if "comment c3" in r.plain_text]
    assert f"on comment c3 (post no. {pid}) by @erin: off topic" in card.plain_text
    assert "erin likes it" in card.plain_text
    [hide, _dismiss] = [b.action for row in card.buttons for b in row]
    assert hide.startswith("rpt:hidec:")
    assert (await world.press("admin", hide)).endswith("🙈 Comment c3 hidden · by @admin.")
    assert await world.press("admin", "mod:hidec:3") == "⚠️ c3 is already hidden. /mod restore c3 shows it again."
    assert "erin likes it" not in await world.says("carol", f"/show {pid}")
    queue = await world.says("admin", "/mod queue")
    assert "comment c3" not in queue and f"on post #{pid}" in queue  # the comment's report closed with the hide


async def test_a_comment_removed_before_its_notice_goes_out_is_news_to_no_one(world: World) -> None:
    pid = await thread(world)
    await world.deliver()
    await world.say("erin", "/reply c1 late reply")
    await world.say("erin", f"/comment {pid} second thoughts")
    await world.say("erin", "/delete c5")
    await world.say("admin", "/mod hide c4")
    assert await world.notices("bob") == ""
    assert await world.notices("carol") == ""
