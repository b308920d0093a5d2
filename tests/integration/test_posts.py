"""Posting, blogging, editing, comments, replies, likes and shares through the chat commands."""

from __future__ import annotations

import re

from chat import Reply
from tests.builders import World, make_incoming


async def test_post_uses_the_default_audience_and_can_be_shown_by_id(world: World) -> None:
    answer = await world.says("alice", "/post hello world")
    assert answer.startswith("#1 · Alice (@alice) · 👥 friends · just now\nhello world\n")
    assert answer.endswith("\nPosted #1 to friends.")
    assert "hello world" in await world.says("alice", "/post #1")
    assert "hello world" in await world.says("alice", "/show 1")


async def test_overlong_and_empty_posts_are_refused_and_nothing_is_written(world: World) -> None:
    assert "limit is 2,000" in await world.says("alice", "/post " + "x" * 2001)
    assert "Missing text" in await world.says("alice", "/post")
    assert "Your feed is empty" in await world.says("alice", "/feed")


async def test_posting_to_a_circle_that_is_not_yours_is_refused(world: World) -> None:
    await world.say("bob", "/circle new close")
    assert "no circle called close" in await world.says("alice", "/post @close hi")


async def test_a_lone_at_names_no_circle_and_is_refused_not_posted(world: World) -> None:
    usage = "\nUsage: /post [public|friends|private|@circle] TEXT"
    alone = "⚠️ @ alone names no circle: write the circle's name after it, like @family. /circle list shows yours."
    assert await world.says("alice", "/post @") == alone + usage
    assert await world.says("alice", "/post @ hi") == alone + usage
    assert await world.says("alice", "/post @!! hi") == (
        "⚠️ A circle name is 1–32 letters, digits, spaces, - or _ (e.g. family, Close Friends)." + usage)
    assert await world.says("alice", "/post @nosuchcircle hi") == (
        "⚠️ You have no circle called nosuchcircle. /circle list shows yours.")
    assert (await world.says("alice", "/share 1 @")).startswith("⚠️ @ alone names no circle")
    assert "Your feed is empty" in await world.says("alice", "/feed")
    # Text may still start with @ after the audience, and an @ inside the text is text.
    assert "Posted #1 to friends." in await world.says("alice", "/post friends @ everyone: hi")
    assert "\nhi @\n" in await world.says("alice", "/post hi @")


async def test_blog_in_one_message_and_in_two_steps(world: World) -> None:
    one = await world.says("alice", "/blog public Trip | We went **far**.")
    assert "“Trip” published" in one
    step = await world.says("alice", "/blog Second | ")
    assert "Missing" in step or "empty" in step
    assert "Now send the body" in await world.says("alice", "/blog Second")
    done = await world.says("alice", "The body arrives\n\nin two paragraphs.")
    pid = int(re.search(r"#(\d+)", done).group(1))  # type: ignore[union-attr]
    shown = await world.says("alice", f"/show {pid}")
    assert "📖 Second" in shown and "in two paragraphs." in shown


async def test_only_the_author_edits_or_deletes(world: World) -> None:
    await world.say("alice", "/post public original")
    await world.say("bob", "/start")
    assert "not yours" in await world.says("bob", "/edit 1 hacked")
    assert "not yours" in await world.says("bob", "/delete 1")
    assert "#1 edited" in await world.says("alice", "/edit 1 better")
    assert "better" in await world.says("bob", "/show 1")
    assert "This can't be undone" in await world.says("alice", "/delete #1")
    assert await world.press("alice", "delpost:1") == "#1 deleted."
    assert "There is no post #1" in await world.says("bob", "/show 1")


async def test_likes_are_idempotent_and_notify_the_author_once(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.notices("alice")
    await world.say("alice", "/post hi")
    assert "Liked #1 · 👍 1" in await world.says("bob", "/like 1")
    assert "You already like #1 · 👍 1" in await world.says("bob", "/like 1")
    notes = await world.notices("alice")
    assert notes.count("liked your post") == 1
    assert "Unliked #1 · 👍 0" in await world.says("bob", "/unlike 1")


async def test_comment_notifies_the_author_and_reply_notifies_the_commenter(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.notices("alice")
    await world.say("alice", "/post hi")
    assert "c1 Comment added to #1" in await world.says("bob", "/comment 1 nice one")
    assert "Bob (@bob) commented on your post #1:\nnice one" in await world.notices("alice")
    assert "Reply added to #1" in await world.says("alice", "/reply c1 thanks!")
    assert "replied to your comment on #1" in await world.notices("bob")
    # A reply to a reply stays in the same thread (one level).
    await world.say("bob", "/reply c2 you're welcome")
    shown = await world.says("alice", "/show 1")
    assert shown.index("c1 ") < shown.index("↳ c2") < shown.index("↳ c3")


async def test_replying_to_a_post_message_comments_on_it(world: World) -> None:
    await world.befriend("alice", "bob")
    [card] = await world.say("alice", "/post public look")
    answer = await world.says("bob", "great!", reply_to_text=card.plain_text)
    assert "Comment added to #1" in answer


async def test_comment_button_then_next_message_is_the_comment(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.say("alice", "/post hi")
    assert "Send your comment on #1" in await world.press("bob", "cmt:1")
    assert "Comment added to #1" in await world.says("bob", "from the button")
    assert "from the button" in await world.says("alice", "/show 1")


def _ids(page: Reply) -> list[int]:
    return [int(m) for m in re.findall(r"^#(\d+) · ", page.plain_text, re.M)]


async def test_feed_pages_with_a_more_button_that_turns_the_page_in_place_and_never_repeats(world: World) -> None:
    for n in range(25):
        await world.say("alice", f"/post number {n}")
    [first] = await world.say("alice", "/feed")
    more = [b.action for row in first.buttons for b in row if b.action and b.action.startswith("more:")]
    assert more and not first.in_place
    [second] = await world.router.handle(make_incoming(user="alice", action=more[0]))
    assert second.in_place  # the pressed page becomes the next one
    assert _ids(first) == list(range(25, 15, -1)) and _ids(second) == list(range(15, 5, -1))
    last_more = [b.action for row in second.buttons for b in row if b.action and b.action.startswith("more:")]
    [third] = await world.router.handle(make_incoming(user="alice", action=last_more[0]))
    assert _ids(third) == [5, 4, 3, 2, 1]
    assert [b.action for row in third.buttons for b in row if b.action] == [f"like:{n}" for n in (5, 4, 3, 2, 1)]  # no More


async def test_unknown_commands_suggest_the_closest_and_parse_errors_show_usage(world: World) -> None:
    assert "Did you mean /post?" in await world.says("alice", "/psot hi")
    assert "Usage: /comment ID TEXT" in await world.says("alice", "/comment abc hi")
    assert "Usage: /like ID" in await world.says("alice", "/like")


async def test_a_bad_argument_is_named_as_the_usage_line_names_it_with_what_was_typed(world: World) -> None:
    await world.say("admin", "/start")
    assert await world.says("alice", "/show yesterday") == "⚠️ ID is a post number, like #42 — not “yesterday”.\nUsage: /show ID"
    assert await world.says("alice", "/like yesterday") == (
        "⚠️ ID is a post number like #42 or a photo like p12 — not “yesterday”.\nUsage: /like ID")
    assert await world.says("alice", "/reply 7x thanks") == (
        "⚠️ COMMENT is a comment number, like c17 — not “7x”.\nUsage: /reply COMMENT TEXT")
    assert (await world.says("admin", "/grant alice ten coins")).startswith(
        "⚠️ AMOUNT is a whole number, like 10 — not “ten”.\nUsage: /grant HANDLE AMOUNT REASON")
    assert (await world.says("admin", "/mod filter frob")).startswith("⚠️ Write one of: add, remove, list — not “frob”.")
    zh = await world.says("alice", "/show yesterday", locale="zh-hans")
    assert zh == "⚠️ 编号应为说说编号，例如 #42，而不是“yesterday”。\n用法：/show 编号"
    zh = await world.says("alice", "/like yesterday", locale="zh-hans")
    assert zh == "⚠️ 编号应为说说编号（例如 #42）或照片（例如 p12），而不是“yesterday”。\n用法：/like 编号"


async def test_a_command_abandons_a_pending_flow_and_flows_expire(world: World) -> None:
    await world.say("alice", "/blog Draft")
    await world.say("alice", "/feed")
    assert "I answer commands" in await world.says("alice", "just chatting")
    await world.say("alice", "/blog Later")
    world.clock.advance(minutes=16)
    assert "I answer commands" in await world.says("alice", "too late for the body")
    assert "Your feed is empty" in await world.says("alice", "/feed")


async def test_a_like_button_with_a_mangled_post_number_has_expired(world: World) -> None:
    await world.say("alice", "/post public hello")
    assert await world.press("alice", "like:abc") == "That button has expired."
    assert await world.press("alice", "unlike:") == "That button has expired."
    assert "Liked #1 · 👍 1" in await world.press("alice", "like:1")
