"""The command registry: declarations, parsing and the usage it prints."""

from __future__ import annotations

import pytest

from chat.messages import Button
from core.errors import Invalid
from handlers import CommandGroup, Param, Services, build_registry, build_router
from handlers.registry import UnknownCommand

registry = build_registry()


def test_every_command_has_a_valid_name_summary_and_usage() -> None:
    for c in registry.commands:
        assert c.usage().startswith("/" + c.path)
        assert 0 < len(c.summary) <= 100


def test_the_issue_command_list_is_all_there() -> None:
    wanted = ("start help me name bio handle post blog edit delete comment reply like unlike share feed posts "
              "show friend accept decline unfriend friends requests block unblock privacy link zone").split()
    for name in wanted:
        assert registry.get(name) is not None, name
    for sub in "new add remove list show delete".split():
        assert registry.get(f"circle {sub}") is not None, sub


def test_what_counts_against_a_rate_limit_is_declared_on_the_commands_and_flows() -> None:
    counted = {c.path: c.bucket for c in registry.commands if c.bucket is not None}
    assert counted == {"post": "posts", "blog": "posts", "share": "posts", "comment": "comments",
                       "reply": "comments", "report": "reports"}
    router = build_router(Services(registry, None, None, None))  # type: ignore[arg-type]  # routes only: nothing runs
    assert {kind: f.bucket for kind, f in router.flows.items()} == {
        "blog_body": None, "comment": "comments", "report": "reports",
        "photo_text": None,  # a blog's body lines are not more posts, nor is a photo's caption asked for
        "guestbook_reply": "guestbook"}  # /guestbook counts its entries and replies itself (reading is free)
    assert router.on_reply_to is not None and router.on_reply_to.bucket == "comments"  # a reply to a post comments


def test_optional_audience_is_taken_only_when_it_matches() -> None:
    assert registry.parse("/post hello there").args == {"text": "hello there"}
    assert registry.parse("/post public hello").args == {"audience": "public", "text": "hello"}
    assert registry.parse("/post @family hi").args == {"audience": "@family", "text": "hi"}


def test_quotes_delimit_a_value_with_spaces_and_are_not_part_of_it() -> None:
    assert registry.parse('/circle add "Close Friends" bob @carol').args == {"name": "Close Friends", "handles": ["bob", "carol"]}
    assert registry.parse("/circle add “Close Friends” bob").args["name"] == "Close Friends"
    assert registry.parse('/post @"Close Friends" hi').args == {"audience": "@Close Friends", "text": "hi"}
    assert registry.parse("/post @Family hi").args == {"audience": "@Family", "text": "hi"}  # names keep their case
    assert registry.parse('/post "friends" are great').args == {"text": '"friends" are great'}


def test_a_last_circle_name_takes_the_rest_of_the_line_and_words_that_cant_be_handles_join_it() -> None:
    assert registry.parse("/circle new Close Friends").args == {"name": "Close Friends"}
    assert registry.parse('/circle delete "Close Friends"').args == {"name": "Close Friends"}
    assert registry.parse("/circle add Friends of Bob carol").args == {"name": "Friends of", "handles": ["bob", "carol"]}


def test_text_keeps_its_line_breaks() -> None:
    assert registry.parse("/post line one\n\nline two").args["text"] == "line one\n\nline two"


def test_keyword_parameters() -> None:
    parsed = registry.parse("/privacy zone friends default public")
    assert parsed.args == {"zone": "friends", "default": "public"}
    assert registry.parse("/privacy default private").args == {"default": "private"}


def test_bad_arguments_raise_with_the_usage_line() -> None:
    with pytest.raises(Invalid) as err:
        registry.parse("/like abc")
    assert err.value.message == "ID is a post number like #42 or a photo like p12 — not “abc”.\nUsage: /like ID"
    with pytest.raises(Invalid) as err:
        registry.parse("/friend a")
    assert "A handle is 3–20 characters" in err.value.message
    with pytest.raises(Invalid) as err:
        registry.parse("/comment c17 me too")  # a comment's number where a post's goes
    assert err.value.message == ("c17 is a comment; this takes a post number like #42 or a photo like p12 "
                                 "(/reply c17 TEXT answers a comment).\nUsage: /comment ID TEXT")
    with pytest.raises(Invalid) as err:
        registry.parse("/handle")
    assert err.value.message == "Missing new handle.\nUsage: /handle NEW HANDLE"  # what the usage line calls it
    with pytest.raises(Invalid) as err:
        registry.parse("/comment")
    assert err.value.message == "Missing id and text.\nUsage: /comment ID TEXT"


def test_commands_addressed_to_another_bot_are_not_ours() -> None:
    with pytest.raises(UnknownCommand) as err:
        registry.parse("/post@OtherBot hi", bot_username="OpenZoneBot")
    assert err.value.addressed_elsewhere
    assert registry.parse("/post@OpenZoneBot hi", bot_username="openzonebot").args == {"text": "hi"}


def test_unknown_commands_suggest_the_closest() -> None:
    with pytest.raises(UnknownCommand) as err:
        registry.parse("/frend bob")
    assert "Did you mean /friend?" in err.value.message


def test_structured_options_use_the_same_converters() -> None:
    command = registry.get("comment")
    assert command is not None
    assert registry.bind_options(command, {"id": "#7", "text": "hi"}) == {"id": 7, "text": "hi"}
    with pytest.raises(Invalid):
        registry.bind_options(command, {"id": "x", "text": "hi"})


def test_declaring_a_command_twice_or_badly_fails_at_build_time() -> None:
    group = CommandGroup()

    @group.command("post", "again")
    async def again(ctx):  # type: ignore[no-untyped-def]
        return None

    with pytest.raises(ValueError, match="declared twice"):
        build_registry(extra=[group])
    with pytest.raises(ValueError, match="bad command name"):
        CommandGroup().command("Bad-Name", "x")(again)
    with pytest.raises(ValueError, match="only the last parameter"):
        CommandGroup().command("x", "x", Param("a", "text"), Param("b", "word"))(again)


def test_button_actions_are_limited_to_64_bytes() -> None:
    Button("ok", "like:" + "1" * 59)
    with pytest.raises(ValueError):
        Button("too long", "like:" + "1" * 60)


def test_a_command_declared_with_a_button_is_what_its_button_runs() -> None:
    like = registry.get("like")
    assert like is not None and registry.button("like") is like
    assert registry.button("acc") is registry.get("accept") and registry.button("buyask") is registry.get("buy")
    assert registry.knows_verb("delpost") and registry.button("delpost") is None  # a verb of its own
    assert registry.bind_text(like, "42") == {"id": 42}  # `like:42` is pressed as `/like 42`


def test_a_button_verb_declared_twice_fails_at_build_time() -> None:
    group = CommandGroup()

    @group.command("favourite", "again", Param("id", "post"), button="like")
    async def favourite(ctx):  # type: ignore[no-untyped-def]
        return None

    with pytest.raises(ValueError, match="button verb 'like' declared twice"):
        build_registry(extra=[group])
