"""In a group chat everyone reads the bot's answers: only what strangers may see goes there."""

from __future__ import annotations

import itertools

from chat import Reply
from core.posts import service as posts
from tests.builders import World
from tests.images import attachment, photo


def _urls(r: Reply) -> list[str]:
    return [s.url for s in r.spans if s.url] + [b.url for row in r.buttons for b in row if b.url]


async def test_a_friends_only_post_shown_in_a_group_goes_to_the_asker_alone(world: World) -> None:
    await world.befriend("alice", "bob")
    friends_only = await world.post_id("alice", "/post friends just us")
    public = await world.post_id("alice", "/post public hello all")
    [card, *_] = await world.say("bob", f"/show {friends_only}", chat="group")
    assert card.personal is True
    [card, *_] = await world.say("bob", f"/show {public}", chat="group")
    assert card.personal is False


async def test_posting_a_friends_only_post_in_a_group_shows_the_card_to_the_author_alone(world: World) -> None:
    replies = await world.say("alice", "/post friends only friends", chat="group")
    assert [r.personal for r in replies if r.post_id] == [True]
    replies = await world.say("alice", "/post public everyone", chat="group")
    assert [r.personal for r in replies if r.post_id] == [False]


async def test_a_new_posts_card_in_a_group_is_personal_exactly_when_the_database_hides_it_from_strangers(
        world: World) -> None:
    # /post, /blog and /share decide from the post they just wrote; the stored post, read back as a
    # stranger (is_public), must agree for every zone setting and audience.
    await world.post_id("bob", "/post public to share")
    for zone, audience in itertools.product(("public", "friends", "private"), ("public", "friends", "private")):
        await world.say("alice", f"/privacy zone {zone}")
        for message in (f"/post {audience} hi", f"/blog {audience} Title | body", f"/share 1 {audience} look"):
            replies = await world.say("alice", message, chat="group")
            [card] = [r for r in replies if r.post_id]
            async with world.db.uow() as uow:
                stored = await uow.posts.get(card.post_id)
                assert stored is not None
                assert card.personal is not await posts.is_public(uow, stored), (zone, message)


async def test_no_personal_link_is_ever_posted_to_a_group(world: World) -> None:
    await world.say("alice", "/post public hello all")
    private_replies = await world.say("alice", "/show 1")
    assert any("?t=" in u for r in private_replies for u in _urls(r))  # signed in a private chat
    for r in await world.say("alice", "/show 1", chat="group"):
        assert r.personal or not any("t=" in u for u in _urls(r)), _urls(r)


async def test_a_friends_only_album_shown_in_a_group_goes_to_the_asker_alone(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.say("alice", "/album new Trip friends")
    await world.say("alice", "#trip", attachments=(attachment(photo()),))
    [shown] = await world.say("bob", "/album show @alice Trip", chat="group")
    assert shown.personal is True
    await world.say("alice", "/album new Beach public")
    [shown] = await world.say("bob", "/album show @alice Beach", chat="group")
    assert shown.personal is False
