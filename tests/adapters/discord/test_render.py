"""Rendering Replies for Discord, and wiring the bot into `openzone run`."""

from __future__ import annotations

from types import SimpleNamespace

from adapters.discord import DiscordAdapter, render, span_md
from adapters.discord.render import CONTENT_LIMIT, EMBED_LIMIT, MAX_FILES, rendered
from chat.messages import Button, Face, Image, Reply, Span, b, code, link, plain
from openzone import wiring_discord
from openzone.config import Discord, Settings
from openzone.serve import Wiring
from tests.builders import World


def test_spans_become_discord_markdown_with_user_text_escaped() -> None:
    assert span_md(plain("*not bold* _x_ ~~y~~")) == "\\*not bold\\* \\_x\\_ \\~\\~y\\~\\~"
    assert span_md(b("Title \n")) == "**Title** \n"
    assert span_md(code("a`b")) == "`aˋb`"
    assert span_md(link("zone", "https://zone.example.org/z/a")) == "[zone](https://zone.example.org/z/a)"
    assert span_md(link("odd", "javascript:alert(1)")) == "odd (javascript:alert(1))"


def test_long_content_is_split_under_discords_limit_with_buttons_on_the_last_part() -> None:
    paragraphs = tuple(Span(("word " * 90).strip() + "\n\n") for _ in range(12))
    messages = render(Reply(spans=paragraphs, buttons=((Button("More", "more:feed:1"),),)))
    assert len(messages) == 3
    assert all(len(m.content) <= CONTENT_LIMIT for m in messages)
    assert [m.view is not None for m in messages] == [False, False, True]


def test_a_long_post_card_continues_in_more_embeds_with_the_counts_at_the_end() -> None:
    body = tuple(Span(("long " * 200).strip() + "\n\n") for _ in range(6))
    card = Reply(spans=(plain("#7 · Ann (@ann) · 🌍 public · just now\n"), *body, plain("👍 2   💬 1")), post_id=7)
    messages = render(card)
    assert len(messages) == 2
    assert all(len(m.embeds) == 1 and len(m.embeds[0].description or "") <= EMBED_LIMIT for m in messages)
    first, last = messages[0].embeds[0], messages[-1].embeds[0]
    assert (first.title, first.author.name, last.footer.text) == ("#7", "Ann (@ann) · 🌍 public · just now", "👍 2   💬 1")


def test_a_reply_naming_a_post_without_a_card_stays_plain_text() -> None:
    [message] = render(Reply(spans=(plain("#3 👍 Bo (@bo) liked your post."),), post_id=3))
    # Discord would read a leading "#" as a heading; escaped, it shows as written.
    assert (message.content, message.embeds) == ("\\#3 👍 Bo (@bo) liked your post.", [])


FACE = Image(b"face-bytes", "Avatar of Ann", "face.jpg")


async def _no_bytes() -> bytes | None:
    return None


def test_a_face_is_a_cards_author_icon_or_a_replys_thumbnail_and_rides_in_the_first_message() -> None:
    face = Face("Avatar of Ann", _no_bytes)
    card = Reply(spans=(plain("#7 · Ann (@ann) · 🌍 public · just now\n"), plain("hi\n"), plain("👍 0   💬 0")),
                 post_id=7, face=face)
    [m] = render(card, FACE)
    assert m.embeds[0].author.icon_url == "attachment://face.jpg" and m.images == (FACE,)
    paragraphs = tuple(Span(("word " * 300).strip() + "\n\n") for _ in range(8))
    first, *rest = render(Reply(spans=paragraphs, face=face, buttons=((Button("Zone", url="https://z.example.org"),),)),
                          FACE)
    assert rest and first.embeds[0].thumbnail.url == "attachment://face.jpg" and first.images == (FACE,)
    assert all(m.embeds[0].thumbnail.url is None and m.images == () for m in rest) and rest[-1].view is not None
    assert first.kwargs()["files"][0].filename == "face.jpg"


def test_a_face_gives_way_to_a_posts_photos_when_a_message_has_no_room_for_it() -> None:
    photos = tuple(Image(b"p", "", f"p{n}.jpg") for n in range(MAX_FILES))
    card = Reply(spans=(plain("#7 · Ann (@ann) · 🌍 public · just now\n"), plain("👍 0   💬 0")), post_id=7,
                 images=photos, face=Face("Avatar of Ann", _no_bytes))
    [m] = render(card, FACE)
    assert m.embeds[0].author.icon_url is None and "face.jpg" not in [i.filename for i in m.images]
    assert len(m.kwargs()["files"]) == MAX_FILES


async def test_a_face_whose_file_is_gone_is_left_out() -> None:
    card = Reply(spans=(plain("hello"),), face=Face("Avatar of Ann", _no_bytes))
    [m] = await rendered(card)
    assert (m.content, m.embeds, m.images) == ("hello", [], ())


def test_wiring_builds_nothing_without_a_token_and_registers_the_sender_with_one(sqlite_world: World) -> None:
    off = Wiring(SimpleNamespace(settings=Settings(), router=sqlite_world.router))  # type: ignore[arg-type]
    assert wiring_discord.build(off) is None and off.senders == {}
    settings = Settings(discord=Discord(token="T", application_id="1"))
    on = Wiring(SimpleNamespace(settings=settings, router=sqlite_world.router))  # type: ignore[arg-type]
    part = wiring_discord.build(on)
    assert isinstance(part, DiscordAdapter) and part.name == "discord"
    assert on.senders["discord"] == part.send_delivery
