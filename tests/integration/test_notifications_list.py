"""/notifications: what the outbox delivered (or would have) to you, what is unread, then all read."""

from __future__ import annotations

import pytest

from typing import Any

from core.ports import UnitOfWorkFactory
from core.social.events import FriendRequested
from tests.builders import World
from tests.integration.test_memory_repos_match_sql import agree, people
from tests.privacy_rows import NOW


async def test_notifications_show_what_happened_with_the_unread_marked_then_read(world: World) -> None:
    await world.befriend("alice", "bob")
    pid = await world.post_id("alice", "/post public Sunset")
    await world.say("bob", f"/like {pid}")
    await world.say("bob", f"/comment {pid} Lovely")
    await world.deliver()
    listed = await world.says("alice", "/notifications")
    lines = listed.splitlines()
    assert lines[0] == "🔔 Your latest notifications (3 unread, now read):"
    assert lines[1].startswith("🔵 ") and "Bob (@bob) commented on your post" in lines[1]  # newest first
    assert "Bob (@bob) liked your post" in lines[2]
    assert "accepted your friend request" in lines[3]
    again = await world.says("alice", "/notifications")
    assert again.startswith("🔔 Your latest notifications (nothing unread):")
    assert "🔵" not in again and again.count("▫️") == 3


async def test_notifications_are_kept_even_with_no_messenger_reachable(world: World) -> None:
    await world.say("alice", "/start")
    async with world.db.uow() as uow:
        await uow.outbox.set_reachable("console", "alice", False)
        await uow.commit()
    await world.say("bob", "/friend alice")
    assert ("console", "alice") not in await world.deliver()
    assert "Bob (@bob) sent you a friend request" in await world.says("alice", "/notifications")


async def test_what_is_no_longer_true_drops_out_of_the_list(world: World) -> None:
    await world.befriend("alice", "bob")
    pid = await world.post_id("alice", "/post public Sunset")
    await world.say("bob", f"/comment {pid} Lovely")
    await world.say("mallory", f"/like {pid}")
    await world.deliver()
    await world.say("admin", "/mod ban mallory spam")
    await world.say("alice", "/delete c1")
    listed = await world.says("alice", "/notifications")
    assert "Lovely" not in listed and "mallory" not in listed
    assert "accepted your friend request" in listed
    # and not counted: the header's count is bob's acceptance, the one line left
    assert listed.splitlines()[0] == "🔔 Your latest notifications (1 unread, now read):"


async def test_nobody_sees_anothers_notifications(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.deliver()
    assert "No notifications yet" in await world.says("carol", "/notifications")
    assert "accepted your friend request" not in await world.says("bob", "/notifications")


async def test_notifications_in_chinese(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.deliver()
    await world.say("alice", "/lang zh")
    listed = await world.says("alice", "/notifications")
    assert listed.startswith("🔔 你最近的通知（1 条未读，现已读）：")


async def notification_rows(uows: UnitOfWorkFactory) -> list[Any]:
    async with uows() as uow:
        a, b = await people(uow, "alice", "bob")
        await uow.outbox.add(FriendRequested(b, a), NOW)
        await uow.outbox.add(FriendRequested(a, b), NOW)
        [e1, e2] = await uow.outbox.claim(10)
        await uow.outbox.add_notification(a, e1.id, NOW)
        await uow.outbox.add_notification(a, e1.id, NOW)  # once
        await uow.outbox.add_notification(a, e2.id, NOW)
        await uow.outbox.add_notification(b, e2.id, NOW)
        listed = await uow.outbox.notifications(a, 10)
        seen: list[Any] = [[n.event_id for n in listed], await uow.outbox.unread_count(a)]
        seen += [await uow.outbox.mark_read(a, listed[-1].id, NOW), await uow.outbox.unread_count(a),
                 await uow.outbox.mark_read(a, listed[0].id, NOW), await uow.outbox.unread_count(a),
                 await uow.outbox.unread_count(b), len(await uow.outbox.notifications(a, 1))]
        await uow.commit()
    return seen


async def test_the_memory_notifications_behave_as_the_sql_ones(world: World) -> None:
    seen = await agree(world, notification_rows)
    assert seen[1:] == [2, 1, 1, 1, 0, 1, 1]


async def test_an_answered_friend_request_is_neither_listed_nor_counted_as_unread(world: World) -> None:
    await world.say("frank", "/start")
    await world.say("erin", "/friend frank")
    await world.deliver()  # frank is told of the request: it is in his list, unread
    assert "now friends" in await world.says("frank", "/accept erin")
    pid = await world.post_id("frank", "/post public Sunset")
    await world.say("erin", f"/comment {pid} Lovely")
    await world.deliver()
    async with world.db.uow() as uow:
        frank = await uow.accounts.by_handle("frank")
        assert frank is not None
        assert (await uow.pages.reader(frank.id)).unread == 1  # the web header's count, read with the page
    listed = await world.says("frank", "/notifications")
    lines = listed.splitlines()
    assert lines[0] == "🔔 Your latest notifications (1 unread, now read):"
    assert len(lines) == 2 and lines[1].startswith("🔵 ") and "Erin (@erin) commented on your post" in lines[1]
    async with world.db.uow() as uow:
        assert (await uow.pages.reader(frank.id)).unread == 0  # what was counted is read now
    assert (await world.says("frank", "/notifications")).startswith("🔔 Your latest notifications (nothing unread):")


@pytest.mark.parametrize("answer", ["/decline erin", "/block erin"])
async def test_a_request_answered_otherwise_is_read_from_then_on(world: World, answer: str) -> None:
    await world.say("frank", "/start")
    await world.say("erin", "/friend frank")
    await world.say("carol", "/friend frank")  # still waiting: still counted
    await world.deliver()
    async with world.db.uow() as uow:
        frank = await uow.accounts.by_handle("frank")
        assert frank is not None and (await uow.pages.reader(frank.id)).unread == 2
    await world.say("frank", answer)
    async with world.db.uow() as uow:
        assert (await uow.pages.reader(frank.id)).unread == 1
    assert (await world.says("frank", "/notifications")).splitlines()[0] == (
        "🔔 Your latest notifications (1 unread, now read):")
