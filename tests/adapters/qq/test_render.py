"""The pieces of the QQ adapter that need no connection: the token rule, CQ codes, rendering."""

from __future__ import annotations

import pytest

from adapters.qq import cq_segments, parse, render, token_refusal
from chat import Button, Image, Reply, link, reply

TOKEN = "the-access-token-0123"


@pytest.mark.parametrize(("headers", "query", "expected"), [
    ({"Authorization": f"Bearer {TOKEN}"}, {}, None),
    ({"Authorization": f"Token {TOKEN}"}, {}, None),  # go-cqhttp's spelling
    ({}, {"access_token": TOKEN}, None),
    ({"Authorization": "Bearer nope"}, {}, 403),
    ({}, {"access_token": "nope"}, 403),
    ({}, {}, 401),
    ({"Authorization": "Basic abc"}, {}, 401),
])
def test_the_access_token_rule(headers: dict[str, str], query: dict[str, str], expected: int | None) -> None:
    assert token_refusal(headers, query, TOKEN) == expected


def test_without_a_configured_token_nothing_is_refused() -> None:
    assert token_refusal({}, {}, "") is None


def test_cq_codes_become_segments_with_their_escapes_undone() -> None:
    segments = cq_segments("[CQ:reply,id=7][CQ:at,qq=10001] /post a &#91;b&#93; &amp; c[CQ:image,file=x.jpg,url=http://h/x?a=1&#44;2]")
    assert segments == [
        {"type": "reply", "data": {"id": "7"}},
        {"type": "at", "data": {"qq": "10001"}},
        {"type": "text", "data": {"text": " /post a [b] & c"}},
        {"type": "image", "data": {"file": "x.jpg", "url": "http://h/x?a=1,2"}},
    ]
    parsed = parse(segments, "10001")
    assert (parsed.text, parsed.at_me, parsed.reply_id, len(parsed.images)) == ("/post a [b] & c", True, "7", 1)


def test_buttons_are_numbered_on_across_one_answer_and_links_written_out() -> None:
    numbers: list[str] = []
    first = reply("one", buttons=((Button("Like", "like:1"), Button("Zone", url="http://z/1")),))
    second = Reply(spans=(link("the zone", "http://z/2"),), buttons=((Button("Like", "like:2"),),))
    shown = [m.text for r in (first, second) for m in render(r, numbers)]
    assert shown == ["one\n[!1 Like] Zone: http://z/1", "the zone (http://z/2)\n[!2 Like]"]
    assert numbers == ["like:1", "like:2"]
    [zh] = render(reply("说说", buttons=((Button("👍 赞", "like:3"), Button("🔗 Alice的空间", url="http://z/3")),)), numbers)
    assert zh.text == "说说\n[!3 👍 赞] 🔗 Alice的空间：http://z/3"  # a Chinese label's colon is full-width


def test_pictures_ride_with_the_text_nine_to_a_message() -> None:
    pictures = tuple(Image(bytes([n]) * 10) for n in range(11))
    messages = render(Reply(spans=reply("album").spans, images=pictures), [])
    kinds = [[s["type"] for s in m.segments] for m in messages]
    assert kinds == [["text"] + ["image"] * 9, ["image"] * 2]


def test_a_long_text_is_cut_under_the_limit() -> None:
    text = "\n\n".join("x" * 900 for _ in range(8))
    messages = render(reply(text), [], limit=3000)
    assert len(messages) == 3 and all(len(m.text) <= 3000 for m in messages)
    assert "".join(m.text for m in messages).replace("\n", "") == text.replace("\n", "")
