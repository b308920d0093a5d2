"""A face in chat replies (issue 15): the author's avatar on post cards, one's own on /me, the owner's
on /zone — decided for whoever reads the reply (core.privacy.face_rule): the asker in a private chat
or privately, everyone there in a group."""

from __future__ import annotations

import pytest

from chat import Reply, reply
from handlers import CommandGroup, Context, build_registry
from handlers.pictures import face_of
from storage import Database
from tests.builders import World
from tests.images import attachment, photo

# viewer → whether alice's face rides on her public post's card, shown to them privately
SEES: dict[str, bool] = {
    "alice": True,  # the author
    "bob": True,  # a friend
    "erin": True,  # a stranger (the post is public)
    "trudy": False,  # blocked alice: she may still read the public post, not see the face
}


async def _setup(world: World) -> int:
    await world.befriend("alice", "bob")
    for who in ("erin", "trudy", "mallory"):
        await world.say(who, "/start")
    await world.say("alice", "/avatar", attachments=(attachment(photo(colour=(10, 200, 30))),))
    await world.say("alice", "/block mallory")
    await world.say("trudy", "/block alice")
    return await world.post_id("alice", "/post public hello")


def _card(replies: list[Reply]) -> Reply:
    [card] = [r for r in replies if r.post_id is not None]
    return card


@pytest.mark.parametrize("viewer", list(SEES))
async def test_a_cards_face_shows_in_a_private_chat_only_to_viewers_who_may_see_the_author(
    world: World, viewer: str,
) -> None:
    pid = await _setup(world)
    card = _card(await world.say(viewer, f"/show {pid}"))
    assert (card.face is not None) is SEES[viewer], viewer
    if card.face is not None:
        assert card.face.name == "Avatar of Alice" and card.face.everyone is False
        async with world.db.uow() as uow:
            alice = await uow.accounts.by_handle("alice")
        assert alice is not None and alice.avatar is not None
        assert await card.face.fetch() == await world.services.media.read(alice.avatar["320.jpg"])  # type: ignore[union-attr]


async def test_someone_alice_blocked_gets_neither_her_card_nor_her_face(world: World) -> None:
    pid = await _setup(world)
    replies = await world.say("mallory", f"/show {pid}")
    assert [r.post_id for r in replies] == [None] and all(r.face is None for r in replies)
    [answer] = await world.say("mallory", "/zone alice")
    assert "not open to you" in answer.plain_text and answer.face is None


async def test_the_author_sees_her_face_on_what_she_posts_and_shares(world: World) -> None:
    await _setup(world)
    assert _card(await world.say("alice", "/post friends for friends")).face is not None
    await world.say("bob", "/post public from bob")
    bobs = await world.post_id("bob", "/post public bob again")
    shared = _card(await world.say("alice", f"/share {bobs} look"))
    assert shared.face is not None and shared.face.name == "Avatar of Alice"  # the sharer is the card's author


async def test_in_a_group_the_face_is_decided_for_everyone_there_not_for_the_asker(world: World) -> None:
    pid = await _setup(world)
    # trudy blocked alice, so she is shown no face privately; the group's card is everyone's, and
    # alice's face is one everyone may see (as her public post is).
    card = _card(await world.say("trudy", f"/show {pid}", chat="group"))
    assert card.personal is False and card.face is not None and card.face.everyone is True
    friends_only = await world.post_id("alice", "/post friends just us")
    card = _card(await world.say("bob", f"/show {friends_only}", chat="group"))
    # Not for the group: the card goes to bob alone, and so the face is decided for him.
    assert card.personal is True and card.face is not None and card.face.everyone is False


async def test_me_and_zone_show_the_face_of_whom_they_are_about(world: World) -> None:
    await _setup(world)
    for chat in ("private", "group"):
        [me] = await world.say("alice", "/me", chat=chat)
        assert me.personal and me.face is not None and me.face.name == "Avatar of Alice"
        [zone] = await world.say("bob", "/zone alice", chat=chat)
        assert zone.personal and zone.face is not None and zone.face.name == "Avatar of Alice"
    [zone] = await world.say("trudy", "/zone alice")
    assert "zone" in zone.plain_text and zone.face is None  # her zone opens; her face doesn't
    [me] = await world.say("bob", "/me")
    assert me.face is None  # no avatar, nothing to show
    assert _card(await world.say("bob", "/post public no face")).face is None


async def test_a_banned_authors_face_goes_with_her_posts_until_the_unban(world: World) -> None:
    pid = await _setup(world)
    await world.say("admin", "/start")
    await world.say("admin", "/mod ban alice spam")
    for chat in ("private", "group"):
        replies = await world.say("bob", f"/show {pid}", chat=chat)
        assert all(r.post_id is None and r.face is None for r in replies)
        assert all(r.face is None for r in await world.say("bob", "/zone alice", chat=chat))
    await world.say("admin", "/mod unban alice")
    assert _card(await world.say("bob", f"/show {pid}")).face is not None


async def test_removing_the_avatar_takes_the_face_off_new_cards(world: World) -> None:
    pid = await _setup(world)
    await world.say("alice", "/avatar remove")
    assert _card(await world.say("bob", f"/show {pid}")).face is None


leaky = CommandGroup()


@leaky.command("leaky", "A reply for the group with a face decided for the asker alone")
async def leaky_command(ctx: Context) -> Reply:
    return reply("about alice", face=await face_of(ctx, ctx.account, personal=True))


async def test_a_face_decided_for_one_reader_never_reaches_a_group(sqlite_db: Database) -> None:
    world = await World.start(sqlite_db, registry=build_registry(extra=[leaky]))
    try:
        await world.say("alice", "/avatar", attachments=(attachment(photo()),))
        [private] = await world.say("alice", "/leaky")
        assert private.face is not None
        [shared] = await world.say("alice", "/leaky", chat="group")
        assert shared.personal is False and shared.face is None  # the router took it off
    finally:
        await world.close()
