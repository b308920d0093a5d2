"""Cross-messenger linking and the outbox's durability."""

from __future__ import annotations

import re

import pytest

from chat import Reply
from core.outbox import deliver_pending
from tests.builders import World


def _code(answer: str) -> str:
    return re.search(r"/link ([A-Z0-9-]+)", answer).group(1)  # type: ignore[union-attr]


async def test_link_joins_a_second_identity_to_the_same_account(world: World) -> None:
    await world.say("alice", "/post friends from the console")
    code = _code(await world.says("alice", "/link"))
    answer = await world.says("555", f"/link {code}", platform="telegram")
    assert "now @alice" in answer
    assert "from the console" in await world.says("555", "/feed", platform="telegram")
    me = await world.says("555", "/me", platform="telegram")
    assert "Linked: console, telegram" in me


MESSENGERS = ("console", "telegram", "discord")


@pytest.mark.parametrize(("first", "second"), [(a, b) for a in MESSENGERS for b in MESSENGERS if a != b])
async def test_linking_works_from_every_messenger_to_every_other_after_a_first_hello(
    world: World, first: str, second: str,
) -> None:
    # The second identity has talked to the bot before (its fresh account has rate-limit hits).
    await world.say("p1", "/start", platform=first)
    await world.say("p2", "/start", platform=second)
    await world.say("p2", "/feed", platform=second)
    code = _code(await world.says("p1", "/link", platform=first))
    assert "Linked!" in await world.says("p2", f"/link {code}", platform=second)
    me = await world.says("p2", "/me", platform=second)
    assert f"Linked: {', '.join(sorted((first, second)))}" in me


async def test_a_link_code_may_be_typed_in_lowercase_with_spaces_for_its_dashes(world: World) -> None:
    code = _code(await world.says("alice", "/link"))
    assert "now @alice" in await world.says("555", f"/link {code.lower().replace('-', ' ')}", platform="telegram")


async def test_link_codes_expire_after_ten_minutes(world: World) -> None:
    code = _code(await world.says("alice", "/link"))
    world.clock.advance(minutes=11)
    assert "unknown, used or expired" in await world.says("555", f"/link {code}", platform="telegram")


async def test_link_codes_work_once(world: World) -> None:
    code = _code(await world.says("alice", "/link"))
    assert "now @alice" in await world.says("555", f"/link {code}", platform="telegram")
    assert "unknown, used or expired" in await world.says("777", f"/link {code}", platform="discord")


async def test_linking_never_abandons_an_account_that_has_content(world: World) -> None:
    code = _code(await world.says("alice", "/link"))
    await world.say("555", "/post my own stuff", platform="telegram")
    assert "linking would abandon them" in await world.says("555", f"/link {code}", platform="telegram")


async def test_friends_across_messengers_see_each_others_friends_only_posts(world: World) -> None:
    await world.say("777", "/handle dora", platform="discord")
    await world.say("555", "/handle tom", platform="telegram")
    await world.say("555", "/friend dora", platform="telegram")
    await world.say("777", "/accept tom", platform="discord")
    await world.say("555", "/post friends hi from telegram", platform="telegram")
    assert "hi from telegram" in await world.says("777", "/feed", platform="discord")


async def test_an_event_committed_before_a_crash_is_delivered_after_restart(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.notices("alice")
    await world.say("alice", "/post hi")
    await world.say("bob", "/comment 1 before the crash")
    # The process dies here: the comment and its event are committed, nothing was dispatched.
    # A new process (new dispatcher, new connections) finds the event in the outbox.
    await world.db.dispose()
    restarted = (await World.start(world.db)).dispatcher
    assert await restarted.run_once() == 1
    got: list[str] = []

    async def send(d):  # type: ignore[no-untyped-def]
        got.append(Reply.from_dict(d.payload).plain_text)

    assert await deliver_pending(world.db.uow, world.clock, "console", send) == 1
    assert "commented on your post #1" in got[0]
    # Delivered marks hold: another restart repeats nothing.
    assert await (await World.start(world.db)).dispatcher.run_once() == 0
    assert await deliver_pending(world.db.uow, world.clock, "console", send) == 0


async def test_a_failed_send_is_retried_later_and_unreachable_identities_are_skipped(world: World) -> None:
    from core.outbox import RetryLater, Unreachable

    await world.befriend("alice", "bob")  # the request was answered before it was told: no delivery of it
    await world.say("bob", "/post hi")  # alice hears of the post…
    await world.say("alice", "/comment 1 nice")  # …and bob of her comment
    await world.dispatcher.run_once()
    calls: list[str] = []

    async def flaky(d):  # type: ignore[no-untyped-def]
        calls.append(d.external_id)
        raise RetryLater(30)

    assert await deliver_pending(world.db.uow, world.clock, "console", flaky) == 0
    assert await deliver_pending(world.db.uow, world.clock, "console", flaky) == 0  # not due yet
    world.clock.advance(seconds=31)

    async def refuse(d):  # type: ignore[no-untyped-def]
        raise Unreachable()

    await deliver_pending(world.db.uow, world.clock, "console", refuse)
    async with world.db.uow() as uow:
        alice = await uow.accounts.by_handle("alice")
        assert alice is not None
        [identity] = await uow.accounts.identities(alice.id)
    assert sorted(calls) == ["alice", "bob"] and identity.reachable is False
    # Unreachable identities get no new deliveries until they talk to us again.
    await world.say("alice", "/like 1")
    assert await world.notices("bob") == ""
    # Writing to the bot again shows they can be reached: notifications resume.
    await world.say("bob", "/feed")
    await world.say("alice", "/comment 1 welcome back")
    assert "commented on your post #1" in await world.notices("bob")


async def test_expired_update_keys_are_purged_and_fresh_ones_kept(world: World) -> None:
    await world.say("alice", "/post one", dedup_key="telegram:update:1")
    world.clock.advance(days=3)  # past the two days a de-dup key is kept
    await world.say("alice", "/post two", dedup_key="telegram:update:2")
    async with world.db.uow() as uow:
        assert await uow.state.purge(world.clock.now()) == 1
        await uow.commit()
    assert await world.say("alice", "/post again", dedup_key="telegram:update:2") == []


async def test_only_a_commit_that_added_an_event_wakes_the_outbox_worker(world: World) -> None:
    await world.say("alice", "/start")
    await world.say("bob", "/start")
    await world.say("alice", "/friend @bob")
    world.runtime.wake.clear()
    await world.say("alice", "/post public nothing to deliver")
    await world.say("bob", "/feed")
    assert not world.runtime.wake.is_set()  # a post nobody is told of, a read: the worker sleeps on
    await world.say("bob", "/comment 1 nice")  # Alice is told of the comment
    assert world.runtime.wake.is_set()
    world.runtime.wake.clear()
    await world.say("bob", "/comment 999 nobody's post")  # refused: rolled back, nothing to deliver
    assert not world.runtime.wake.is_set()
