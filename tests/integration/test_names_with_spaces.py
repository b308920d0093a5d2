"""Names with spaces: quotes delimit and are never stored; one matching rule for every /album,
/photo and /circle command."""

from __future__ import annotations

import asyncio

import pytest

from tests.builders import World, make_incoming, text
from tests.images import attachment, photo


async def test_a_quoted_album_title_is_stored_without_its_quotes_and_found_unquoted(world: World) -> None:
    made = await world.says("alice", '/album new "Just friends" friends')
    assert made.startswith("Album “Just friends” made (👥 friends).")
    assert "• Just friends · 0 photos · 👥 friends" in await world.says("alice", "/album list")
    assert await world.says("alice", "/album rename Just friends | Cats") == "“Just friends” is now “Cats” (caption #cats)."
    assert await world.says("alice", '/album rename Cats | "Best cats"') == "“Cats” is now “Best cats” (caption #best-cats)."
    assert "🖼 Best cats · @alice" in await world.says("alice", '/album show "Best cats"')


@pytest.mark.parametrize("typed", ['"Trip to Rome"', "“Trip to Rome”", "«Trip to Rome»", "Trip to Rome", "trip to rome"])
async def test_every_album_and_photo_command_finds_a_title_with_spaces_the_same_way(world: World, typed: str) -> None:
    await world.befriend("alice", "bob")
    assert "made (🌍 public)" in await world.says("alice", "/album new Trip to Rome public")
    assert "made" in await world.says("alice", "/album new Trip")  # a shorter title that a prefix also names
    assert "🖼 Trip to Rome ·" in await world.says("alice", f"/album show {typed}")
    assert await world.says("alice", f"/album visibility {typed} friends") == "“Trip to Rome” is now 👥 friends."
    added = await world.says("alice", f"/photo add {typed} the colosseum", attachments=(attachment(photo()),))
    assert "1 photo added to Trip to Rome." in added
    pid = added.split("\np")[-1].split()[0]
    assert await world.says("alice", f"/album cover {typed} p{pid}") == f"p{pid} is the cover of “Trip to Rome”."
    assert await world.says("alice", f"/photo move p{pid} Trip") == f"p{pid} moved to “Trip”."
    assert await world.says("alice", f"/photo move p{pid} {typed}") == f"p{pid} moved to “Trip to Rome”."
    assert "opens for whoever answers" in await world.says("alice", f"/album question {typed} Our cat? | Dinah")
    assert "opens with an answer" in await world.says("bob", f"/album show @alice {typed}")
    assert "Right!" in await world.says("bob", f"/album answer alice {typed} Dinah")
    assert "for 10 minutes" in await world.says("alice", f"/album upload {typed}")
    assert "Delete “Trip to Rome”" in await world.says("alice", f"/album delete {typed}")


async def test_a_quoted_title_must_be_followed_by_an_audience_or_nothing(world: World) -> None:
    answer = await world.says("alice", '/album new "Just friends" for my pals')
    assert "After the title comes who sees it — public, friends, private or @circle" in answer
    assert "You have no albums yet" in await world.says("alice", "/album list")


async def test_a_circle_name_with_spaces_works_in_every_circle_command(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.befriend("alice", "carol")
    made = await world.says("alice", "/circle new Close Friends")
    assert made.startswith('Circle Close Friends created. Add friends: /circle add "Close Friends" HANDLE…')
    assert "already have a circle called Close Friends" in await world.says("alice", '/circle new "close friends"')
    assert "Added @bob to Close Friends." in await world.says("alice", '/circle add "Close Friends" bob')
    assert "Added @carol to Close Friends." in await world.says("alice", "/circle add Close Friends @carol")
    assert "Already in it: @bob" in await world.says("alice", "/circle add close-friends bob")
    assert await world.says("alice", "/circle show close friends") == "Close Friends: @bob, @carol"
    assert "• Close Friends (2)" in await world.says("alice", "/circle list")
    assert "Removed @carol from Close Friends." in await world.says("alice", "/circle remove Close Friends carol")
    assert await world.says("alice", "/circle delete Close Friends") == "Circle Close Friends deleted."
    assert "no circle called Close Friends" in await world.says("alice", "/circle show Close Friends")


async def test_a_circle_name_whose_words_are_not_handles_still_takes_its_friends(world: World) -> None:
    await world.befriend("alice", "carol")
    assert "created" in await world.says("alice", "/circle new Friends of Bob")
    assert "Added @carol to Friends of Bob." in await world.says("alice", "/circle add Friends of Bob carol")
    assert "Name the friends too" in await world.says("alice", "/circle add Friends of Bob")


@pytest.mark.parametrize("audience", ['@"Close Friends"', "@close-friends", "@Close_Friends", "@“Close Friends”"])
async def test_posts_and_albums_reach_a_circle_with_spaces_however_it_is_written(world: World, audience: str) -> None:
    await world.befriend("alice", "bob")
    await world.befriend("alice", "carol")
    await world.say("alice", "/circle new Close Friends")
    await world.say("alice", "/circle add Close Friends bob")
    pid = await world.post_id("alice", f"/post {audience} just us")
    assert "just us" in await world.says("bob", f"/show {pid}")
    assert "There is no post" in await world.says("carol", f"/show {pid}")
    assert "made (⭕" in await world.says("alice", f"/album new Our trip {audience}")
    assert "Our trip" in await world.says("bob", "/album list alice")
    assert "Our trip" not in await world.says("carol", "/album list alice")


async def test_parallel_creations_of_one_circle_name_however_typed_make_exactly_one(world: World) -> None:
    await world.say("alice", "/start")
    typed = ["Close Friends", "close friends", "CLOSE FRIENDS", "close-friends", "Close_Friends", "close  friends"]
    # Each message is its own transaction on its own pooled connection, racing for one name.
    answers = await asyncio.gather(*(world.router.handle(make_incoming(f"/circle new {t}", user="alice")) for t in typed))
    said = [text(a) for a in answers]
    assert [s for s in said if "went wrong" in s] == []
    assert sum("created" in s for s in said) == 1
    assert sum("already have a circle called" in s for s in said) == len(typed) - 1
    listed = await world.says("alice", "/circle list")
    assert listed.count("• ") == 1
