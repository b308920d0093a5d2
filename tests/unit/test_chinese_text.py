"""Chinese text is first-class: the word filter without spaces, cuts between whole characters."""

from __future__ import annotations

import pytest

from adapters.telegram.render import utf16_len
from adapters.web.render import excerpt
from chat import Span, boundary, chunk, clip
from core.errors import Invalid
from core.model import MAX_POST, validate_text
from core.moderation.model import matches
from handlers.format import SNIPPET, snip

FAMILY = "👨\u200d👩\u200d👧"  # one emoji, five code points
FLAG = "🇨🇳"  # two regional indicators


def test_a_chinese_filter_word_is_found_inside_text_without_spaces() -> None:
    assert matches("傻瓜", "你是傻瓜吗")
    assert matches("qq号", "加我QQ号吧")
    assert not matches("傻瓜", "你是好人")


def test_an_english_filter_word_still_matches_whole_words_only() -> None:
    assert matches("ass", "what an ass!") and not matches("ass", "first class")
    assert matches("spam", "买 spam 吗") and not matches("spam", "spammer")


def test_cuts_never_fall_inside_an_emoji_sequence_a_flag_or_an_accented_letter() -> None:
    text = "ab" + FAMILY + FLAG + FLAG + "e\u0301"
    cuts = [boundary(text, n) for n in range(len(text) + 1)]
    assert sorted(set(cuts)) == [0, 1, 2, 7, 9, 11, 13]
    assert clip("好" * 10 + FAMILY * 3, 12) == "好" * 10 + "…"
    assert clip(FLAG * 5, 6) == FLAG * 2 + "…"


def test_chunks_are_measured_as_the_messenger_counts_and_keep_every_character() -> None:
    text = ("🎉" + FAMILY + "好") * 700  # 4,900 code points, 7,700 UTF-16 units
    parts = chunk([Span(text)], 4096, lambda s: s.text, utf16_len)
    assert len(parts) == 2 and all(utf16_len(p) <= 4096 for p in parts)
    assert "".join(parts) == text
    assert not any(p.endswith(("\u200d", "👨", "👩")) for p in parts)  # never inside the family emoji
    assert chunk([Span("字" * 4500)], 2000, lambda s: s.text) == ["字" * 2000, "字" * 2000, "字" * 500]


def test_a_chinese_excerpt_ends_between_characters() -> None:
    body = "今天天气很好，我们去公园散步吧！" * 30 + FAMILY
    assert snip(body) == body[:SNIPPET - 1] + "…"
    quoted = snip("春" * (SNIPPET - 2) + FAMILY + "夏")
    assert quoted == "春" * (SNIPPET - 2) + "…"  # the family emoji whole or not at all
    assert excerpt("**你好**，世界。" * 50, 20) == "你好，世界。你好，世界。你好，世界。你…"
    assert excerpt("一" * 18 + FLAG + "二", 20) == "一" * 18 + "…"


def test_length_limits_count_characters_not_bytes() -> None:
    assert validate_text("好" * MAX_POST, what="post", limit=MAX_POST) == "好" * MAX_POST  # 6,000 bytes of UTF-8
    assert validate_text("😀" * MAX_POST, what="post", limit=MAX_POST) == "😀" * MAX_POST  # 4,000 UTF-16 units
    with pytest.raises(Invalid):
        validate_text("好" * (MAX_POST + 1), what="post", limit=MAX_POST)
