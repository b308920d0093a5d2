"""Signed viewer tokens, message splitting and pacing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from chat.messages import Span
from chat.sending import Pacer, chunk
from core.tokens import Signer

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
signer = Signer(b"k" * 32)


def test_a_link_token_verifies_until_it_expires() -> None:
    token = signer.link(viewer_id=2, owner_id=1, epoch=0, now=NOW)
    claim = signer.verify(token, "link", NOW + timedelta(days=1))
    assert claim is not None and (claim.viewer_id, claim.owner_id, claim.epoch) == (2, 1, 0)
    assert signer.verify(token, "link", NOW + timedelta(days=8)) is None


def test_tampered_or_misused_tokens_are_rejected() -> None:
    token = signer.link(2, 1, 0, NOW)
    body, sig = token.split(".")
    forged = Signer(b"z" * 32).link(3, 1, 0, NOW)
    assert signer.verify(forged, "link", NOW) is None
    assert signer.verify(forged.split(".")[0] + "." + sig, "link", NOW) is None
    assert signer.verify(token, "session", NOW) is None
    assert signer.verify("garbage", "link", NOW) is None
    assert signer.verify(body + ".", "link", NOW) is None


def render(span: Span) -> str:
    return f"<b>{span.text}</b>" if span.style == "b" else span.text


def test_long_text_splits_on_paragraphs_within_the_limit() -> None:
    paragraphs = [f"paragraph {n} " + "word " * 30 for n in range(20)]
    text = "\n\n".join(paragraphs)
    parts = chunk([Span(text)], 500, render)
    assert all(len(p) <= 500 for p in parts)
    assert all(p.startswith("paragraph") for p in parts)
    assert "".join(parts).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_markup_is_never_cut_in_half() -> None:
    parts = chunk([Span("x" * 30, "b"), Span("y" * 30, "b")], 40, render)
    assert parts == ["<b>" + "x" * 30 + "</b>", "<b>" + "y" * 30 + "</b>"]


async def test_pacer_spaces_messages_to_one_chat() -> None:
    import time

    pacer = Pacer(per_chat=0.05, per_second=1000)
    start = time.monotonic()
    for _ in range(3):
        await pacer.wait("chat")
    assert time.monotonic() - start >= 0.1
