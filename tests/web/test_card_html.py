"""The post card written in Python (adapters.web.card.card_html) is the template's card (macros.html
card_shown) byte for byte, and the cards' dates (adapters.web.filters.when, core.i18n.when's kept halves) are Babel's text, in every language."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_skeleton

from adapters.web import card, filters, markdown, render
from core import i18n
from core.model import Account, Post, PostKind, Visibility
from core.posts.model import PostView

ZONES: list[tzinfo] = [timezone.utc, ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata")]
NAMES = ["Alice Liddell", "小明", "bob", 'Élodie <b>&"\'', "  ", "", "😀 smile", "Zhang San", "x", "<script>"]
BODIES = ["hello **world** <script>x</script> & more", "", "第一段\n\n第二段 [link](https://e.x/?a=1&b=2)",
          "- one\n- two\n\n`code` " * 40, "50% of {braces} %(id)s %s"]
TITLES = ["T <i>&amp;", "标题", "Plain", "", "%(count)s"]
START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _post(rng: random.Random, post_id: int, author: Account) -> Post:
    kind = rng.choice(list(PostKind))
    body = rng.choice(BODIES)
    title = rng.choice(TITLES) if kind == "blog" else ""
    return Post(id=post_id, author_id=author.id, body=body, kind=kind, title=title,
                visibility=rng.choice(list(Visibility)),
                created_at=START + timedelta(seconds=rng.randint(-10**8, 10**8)),
                edited_at=START if rng.random() < 0.3 else None, like_count=rng.choice([0, 1, 2, 21, 1234]),
                comment_count=rng.choice([0, 1, 2, 5]), share_count=rng.choice([0, 1, 7]),
                body_html=markdown.for_storage(body) if rng.random() < 0.7 else None)


def _views(n: int) -> list[PostView]:
    rng = random.Random(16)
    views = []
    for i in range(n):
        author = Account(id=i % 40, handle=f"user_{i % 40}", display_name=rng.choice(NAMES),
                         avatar={"320": "key"} if rng.random() < 0.4 else None)
        shared, missing, r = None, False, rng.random()
        if r < 0.25:
            original = Account(id=99, handle="orig", display_name=rng.choice(NAMES))
            shared = PostView(post=_post(rng, 5 + i, original), author=original)
        elif r < 0.35:
            missing = True
        views.append(PostView(post=_post(rng, 1000 + i, author), author=author, shared=shared, shared_missing=missing))
    return views


@pytest.mark.parametrize("language", i18n.shipped_languages().all, ids=lambda lang: lang.code)
def test_the_python_card_is_the_templates_card_byte_for_byte(language: i18n.Language) -> None:
    pages = render.Pages("OZ", i18n.shipped_languages())
    card_shown = pages.env.get_template("macros.html").module.card_shown
    owner = Account(id=1, handle="alice", display_name="Alice")
    views = _views(400)
    for zone in ZONES:
        with i18n.using(language), filters.times_in(zone):
            for view in views:
                for full in (False, True):
                    assert card.card_html(view, owner, full) == str(card_shown(view, owner, full))


def _babel_when(at: datetime, zone: tzinfo) -> str:
    """core.i18n.when's text as Babel writes it, nothing kept: what its kept halves must add up to."""
    locale, local = i18n.active().locale, at.astimezone(zone)
    pattern = str(locale.datetime_formats.get("medium", "{1} {0}"))
    return (pattern.replace("{1}", format_skeleton("yMMMd", local, locale=locale))
            .replace("{0}", format_skeleton("Hm", local, locale=locale)))


@pytest.mark.parametrize("language", i18n.shipped_languages().all, ids=lambda lang: lang.code)
def test_a_cards_date_is_core_i18ns_date_in_every_zone(language: i18n.Language) -> None:
    rng = random.Random(8)
    for zone in ZONES:
        with i18n.using(language), filters.times_in(zone):
            for _ in range(3000):
                at = START + timedelta(seconds=rng.randint(-30 * 365 * 86400, 30 * 365 * 86400))
                assert filters.when(at) == _babel_when(at, zone)
            assert filters.when(None) == ""


@pytest.mark.parametrize("language", i18n.shipped_languages().all, ids=lambda lang: lang.code)
def test_the_python_like_form_is_the_templates_like_form_byte_for_byte(language: i18n.Language) -> None:
    pages = render.Pages("OZ", i18n.shipped_languages())
    like_form = pages.env.get_template("form_macros.html").module.like_form
    owner = Account(id=1, handle="alice", display_name="Alice")
    nexts = ["/z/alice", "/z/alice?before=9&limit=3#post-7-title", '/z/<a>"&\'', "\0hole1.abc\0#post-1-title"]
    for view in _views(40):
        for liked in (False, True):
            shown = PostView(post=view.post, author=view.author, liked=liked)
            for csrf, next_ in zip(["tok-1", '<&"\'>', "\0hole0.abc\0", ""], nexts):
                with i18n.using(language):
                    assert card.like_html(shown, owner, csrf, next_) == str(like_form(shown, owner, csrf, next_))
