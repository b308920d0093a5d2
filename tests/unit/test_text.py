"""core.text.clean: what it drops, what it keeps on purpose, and what counts as visible."""

from __future__ import annotations

import unicodedata

from core.text import KEPT_FORMAT, clean, visible

SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"


def test_every_control_format_and_surrogate_code_point_is_dropped_unless_kept_on_purpose() -> None:
    kept = {"\t", "\n", "\r", "\u2028", "\u2029"} | KEPT_FORMAT
    survivors = [
        f"U+{c:04X}" for c in range(0x110000)
        if unicodedata.category(chr(c)) in ("Cc", "Cf", "Cs") and chr(c) not in kept
        and clean(f"a{chr(c)}b", multiline=True) != "ab"
    ]
    assert survivors == []


def test_bidi_overrides_and_isolates_are_gone() -> None:
    spoof = "alice\u202egnp.exe\u2066x\u2069\u202a\u202b\u202c\u202d"
    assert clean(spoof, multiline=False) == "alicegnp.exex"


def test_lines_and_tabs_stay_in_multi_line_text_and_become_spaces_in_a_line() -> None:
    assert clean(" one\r\n\ttwo\rthree\u2028four \n", multiline=True) == "one\n\ttwo\nthree\nfour"
    assert clean(" one\r\n\ttwo  three\u2029", multiline=False) == "one two three"


def test_emoji_sequences_and_persian_spelling_survive() -> None:
    family, persian = "👨\u200d👩\u200d👧", "می\u200cخواهم"
    assert clean(f"{family} {SCOTLAND} {persian}", multiline=False) == f"{family} {SCOTLAND} {persian}"
    assert clean("hi\U000e0041\U000e007f", multiline=False) == "hi"  # tags outside a flag are dropped


def test_noncharacters_are_dropped_and_text_is_composed_to_nfc() -> None:
    assert clean("e\u0301\ufdd0\ufffe\U0010ffff", multiline=False) == "é"


def test_only_blanks_joiners_and_marks_are_not_visible() -> None:
    assert [visible(t) for t in ("", " \u3000\n", "\u200d\u200c", "\u3164\u115f\u2800", "\u0301", "x", "🌱", "\ue000")] == [
        False, False, False, False, False, True, True, True]
