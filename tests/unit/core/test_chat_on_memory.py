"""The whole chat runs on the in-memory unit of work: bootstrap takes it as its database."""

from __future__ import annotations

from tests.builders import World


async def test_a_conversation_runs_on_memory_from_first_message_to_delivered_notice(world: World) -> None:
    await world.befriend("alice", "bob")
    posted = await world.says("alice", "/post hello friends")
    assert posted.endswith("Posted #1 to friends.")
    assert "hello friends" in await world.says("bob", "/feed")
    assert "hello friends" not in await world.says("carol", "/feed")
    await world.press("bob", "like:1")
    assert "#1 👍 Bob (@bob) liked your post." in await world.notices("alice")
    assert "Streak: 1 day" in await world.says("bob", "/checkin")
