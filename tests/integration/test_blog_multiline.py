"""A blog body of several lines: line by line on the console until `.`, or one message at once."""

from __future__ import annotations

import io

from adapters.console.session import ConsoleSession
from tests.builders import World


async def _body(world: World, post_id: int) -> str:
    async with world.db.uow() as uow:
        post = await uow.posts.get(post_id)
        assert post is not None
        return post.body


async def test_the_console_writes_a_blog_body_line_by_line_until_a_lone_dot(world: World) -> None:
    out = io.StringIO()
    session = ConsoleSession(world.router, "alice", out=out)
    for line in ["/blog Day one\n", "It went **well**.\n", "\n", "Three things:\n", "- a walk\n",
                 "  - in the rain\n", "- a talk\n", ".\n"]:
        await session.handle_line(line)
    printed = out.getvalue()
    assert "a line with only a dot (.) publishes it" in printed
    assert "I answer commands" not in printed
    assert printed.rstrip().endswith("Blog post #1 “Day one” published.")
    assert await _body(world, 1) == "It went **well**.\n\nThree things:\n- a walk\n  - in the rain\n- a talk"


async def test_the_prompt_says_how_to_finish_and_nothing_is_published_before_the_dot(world: World) -> None:
    prompt = await world.says("alice", "/blog Day one")
    assert prompt == ("Title: Day one\nNow send the body (Markdown welcome). A message of several lines is "
                      "published as it is; or send it line by line and finish with a line with only a dot (.).")
    assert await world.says("alice", "first line") == ("✍️ Writing “Day one”. Keep going; a line with only a dot (.) publishes it "
                                                           "(a command instead drops the draft).")
    assert await world.says("alice", "second line") == ""
    async with world.db.uow() as uow:
        assert await uow.posts.get(1) is None  # nothing published before the dot
    assert await world.says("alice", ".") == "Blog post #1 “Day one” published."
    assert await _body(world, 1) == "first line\nsecond line"


async def test_a_one_message_multi_line_body_publishes_at_once(world: World) -> None:
    await world.say("alice", "/blog Day two")
    assert await world.says("alice", "Para one.\n\nPara two.") == "Blog post #1 “Day two” published."
    assert await _body(world, 1) == "Para one.\n\nPara two."
    await world.say("alice", "/blog Day three")
    assert "published" in await world.says("alice", "Line one\nline two\n.")  # a closing dot is not the body
    assert await _body(world, 2) == "Line one\nline two"


async def test_a_lone_dot_with_no_body_yet_keeps_the_draft_open(world: World) -> None:
    await world.say("alice", "/blog Empty")
    assert "The body is empty — write it first, then a line with only a dot (.)." in await world.says("alice", ".")
    assert await world.says("alice", "now some text") != ""
    assert await world.says("alice", ".") == "Blog post #1 “Empty” published."


async def test_an_empty_console_line_outside_a_blog_body_is_answered_with_nothing(world: World) -> None:
    out = io.StringIO()
    session = ConsoleSession(world.router, "alice", out=out)
    await session.handle_line("/me\n")
    before = out.getvalue()
    await session.handle_line("\n")
    assert out.getvalue() == before
