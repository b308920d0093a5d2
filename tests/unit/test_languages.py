"""The catalogs: complete, compiling, and the language each person reads."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from babel.messages.catalog import Catalog

from chat.messages import Span, b, fill
from core import i18n
from core.i18n import Languages, shipped_languages
from openzone import catalogs


def test_every_marked_string_has_a_simplified_chinese_translation() -> None:
    pot = catalogs.template()
    zh = catalogs.read(catalogs.po_path("zh_Hans"))
    assert catalogs.problems(zh, pot) == []


def test_every_marked_string_is_in_the_english_catalog_too() -> None:
    assert catalogs.problems(catalogs.read(catalogs.po_path("en")), catalogs.template()) == []


def test_every_catalog_compiles_and_loads() -> None:
    languages = Languages.load()
    assert {lang.code for lang in languages.all} >= {"en", "zh_Hans"}
    for path in catalogs.catalogs():
        catalog = catalogs.read(path)
        assert list(catalog.check()) == []


def test_a_translation_with_other_placeholders_is_a_problem() -> None:
    catalog = Catalog(locale="zh_Hans")
    catalog.add("{who} liked #{id}", "{who} 赞了")
    catalog.add("Untranslated")
    assert catalogs.problems(catalog) == [
        "placeholders differ: '{who} liked #{id}' -> '{who} 赞了'", "untranslated: 'Untranslated'",
    ]


def test_a_messenger_hint_names_a_language_we_speak() -> None:
    languages = shipped_languages()
    for said in ("zh-hans", "zh-CN", "zh-TW", "zh_CN.UTF-8", "zh", "中文"):
        assert languages.match(said).code == "zh_Hans", said
    assert languages.match("en-US").code == "en"
    assert languages.match("fr") is None
    assert languages.match(None) is None


def test_accept_language_picks_the_first_language_we_speak_by_quality() -> None:
    languages = shipped_languages()
    assert languages.best("fr-FR,fr;q=0.9,zh-CN;q=0.8,en;q=0.7").code == "zh_Hans"
    assert languages.best("en;q=0.5, zh;q=0.9").code == "zh_Hans"
    assert languages.best("fr, de") is None


def test_a_choice_wins_over_the_messenger_hint() -> None:
    languages = shipped_languages()
    assert languages.for_account("en", "zh-hans").code == "en"
    assert languages.for_account(None, "zh-hans").code == "zh_Hans"
    assert languages.for_account(None, None).code == "en"


def test_times_are_worded_in_the_readers_language_and_zone() -> None:
    at = datetime(2026, 12, 1, 11, 57, tzinfo=timezone.utc)
    shanghai = i18n.zone("Asia/Shanghai")
    assert i18n.when(at, shanghai) == "1 Dec 2026, 19:57"
    with i18n.using(shipped_languages().get("zh_Hans")):
        assert i18n.when(at, shanghai) == "2026年12月1日 19:57"
        assert i18n.ago(timedelta(minutes=3)) == "3分钟前"
    assert i18n.ago(timedelta(minutes=3)) == "3 minutes ago"


def test_using_restores_the_language_around_it() -> None:
    zh = shipped_languages().get("zh_Hans")
    with i18n.using(zh):
        assert i18n.active() is zh
    assert i18n.active().code == "en"


def test_fill_keeps_the_styled_values_where_the_translation_puts_them() -> None:
    assert fill("{n} 人赞了 {who} 的说说", who=b("Ann"), n=3) == (Span("3"), Span(" 人赞了 "), b("Ann"), Span(" 的说说"))


def test_no_catalog_holds_a_message_twice() -> None:
    # Git can merge two updates of a catalog into one with a message id twice; Babel would then
    # silently keep one of the translations.
    for path in catalogs.catalogs():
        ids: list[str] = []
        current: list[str] | None = None
        context: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("msgctxt "):
                context = current = [line]
            elif line.startswith("msgid "):
                current = [*context, line]
            elif current is not None and line.startswith('"'):
                current.append(line)
            elif current is not None:
                if any(x.startswith("msgid ") for x in current):
                    ids.append("\n".join(current))
                    context = []
                current = None
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        assert repeated == [], (path, repeated[:5])
