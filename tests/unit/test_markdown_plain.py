"""The short way to a post's HTML (text with no markup) gives exactly what the parser and the
sanitizer give, and everything with markup still goes through them."""

from __future__ import annotations

import random

import pytest

from adapters.web import markdown

PLAIN = list("abcxyz ABC 0189 ,.!?;:'\"()/%@$ 你好世界，。！？；：、（）“”‘’…—– éß 👍❤️🙂") + ["\n", "\n\n", "  ", "\u200d"]
MARKUP = list("*_`[]<>&\\#~|=+-{}\t") + ["1. ", "\n    code", "\n> q", "\n---", "![x](y)", "&amp;", "<b>", "\u00a0", "\r"]


def _texts(n: int, markup: float, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(MARKUP) if rng.random() < markup else rng.choice(PLAIN)
                    for _ in range(rng.randint(1, 60))) for _ in range(n)]


def test_text_without_markup_takes_the_short_way_to_the_parsers_very_html() -> None:
    texts = _texts(4000, 0.0, seed=1) + _texts(4000, 0.02, seed=2) + [
        "Hello world!", "湖边的早晨。\n\n今天天气很好！", "a\nb\n\nc", 'He said "hi" (twice)', "\n\nlead\n", "👍❤️",
    ]
    short = [t for t in texts if markdown._plain_html(t) is not None]
    assert len(short) > 3000  # most of them do take it: this compares something
    for text in short:
        assert markdown._plain_html(text) == markdown.parse(text), text


@pytest.mark.parametrize("text", ["*a*", "a_b_", "1. one", "x\n2) two", "# h", "a\n---", "<b>x</b>", "&amp;",
                                  "    code", "a  \nb", "[l](http://x)", "~~s~~", "a | b", "tab\there", " lead"])
def test_anything_that_could_be_markup_is_parsed(text: str) -> None:
    assert markdown._plain_html(text) is None
    assert markdown.render(text) == markdown.parse(text)
