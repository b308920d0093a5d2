"""Stage 2 of the outbox: each identity hears of events once and in order, whoever sends them."""

from __future__ import annotations

import asyncio

from chat import Reply
from core.outbox import RetryLater
from core.ports import Delivery
from tests.builders import World


async def comments_for(world: World, owner: str, count: int, by: str = "bob") -> None:
    """`count` comments by `by` on `owner`'s public post: `count` notices owed to `owner`."""
    pid = await world.post_id(owner, "/post public hello")
    for i in range(1, count + 1):
        await world.say(by, f"/comment {pid} {owner} note {i}")
    while await world.dispatcher.run_once():
        pass


def body(d: Delivery) -> str:
    return Reply.from_dict(d.payload).plain_text.split("\n")[1]


async def test_after_a_failed_send_a_persons_later_notices_wait_for_it_and_others_go_on(world: World) -> None:
    await comments_for(world, "alice", 3)
    await comments_for(world, "carol", 2)
    got: list[str] = []

    async def alice_is_unlucky_once(d: Delivery) -> None:
        if body(d) == "alice note 1" and "alice note 1" not in got:
            got.append("alice note 1")
            raise RetryLater(30)
        got.append(body(d))

    assert await world.dispatcher.deliver("console", alice_is_unlucky_once) == 2
    assert got == ["alice note 1", "carol note 1", "carol note 2"]
    assert await world.dispatcher.deliver("console", alice_is_unlucky_once) == 0  # note 2 waits for note 1
    world.clock.advance(seconds=31)
    assert await world.dispatcher.deliver("console", alice_is_unlucky_once) == 3
    assert got[3:] == ["alice note 1", "alice note 2", "alice note 3"]


async def test_a_sender_stopped_mid_batch_hands_back_at_once_what_it_did_not_send(world: World) -> None:
    await comments_for(world, "alice", 4)
    got: list[str] = []
    never = asyncio.Event()

    async def stalls_on_the_third(d: Delivery) -> None:
        if len(got) == 2:
            await never.wait()
        got.append(body(d))

    sender = asyncio.create_task(world.dispatcher.deliver("console", stalls_on_the_third))
    while len(got) < 2:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    sender.cancel()
    await asyncio.gather(sender, return_exceptions=True)
    # Not a minute later (the lease): now, with nothing repeated.
    assert (await world.notices("alice")).split("\n")[1::2] == ["alice note 3", "alice note 4"]
    assert got == ["alice note 1", "alice note 2"]


async def test_parallel_senders_send_each_notice_once_and_each_persons_in_order(world: World) -> None:
    people = ["alice", "carol", "dave"]
    for person in people:
        await comments_for(world, person, 6, by="bob")
    sent: list[tuple[str, str]] = []

    async def send(d: Delivery) -> None:
        await asyncio.sleep(0)  # let the other senders in between
        sent.append((d.external_id, body(d)))

    async def sender() -> None:  # each on its own connections
        while await world.dispatcher.deliver("console", send, limit=2):
            pass

    await asyncio.gather(*(sender() for _ in range(4)))
    # A last pass: a sender may stop while another still holds the deliveries it waits behind.
    await world.dispatcher.deliver("console", send)
    assert sorted(sent) == sorted((p, f"{p} note {i}") for p in people for i in range(1, 7))
    for person in people:
        assert [b for p, b in sent if p == person] == [f"{person} note {i}" for i in range(1, 7)]
