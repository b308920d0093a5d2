"""Every kind of user text loses control, bidi and invisible characters on its way in (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

from chat import Incoming, Sender
from tests.builders import World, text
from tests.images import attachment, photo

# NUL and other C0/C1 controls, bidi embeddings, overrides and isolates, zero-width characters,
# a BOM, an unpaired surrogate, a noncharacter and a stray tag character: all invisible, all dropped.
EVIL = "\x00\x01\x1b\x7f\x9b\u202a\u202e\u2066\u2069\u200b\u2060\ufeff\ud800\ufffe\U000e0041"
INVISIBLE_NAME = "⚠️ The name has only invisible or control characters — write some letters, digits or emoji."


def dirty(word: str) -> str:
    """`word` with the invisible characters spliced into its middle."""
    return word[:2] + EVIL + word[2:]


def assert_clean(shown: str) -> None:
    assert [ch for ch in shown if ch in EVIL] == []


async def test_names_bios_and_handles_keep_only_what_shows(world: World) -> None:
    assert await world.says("alice", f"/name {dirty('Alice')}  Smith") == "Your name is now Alice Smith."
    await world.say("alice", f"/bio {dirty('line one')}\r\n\tline two")
    await world.say("alice", f"/handle {dirty('alice_92')}")
    me = await world.says("alice", "/me")
    assert me.startswith("Alice Smith (@alice_92)\nline one\n\tline two\n")
    assert_clean(me)


async def test_a_name_of_only_invisible_characters_is_refused_and_changes_nothing(world: World) -> None:
    await world.say("alice", "/name Alice")
    assert await world.says("alice", "/name \u200b\u200d\u2060\u3164") == INVISIBLE_NAME
    assert await world.says("alice", f"/name {EVIL}") == INVISIBLE_NAME
    assert (await world.says("alice", "/me")).startswith("Alice (@alice)")


async def test_a_messenger_name_of_invisible_characters_becomes_the_handle(world: World) -> None:
    for external, name in (("zed", "\u202eZ\x00ed"), ("ghost", "\u200b\u200b")):
        await world.router.handle(Incoming(Sender("console", external, name, external), text="/start"))
    assert (await world.says("zed", "/me")).startswith("Zed (@zed)")
    assert (await world.says("ghost", "/me")).startswith("ghost (@ghost)")


async def test_posts_blogs_comments_replies_shares_and_edits_keep_lines_and_tabs_only(world: World) -> None:
    await world.befriend("alice", "bob")
    post = await world.post_id("alice", f"/post public {dirty('hello')}\r\n\tworld")
    blog = await world.post_id("alice", f"/blog public {dirty('Day one')} | {dirty('slow')}\n\nmorning")
    await world.say("bob", f"/comment {post} {dirty('nice')}")
    await world.say("bob", f"/reply c1 {dirty('thanks')}")
    shared = re.search(r"as #(\d+)", await world.says("bob", f"/share {post} {dirty('look')}")).group(1)  # type: ignore[union-attr]
    shown = await world.says("alice", f"/show {post}")
    assert "hello\n\tworld\n" in shown and "\nnice\n" in shown and "  thanks" in shown
    assert "📖 Day one\nslow\n\nmorning\n" in await world.says("alice", f"/show {blog}")
    assert "\nlook\n" in await world.says("bob", f"/show {shared}")
    await world.say("alice", f"/edit {post} {dirty('edited')}")
    assert "\nedited\n" in await world.says("alice", f"/show {post}")
    assert_clean(await world.says("alice", f"/show {post}") + await world.says("alice", f"/show {blog}"))


async def test_a_blog_title_waiting_for_its_body_is_cleaned_before_it_is_echoed_or_kept(world: World) -> None:
    asked = await world.says("alice", f"/blog public {dirty('Day one')}")
    assert "Day one" in asked
    replies = await world.say("alice", "the body")
    if not any(r.post_id for r in replies):  # a flow that takes several lines ends with a lone "."
        replies = await world.say("alice", ".")
    blog = next(r.post_id for r in replies if r.post_id)
    assert "📖 Day one\n" in await world.says("alice", f"/show {blog}")
    assert_clean(asked + text(replies))


async def test_a_post_of_only_invisible_characters_is_refused_as_empty(world: World) -> None:
    assert (await world.says("alice", f"/post public {EVIL}")).startswith(
        "⚠️ The post has only invisible or control characters — write some letters, digits or emoji.")
    assert (await world.says("alice", "/posts")).count("#") == 0


async def test_text_is_composed_so_the_same_letters_are_the_same_text(world: World) -> None:
    assert await world.says("alice", "/name Zoe\u0301") == "Your name is now Zoé."


async def test_circle_album_question_caption_and_alt_text_are_cleaned(world: World) -> None:
    await world.befriend("alice", "bob")
    assert "family" in await world.says("alice", f"/circle new {dirty('family')}")
    assert await world.says("alice", f"/album new {dirty('Trip')} public") == (
        "Album “Trip” made (🌍 public). Send photos with the caption #trip, or /album upload Trip and then the photos.")
    await world.say("alice", "#trip", attachments=(attachment(photo()),))
    assert await world.says("alice", f"/photo caption p1 {dirty('Sunset')}") == "p1 caption set."
    assert await world.says("alice", f"/photo alt p1 {dirty('The sun')}") == "p1 alt text set."
    await world.say("alice", f"/album question Trip {dirty('Where?')} | {dirty('Rome')}")
    assert (await world.says("bob", "/album answer alice Trip rome")).startswith("✅ Right!")
    shown = await world.says("bob", "/album show @alice Trip") + await world.says("alice", "/circle list")
    assert "Sunset" in shown
    assert_clean(shown)


async def test_a_title_that_matches_no_album_is_echoed_cleaned(world: World) -> None:
    assert await world.says("alice", f"/album show {dirty('Nowhere')}") == (
        "⚠️ You have no album called “Nowhere”. /album list shows yours; /album new TITLE makes one.")


async def test_reports_filter_words_moderation_reasons_and_grants_are_cleaned(world: World) -> None:
    post = await world.post_id("alice", "/post public hello")
    await world.say("bob", "/start")
    await world.say("bob", f"/report #{post} {dirty('spam')}")
    queue = await world.says("admin", "/mod queue")
    await world.say("admin", f"/mod filter add {dirty('badword')}")
    await world.say("admin", f"/mod hide {post} {dirty('off topic')}")
    await world.say("admin", f"/grant alice 50 {dirty('welcome')}")
    log = await world.says("admin", "/mod log")
    assert "spam" in queue and "— off topic" in log and "badword → block" in log
    assert "grant — welcome" in await world.says("alice", "/wallet")
    assert (await world.says("bob", "/post public a ba\u200bdword here")).startswith("⚠️")  # no hiding from the filter
    assert_clean(queue + log)


async def test_a_gift_message_is_cleaned_before_it_reaches_the_friend(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.say("admin", "/grant alice 500 welcome")
    await world.deliver()
    replies = await world.say("alice", f"/gift star bob {dirty('for you')}")
    confirm = [b.action for r in replies for row in r.buttons for b in row if b.action and "gift" in b.action]
    if confirm:  # a confirmation step, when /gift asks first
        await world.press("alice", confirm[0])
    notice = await world.notices("bob")
    assert "for you" in notice
    assert_clean(notice + text(replies))
