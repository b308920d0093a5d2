"""The one normaliser every piece of user text passes on its way into core.

Messengers hand us whatever their clients allow: NUL and other C0/C1 controls (PostgreSQL can't
store NUL, XML 1.0 forbids most of them, so an Atom feed with one is not well-formed), bidi
overrides and isolates (U+202A–202E, U+2066–2069: "alice\u202egnp.exe" renders reversed, which
is how names and links are spoofed), zero-width characters (a name that looks empty, or looks like
someone else's), unpaired surrogates (not encodable as UTF-8) and noncharacters. `clean` drops
them and composes what remains to NFC, so the same visible text is stored as the same code points.

Kept on purpose: `\n` and `\t` where text may have several lines; ZWNJ and ZWJ (Persian and
Indic spelling, emoji sequences like 👨‍👩‍👧); the tag characters of a subdivision flag (🏴 + tags +
cancel tag); the Arabic "prepended concatenation marks", which are visible signs; private-use
and not-yet-assigned code points (new emoji reach people before they reach `unicodedata`).
"""

from __future__ import annotations

import re
import unicodedata

# Format (Cf) characters that carry spelling or emoji meaning, and the visible prepended marks.
KEPT_FORMAT = frozenset(
    "\u200c\u200d"  # ZWNJ, ZWJ
    "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
)
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
_DROP = re.compile(
    "["
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls but \t and \n (\r was made \n before)
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"  # other format controls
    "\ud800-\udfff"  # surrogates: in a str they are always unpaired
    f"{_NONCHARACTERS}"
    "]"
)
# Tag characters survive only as the tail of a subdivision flag (🏴 tags… U+E007F).
_TAGS = re.compile("(\U0001f3f4[\U000e0020-\U000e007e]{1,30}\U000e007f)|[\U000e0000-\U000e007f]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
# Letters that render as nothing: the Hangul fillers and the blank braille pattern.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def clean(text: str, *, multiline: bool) -> str:
    """`text` without control, bidi, zero-width and unencodable characters, composed to NFC.

    With `multiline`, line breaks of every kind become `\\n` and tabs stay; without it every run of
    whitespace (line breaks and tabs included) becomes one space. Leading and trailing whitespace
    goes either way; `\\n` runs are kept as written, so paragraphs survive.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _DROP.sub("", text)
    text = _TAGS.sub(lambda m: m.group(1) or "", text)
    text = unicodedata.normalize("NFC", text)
    if not multiline:
        return " ".join(text.split())
    return text.strip()


def visible(text: str) -> bool:
    """Whether `text` shows anything: not only spaces, marks without a base, joiners or blank
    fillers. A name or post of nothing but those is refused as empty."""
    return any(ch not in _BLANK_LETTERS and unicodedata.category(ch) not in _UNSEEN for ch in text)


# Separators, combining marks and controls; private-use and unassigned code points may be glyphs.
_UNSEEN = frozenset({"Zs", "Zl", "Zp", "Mn", "Mc", "Me", "Cc", "Cf", "Cs"})


# Scripts written without spaces between words: CJK ideographs (and their radicals, symbols,
# compatibility forms and the extensions beyond the BMP), kana, bopomofo, Hangul, full-width forms.
_CJK = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)


def has_cjk(text: str) -> bool:
    """Whether `text` has a character of a script written without spaces (Chinese, Japanese, Korean):
    such text has no word boundaries to find, so a word in it is found as a substring."""
    return _CJK.search(text) is not None
