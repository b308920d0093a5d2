"""Rendering a Reply for Telegram: escaped HTML, keyboards, links Telegram accepts, 4,096 limit."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from adapters.telegram import is_public_url, render, span_html
from adapters.telegram.incoming import addressed_elsewhere
from adapters.telegram.render import TEXT_LIMIT
from chat.messages import Button, Span, b, code, i, link, reply


def test_user_text_is_escaped_inside_every_style() -> None:
    spans = [Span("<script>&"), b("<b>"), i("a<i"), code("x</code>"), link("<me>", "https://a.org/?q=1&r=\"2\"")]
    assert [span_html(s) for s in spans] == [
        "&lt;script&gt;&amp;", "<b>&lt;b&gt;</b>", "<i>a&lt;i</i>", "<code>x&lt;/code&gt;</code>",
        '<a href="https://a.org/?q=1&amp;r=&quot;2&quot;">&lt;me&gt;</a>',
    ]


def test_links_telegram_cannot_open_are_written_out_as_text() -> None:
    assert span_html(link("zone", "http://127.0.0.1:8080/z/al")) == "zone (http://127.0.0.1:8080/z/al)"
    assert span_html(link("http://localhost/z", "http://localhost/z")) == "http://localhost/z"
    assert [is_public_url(u) for u in (
        "https://zone.example.org/z", "http://203.0.113.9/", "http://8.8.8.8/", "http://zone.test/", "ftp://a.org",
        "https://openzone.app/z/al", "http://10.0.0.2/", "http://box.local/",
    )] == [True, False, True, False, False, True, False, False]


def test_buttons_become_an_inline_keyboard_and_unreachable_url_buttons_become_text() -> None:
    r = reply("Post\n", buttons=((Button("👍 Like", "like:1"), Button("🔗 Zone", url="http://127.0.0.1/z/al")),
                                 (Button("Open", url="https://openzone.app/z/al"),)))
    out = render(r)
    assert out.markup == InlineKeyboardMarkup([
        [InlineKeyboardButton("👍 Like", callback_data="like:1")],
        [InlineKeyboardButton("Open", url="https://openzone.app/z/al")],
    ])
    assert out.chunks == ("Post\n\n🔗 Zone: http://127.0.0.1/z/al",)


def test_long_text_is_split_under_4096_characters_on_paragraph_boundaries() -> None:
    paragraphs = [f"{n} " + "x" * 1500 for n in range(6)]
    out = render(reply("\n\n".join(paragraphs)))
    assert all(len(c) <= TEXT_LIMIT for c in out.chunks)
    assert "\n\n".join(out.chunks) == "\n\n".join(paragraphs)
    assert [c.count("\n\n") for c in out.chunks] == [1, 1, 1]


def test_escaping_is_counted_when_splitting() -> None:
    out = render(reply("<" * 5000))
    assert all(len(c) <= TEXT_LIMIT for c in out.chunks)
    assert "".join(out.chunks).replace("&lt;", "<") == "<" * 5000


def test_a_toast_is_plain_text_under_200_characters() -> None:
    assert render(reply(b("Liked"), " #1 · 👍 3")).toast == "Liked #1 · 👍 3"
    assert len(render(reply("y" * 500)).toast) == 200


def test_commands_for_other_bots_are_recognised() -> None:
    assert [addressed_elsewhere(t, "OpenZoneBot") for t in (
        "/start@OtherBot", "/start@openzonebot", "/start", "hello @x", "",
    )] == [True, False, False, False, False]


def test_a_link_written_out_takes_the_colon_of_its_labels_script() -> None:
    r = reply("说说\n", buttons=((Button("🔗 Alice的空间", url="http://127.0.0.1/z/al"),),
                                 (Button("🔗 Zone", url="http://127.0.0.1/z/bo"),)))
    assert render(r).chunks == ("说说\n\n🔗 Alice的空间：http://127.0.0.1/z/al\n🔗 Zone: http://127.0.0.1/z/bo",)
