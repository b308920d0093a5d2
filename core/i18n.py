"""Languages: which one a person reads, and the words, numbers and times in it.

Every string a person reads is written in English in the code, marked for translation
(`_("…")`, `ngettext(…)`, or `N_("…")` where it is declared before anyone reads it), and looked
up at the moment it is worded in the catalog of the person who will read it: `using(language)`
sets that language for everything worded inside it (one chat message, one web request, one
notification), so core's errors, the handlers' replies and the web's pages all speak it without
passing it along. The catalogs are gettext catalogs in `locale/<code>/LC_MESSAGES/openzone.po`
(managed with Babel: `python -m openzone.catalogs`); English is the source and needs none.
"""

from __future__ import annotations

import gettext as _gettext
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, lru_cache
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "openzone"
SOURCE = "en"
# How numbers and times look in the source language: "1 Dec 2026, 19:57", a 24-hour clock.
_FORMATS = {"en": "en_GB"}
# What people type or messengers send for a language, beyond its own code: /lang zh, 中文,
# Telegram's `zh-hans`, Discord's `zh-CN` / `zh-TW` (Traditional readers read Simplified
# better than English; a zh_Hant catalog, once there, takes `zh-TW` by its own code).
_ALIASES = {
    "english": "en", "英文": "en", "英语": "en",
    "zh": "zh_Hans", "zh-cn": "zh_Hans", "zh-sg": "zh_Hans", "zh-hans": "zh_Hans", "zh-tw": "zh_Hans",
    "zh-hk": "zh_Hans", "zh-hant": "zh_Hans", "chinese": "zh_Hans", "中文": "zh_Hans", "简体中文": "zh_Hans",
    "汉语": "zh_Hans", "普通话": "zh_Hans",
}


@dataclass(frozen=True)
class Language:
    """One language people can read OpenZone in: its catalog and how it writes numbers and times."""

    code: str
    """The catalog's name, also what accounts store: `en`, `zh_Hans`."""
    translations: _gettext.NullTranslations = field(default_factory=_gettext.NullTranslations, compare=False)

    @property
    def locale(self) -> Locale:
        return Locale.parse(_FORMATS.get(self.code, self.code))

    @property
    def tag(self) -> str:
        """The BCP 47 tag, for `<html lang>` and HTTP: `en`, `zh-Hans`."""
        return self.code.replace("_", "-")

    @property
    def name(self) -> str:
        """The language's name in itself: "English", "简体中文"."""
        return _name_of(self.code)

    @property
    def short(self) -> str:
        """What a person types to choose it (`/lang zh`)."""
        return self.code.split("_")[0]


ENGLISH = Language(SOURCE)


class Languages:
    """The languages this site speaks; the composition root loads them once."""

    def __init__(self, languages: list[Language], default: str = SOURCE) -> None:
        self.by_code = {lang.code: lang for lang in languages}
        if SOURCE not in self.by_code:
            self.by_code[SOURCE] = ENGLISH
        self.default = self.by_code.get(default, self.by_code[SOURCE])

    @classmethod
    def load(cls, directory: Path = LOCALE_DIR, default: str = SOURCE) -> Languages:
        """English and every catalog under `directory` (compiled `.mo` when fresh, else the `.po` read)."""
        found = {SOURCE: ENGLISH}  # the source language reads the code's own words, catalog or not
        for po in sorted(directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            found[po.parent.parent.name] = Language(po.parent.parent.name, _translations(po))
        return cls(list(found.values()), default)

    @property
    def all(self) -> list[Language]:
        return sorted(self.by_code.values(), key=lambda lang: (lang.code != SOURCE, lang.code))

    def get(self, code: str | None) -> Language:
        return self.by_code.get(code or "", self.default)

    def match(self, said: str | None) -> Language | None:
        """The language someone named or a messenger hinted (`zh`, `中文`, `zh-hans`, `zh_CN.UTF-8`), if we speak it."""
        if not said:
            return None
        key = said.strip().split(".")[0].replace("_", "-").lower()
        for candidate in (key, key.split("-")[0]):
            code = _ALIASES.get(candidate, candidate)
            for lang in self.by_code.values():
                if lang.code.lower() == code.lower() or lang.short == code:
                    return lang
        return None

    def best(self, accept_language: str | None) -> Language | None:
        """The first language of an HTTP `Accept-Language` header that we speak (by its q order)."""
        ranked: list[tuple[float, int, str]] = []
        for n, part in enumerate((accept_language or "").split(",")):
            name, _, params = part.strip().partition(";")
            q = 1.0
            if (m := re.search(r"q=([0-9.]+)", params)) is not None:
                try:
                    q = float(m.group(1))
                except ValueError:
                    q = 0.0
            if name and name != "*" and q > 0:
                ranked.append((-q, n, name))
        for _, _, name in sorted(ranked):
            if (lang := self.match(name)) is not None:
                return lang
        return None

    def for_account(self, language: str | None, hint: str | None = None) -> Language:
        """What a person reads: their own choice (`/lang`) first, else what their messenger said."""
        if language and language in self.by_code:
            return self.by_code[language]
        return self.match(hint) or self.default


@cache
def shipped_languages() -> Languages:
    """The languages shipped in locale/ (loaded once per process)."""
    return Languages.load()


def _translations(po: Path) -> _gettext.NullTranslations:
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as f:
            return _gettext.GNUTranslations(f)
    # Not compiled yet (a checkout run without `make`): compile in memory, as `pybabel compile` would.
    with po.open("rb") as f:
        catalog = read_po(f)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


_active: ContextVar[Language] = ContextVar("openzone_language", default=ENGLISH)


@contextmanager
def using(language: Language) -> Iterator[Language]:
    """Word everything inside in `language` (one message, one request, one notification)."""
    token = _active.set(language)
    try:
        yield language
    finally:
        _active.reset(token)


def switch(language: Language) -> None:
    """Word the rest of what is inside the enclosing `using` in `language` (once the reader is known)."""
    _active.set(language)


def active() -> Language:
    return _active.get()


def gettext(message: str) -> str:
    """`message` in the reader's language."""
    return _active.get().translations.gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` in the reader's language ("1 photo", "2 photos"; Chinese has one form)."""
    return _active.get().translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 — the gettext convention
    """Marks a message declared before anyone reads it; `_()` translates it where it is shown."""
    return message


def number(n: int | float) -> str:
    """A number as the reader writes it (1,234)."""
    return format_decimal(n, locale=_active.get().locale)


@lru_cache(maxsize=64)
def _name_of(code: str) -> str:
    if code == "zh_Hans":
        return "简体中文"
    return Locale.parse(code).language_name or code


def when(at: datetime, zone: tzinfo | None = None) -> str:
    """A date and time in the reader's language and time zone: "1 Dec 2026, 19:57", "2026年12月1日 19:57".

    Babel's text, its two halves kept per language — the day's by date, the time's by hour and minute:
    formatting them was a third of a post card the web had not shown before."""
    language = _active.get()
    local = at.astimezone(zone) if zone is not None else at
    code = language.code
    day_key = (code, local.year, local.month, local.day)
    on = _DAYS.get(day_key)
    if on is None:
        if len(_DAYS) >= MAX_DAYS_KEPT:
            _DAYS.clear()
        on = _DAYS[day_key] = format_skeleton("yMMMd", local, locale=_locale_of(language))
    clock_key = (code, local.hour, local.minute)
    clock = _CLOCKS.get(clock_key)
    if clock is None:
        clock = _CLOCKS[clock_key] = format_skeleton("Hm", local, locale=_locale_of(language))
    return _pattern_of(language).replace("{1}", on).replace("{0}", clock)


MAX_DAYS_KEPT = 20_000
"""Days' text kept (some 27 years per language): a bound, not a cache policy."""
_DAYS: dict[tuple[str, int, int, int], str] = {}
_CLOCKS: dict[tuple[str, int, int], str] = {}


@lru_cache(maxsize=64)
def _locale_of(language: Language) -> Locale:
    return language.locale


@lru_cache(maxsize=64)
def _pattern_of(language: Language) -> str:
    return str(_locale_of(language).datetime_formats.get("medium", "{1} {0}"))


def day(at: datetime | date, zone: tzinfo | None = None) -> str:
    """A date alone: "1 Dec 2026", "2026年12月1日" (a `date` is already someone's local day: shown as it is)."""
    local = at.astimezone(zone) if isinstance(at, datetime) and zone is not None else at
    return format_skeleton("yMMMd", local, locale=_active.get().locale)


def ago(delta: timedelta) -> str:
    """How long ago, in words: "3 minutes ago", "3分钟前"; under a minute is "just now"."""
    if delta < timedelta(minutes=1):
        return _("just now")
    return format_timedelta(-delta, add_direction=True, threshold=1.1, locale=_active.get().locale)


def zone(name: str | None) -> tzinfo:
    """The time zone of that name; UTC for none or one this machine doesn't know (times still show)."""
    try:
        return ZoneInfo(name) if name else timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def known_locale(code: str) -> bool:
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


__all__ = [
    "DOMAIN", "ENGLISH", "LOCALE_DIR", "SOURCE", "Language", "Languages", "N_", "_", "active", "ago", "day",
    "gettext", "known_locale", "ngettext", "number", "shipped_languages", "switch", "using", "when", "zone",
]
