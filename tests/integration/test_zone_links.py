"""A list of posts carries one web link per zone, not one per card — and never a personal link to a group."""

from __future__ import annotations

from chat import Reply
from tests.builders import World


def signed_urls(replies: list[Reply]) -> list[str]:
    """Every web address the replies show, in buttons and in the text."""
    found = [b.url for r in replies for row in r.buttons for b in row if b.url]
    return found + [s.url for r in replies for s in r.spans if s.url]


def urls(replies: list[Reply]) -> list[str]:
    """The same addresses without their personal tokens."""
    return [u.split("?")[0] for u in signed_urls(replies)]


async def test_a_full_feed_page_is_one_message_with_one_link_per_zone_not_one_per_post(world: World) -> None:
    await world.befriend("alice", "bob")
    for n in range(8):
        await world.say("alice", f"/post note {n}")
    for n in range(4):
        await world.say("bob", f"/post bob's note {n}")
    [page] = await world.say("alice", "/feed")
    assert page.plain_text.count(" · ") >= 10 * 3  # ten posts in the one message
    assert sorted(urls([page])) == ["http://zone.test/z/alice", "http://zone.test/z/bob"]
    assert all("?t=" in u for u in signed_urls([page]))  # made for alice, in a message to her alone
    assert [b.label for row in page.buttons for b in row if "Like #" not in b.label] == ["⬇️ More", "🔗 Bob's zone", "🔗 Alice's zone"]


async def test_a_short_zone_listing_has_its_one_zone_button_and_no_more(world: World) -> None:
    for n in range(3):
        await world.say("alice", f"/post public note {n}")
    [page] = await world.say("bob", "/posts alice")
    assert [line.split(" · ")[0] for line in page.plain_text.splitlines() if line.startswith("#")] == [
        "#3", "#2", "#1"]
    assert urls([page]) == ["http://zone.test/z/alice"]
    assert [b.label for row in page.buttons for b in row if "Like #" not in b.label] == ["🔗 Zone"]


async def test_a_long_zone_listing_ends_with_one_zone_button_next_to_more(world: World) -> None:
    for n in range(12):
        await world.say("alice", f"/post public note {n}")
    [page] = await world.say("bob", "/posts alice")
    assert urls([page]) == ["http://zone.test/z/alice"]
    assert page.plain_text.startswith("📰 Posts in Alice (@alice)'s zone, newest first")
    assert [b.label for row in page.buttons for b in row if "Like #" not in b.label] == ["⬇️ More", "🔗 Zone"]


async def test_one_post_shown_alone_keeps_its_zone_button(world: World) -> None:
    post = await world.post_id("alice", "/post public hello")
    [card] = await world.say("bob", f"/show {post}")
    assert urls([card]) == ["http://zone.test/z/alice"]


async def test_a_listing_asked_for_in_a_group_goes_to_the_asker_alone(world: World) -> None:
    await world.say("alice", "/post public note")
    page = await world.say("bob", "/posts alice", chat="group")
    assert page and all(r.personal for r in page)
    [shown] = await world.say("bob", "/show 1", chat="group")  # a public post, for the whole group
    assert not shown.personal and signed_urls([shown]) == ["http://zone.test/z/alice"]  # no personal token


async def test_a_feed_page_from_one_friend_names_whose_zone_its_link_opens(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.say("alice", "/post friends hello bob")
    [page] = await world.say("bob", "/feed")  # bob's own feed, every post on it alice's
    zones = [(b.label, b.url.split("?")[0]) for row in page.buttons for b in row if b.url]
    assert zones == [("🔗 Alice's zone", "http://zone.test/z/alice")]  # not a bare "Zone", read as bob's own
    await world.say("bob", "/lang zh")
    [page] = await world.say("bob", "/feed")
    assert [b.label for row in page.buttons for b in row if b.url] == ["🔗 Alice的空间"]
