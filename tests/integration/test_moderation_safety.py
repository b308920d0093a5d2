"""Automated safety: rate limits and the word filter; hidden and banned content gone everywhere."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer

from core.moderation import reports as moderation_reports
from core.moderation.model import parse_filter_entry
from core.ratelimit import Limit, RateLimits
from tests.builders import World
from tests.web.conftest import feed_link, page, sign_in


def _limits(**per_bucket: Limit) -> RateLimits:
    return RateLimits(limits=per_bucket, new_account_age=timedelta(hours=24), new_account_factor=0.5)


async def test_posting_too_fast_is_answered_with_slow_down_and_nothing_is_posted(world: World) -> None:
    world.services.limits = _limits(posts=Limit(3, timedelta(minutes=30)))
    await world.say("bob", "/start")
    world.clock.advance(days=2)  # past the first day
    for n in range(3):
        assert "Posted #" in await world.says("bob", f"/post public {n}")
    answer = await world.says("bob", "/post public one too many")
    assert answer == "⚠️ Slow down — try again in about 30 minutes."
    assert "one too many" not in await world.says("bob", "/posts")
    assert "Comment added" in await world.says("bob", "/comment 1 comments are another bucket")
    world.clock.advance(minutes=30)
    assert "Posted #" in await world.says("bob", "/post public later")


async def test_new_accounts_get_tighter_limits_for_their_first_day(world: World) -> None:
    world.services.limits = _limits(comments=Limit(4, timedelta(minutes=10)))
    pid = await world.post_id("bob", "/post public hi")
    assert "Comment added" in await world.says("carol", f"/comment {pid} one")
    assert "Reply added" in await world.says("carol", "/reply c1 two")
    assert "Slow down" in await world.says("carol", f"/comment {pid} three")  # half of 4 on day one
    world.clock.advance(days=1)
    for n in range(4):
        assert "added" in await world.says("carol", f"/comment {pid} {n}")
    assert "Slow down" in await world.says("carol", f"/comment {pid} again")


async def test_moderators_are_never_slowed_down(world: World) -> None:
    world.services.limits = _limits(messages=Limit(2, timedelta(minutes=1)))
    for n in range(4):
        assert "Slow down" not in await world.says("admin", f"/post public {n}")
    await world.say("bob", "/start")
    await world.say("bob", "/me")
    assert "Slow down" in await world.says("bob", "/me")


async def test_blocked_words_refuse_the_message_and_held_words_hold_the_post_for_review(world: World) -> None:
    await world.say("admin", "/start")
    await world.befriend("bob", "carol")
    assert "added: block" in await world.says("admin", "/mod filter add Casino")
    assert "added: hold" in await world.says("admin", "/mod filter add crypto hold")
    await world.deliver()

    assert "“casino” isn't allowed here" in await world.says("bob", "/post public win at the CASINO!")
    assert "CASINO" not in await world.says("bob", "/posts")
    first = await world.post_id("bob", "/post public casinos are whole words")
    assert "“casino” isn't allowed here" in await world.says("carol", f"/comment {first} casino time")
    assert "isn't allowed in comments" in await world.says("carol", f"/comment {first} crypto time")

    held = await world.says("bob", "/post public buy crypto now")
    assert "held for review" in held
    pid = int(held.split("#")[1].split(" ")[0])
    assert "There is no post" in await world.says("carol", f"/show {pid}")
    card = await world.notices("admin")
    assert f"the word filter on post #{pid} by @bob: held by the word filter: “crypto”" in card
    assert "buy crypto now" in await world.says("admin", "/mod queue")
    assert "visible again" in await world.says("admin", f"/mod restore {pid}")
    assert "buy crypto now" in await world.says("carol", f"/show {pid}")
    assert "crypto → hold" in await world.says("admin", "/mod filter list")
    assert "removed" in await world.says("admin", "/mod filter remove crypto")
    assert "Posted #" in await world.says("bob", "/post public crypto again")


async def test_config_words_join_the_filter_and_are_marked_as_such(world: World) -> None:
    await world.say("admin", "/start")
    async with world.db.uow() as uow:
        await moderation_reports.sync_config_words(uow, [parse_filter_entry("spamword"), parse_filter_entry("meh:hold")])
        await uow.commit()
    assert "isn't allowed here" in await world.says("bob", "/post public spamword")
    assert "held for review" in await world.says("bob", "/post public meh")
    assert "spamword → block (config)" in await world.says("admin", "/mod filter list")


async def test_notifications_about_hidden_posts_are_not_delivered(world: World) -> None:
    await world.say("admin", "/start")
    await world.befriend("bob", "carol")
    await world.befriend("bob", "dave")
    pid = await world.post_id("bob", "/post public hello")
    await world.say("carol", f"/comment {pid} first")
    await world.deliver()
    await world.say("dave", "/reply c1 answer")  # carol would hear of this reply...
    await world.say("admin", f"/mod hide {pid}")  # ...but the post is hidden before delivery
    assert await world.notices("carol") == ""


@pytest.fixture
async def client(world: World) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(world.runtime.web_app())) as c:
        yield c


async def test_hidden_posts_and_banned_zones_are_gone_on_the_web_and_in_feeds(world: World, client: TestClient) -> None:
    await world.say("admin", "/start")
    await world.befriend("bob", "carol")
    shown = await world.post_id("bob", "/post public the visible note")
    hidden = await world.post_id("bob", "/post public the hidden note")
    await world.say("admin", f"/mod hide {hidden}")
    atom_link = await feed_link(world, "carol", "bob")

    for viewer in (None, "carol"):
        await sign_in(client, world, viewer)
        status, text = await page(client, "/z/bob")
        assert status == 200 and "the visible note" in text and "the hidden note" not in text
        assert (await page(client, f"/z/bob/p/{hidden}"))[0] == 404
    await sign_in(client, world, "bob")
    assert "the hidden note" in (await page(client, f"/z/bob/p/{hidden}"))[1]  # the author still sees it
    for path in ("/z/bob/feed.atom", atom_link):
        assert "the hidden note" not in (await page(client, path))[1]
    assert "the hidden note" not in await world.says("carol", "/feed")

    await world.say("admin", "/mod ban bob 1d")
    for viewer in (None, "carol"):
        await sign_in(client, world, viewer)
        status, text = await page(client, "/z/bob")
        assert "the visible note" not in text
        assert (await page(client, f"/z/bob/p/{shown}"))[0] == 404
    for path in ("/z/bob/feed.atom", atom_link):
        assert "the visible note" not in (await page(client, path))[1]
    assert "the visible note" not in await world.says("carol", "/feed")
    assert "the visible note" not in await world.says("carol", "/posts bob")


async def test_a_muted_account_can_not_make_albums_and_filter_words_reach_captions(world: World) -> None:
    await world.say("alice", "/start")
    await world.say("admin", "/mod filter add spamword block")
    assert "isn't allowed here" in await world.says("alice", "/album new spamword trip")
    await world.say("admin", "/mod mute alice 1h flooding")
    assert "You are muted" in await world.says("alice", "/album new Trip")
