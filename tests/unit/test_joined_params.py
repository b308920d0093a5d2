"""Joined parameters: their own option in a form, part of the text before them in a typed line."""

from __future__ import annotations

import pytest

from core.errors import Invalid
from handlers import CommandGroup, Param, build_registry
from handlers.registry import Command

registry = build_registry()


def _command(path: str) -> Command:
    command = registry.get(path)
    assert command is not None
    return command


def test_a_typed_line_gives_the_whole_text_to_the_parameter_the_others_are_joined_to() -> None:
    parsed = registry.parse("/album question Trip to Rome Where did we meet? | Rome")
    assert parsed.args == {"album": "Trip to Rome Where did we meet? | Rome"}
    assert _command("album question").usage() == "/album question TITLE QUESTION | ANSWER"
    assert _command("blog").usage() == "/blog [public|friends|private|@circle] TITLE [| BODY]"


def test_a_form_is_written_back_as_it_would_have_been_typed() -> None:
    new = _command("album new")
    assert registry.bind_options(new, {"title": "Trip public"}) == {"title": '"Trip public"'}
    assert registry.bind_options(new, {"title": "Trip", "audience": "@Close Friends"}) == {
        "title": 'Trip @"Close Friends"'}
    assert registry.bind_options(new, {"title": 'The "best" trip', "audience": "friends"}) == {
        "title": '“The "best" trip” friends'}
    question = _command("album question")
    assert registry.bind_options(question, {"album": "Trip to Rome", "question": "Where?", "answer": "Rome"}) == {
        "album": '"Trip to Rome" Where? | Rome'}
    rename = _command("album rename")  # a | follows: nothing to quote
    assert registry.bind_options(rename, {"album": "Trip to Rome", "new": "Rome 2026"}) == {
        "album": "Trip to Rome | Rome 2026"}
    assert registry.bind_options(_command("blog"), {"text": "Day one"}) == {"text": "Day one"}


def test_a_joined_option_is_checked_by_its_own_converter_and_required_ones_are_asked_for() -> None:
    assert registry.bind_options(_command("album new"), {"title": "Trip", "audience": "Friends"}) == {
        "title": "Trip Friends"}
    with pytest.raises(Invalid, match="Write one of: public, friends, private, @circle — not “everyone”"):
        registry.bind_options(_command("album new"), {"title": "Trip", "audience": "everyone"})
    with pytest.raises(Invalid, match="Missing answer"):
        registry.bind_options(_command("album question"), {"album": "Trip", "question": "Where?"})


def test_a_joined_parameter_must_follow_the_text_it_is_part_of() -> None:
    group = CommandGroup()

    async def run(ctx: object) -> None:
        return None

    with pytest.raises(ValueError, match="joined parameter follows the text"):
        group.command("x", "A test", Param("id", "int"), Param("more", "text", joined=" "))(run)
