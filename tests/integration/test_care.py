"""Special care (特别关心): a cared friend's new post reaches the carer at once, on every messenger.

Private to the carer, at most ten friends however many ask at once, only posts the carer may see,
never from blocked or banned people; un-friending ends it.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from core.ports import UnitOfWorkFactory
from tests.builders import World, make_incoming, text
from tests.integration.test_memory_repos_match_sql import agree, people
from tests.privacy_rows import NOW


async def caring(world: World) -> None:
    """bob keeps alice in special care; carol is alice's friend too, without care."""
    await world.befriend("alice", "bob")
    await world.befriend("alice", "carol")
    assert "special care" in await world.says("bob", "/care alice")
    await world.deliver()  # the friend requests' notices


async def test_a_special_care_post_reaches_the_carer_at_once_and_other_friends_wait_in_the_feed(world: World) -> None:
    await caring(world)
    code = re.search(r"/link ([A-Z0-9-]+)", await world.says("bob", "/link")).group(1)  # type: ignore[union-attr]
    assert "now @bob" in await world.says("555", f"/link {code}", platform="telegram")
    await world.deliver("telegram")  # the link's own notice
    await world.deliver()
    pid = await world.post_id("alice", "/post Lunch by the lake")
    got = await world.deliver()
    notice = text(got.get(("console", "bob"), []))
    assert notice.startswith(f"#{pid} ⭐ Alice (@alice) posted (special care):")
    assert "Lunch by the lake" in notice
    assert ("console", "carol") not in got  # other friends read it in their feed
    assert "Lunch by the lake" in await world.says("carol", "/feed")
    [r] = got[("console", "bob")]
    assert r.post_id == pid
    assert [x.action for x in r.buttons[0]] == [f"like:{pid}", f"cmt:{pid}"]
    on_telegram = await world.deliver("telegram")  # every linked messenger
    assert "Lunch by the lake" in text(on_telegram[("telegram", "555")])


async def test_care_lists_is_private_and_uncare_removes(world: World) -> None:
    await caring(world)
    listed = await world.says("bob", "/care")
    assert "Your special care (1 of 10)" in listed and "Alice (@alice)" in listed
    assert "already in your special care" in await world.says("bob", "/care alice")
    assert await world.deliver() == {}  # alice is never told
    assert "Nobody is in your special care" in await world.says("alice", "/care")
    assert "no longer in your special care" in await world.says("bob", "/uncare alice")
    assert "isn't in your special care" in await world.says("bob", "/uncare alice")
    await world.say("alice", "/post after uncare")
    assert ("console", "bob") not in await world.deliver()


async def test_only_friends_can_be_cared_about_and_not_oneself(world: World) -> None:
    await world.say("dave", "/start")
    assert "isn't your friend" in await world.says("bob", "/care dave")
    assert "need no special care" in await world.says("bob", "/care bob")
    assert "No one is called @nobody" in await world.says("bob", "/care nobody")


async def test_only_posts_the_carer_may_see_reach_them(world: World) -> None:
    await caring(world)
    await world.say("alice", "/circle new family")
    await world.say("alice", "/circle add family carol")
    await world.say("alice", "/post private just me")
    await world.say("alice", "/post @family family only")
    await world.say("alice", "/post friends for friends")
    got = text((await world.deliver()).get(("console", "bob"), []))
    assert "for friends" in got
    assert "just me" not in got and "family only" not in got


async def test_a_post_removed_before_sending_is_not_delivered(world: World) -> None:
    await caring(world)
    pid = await world.post_id("alice", "/post oops")
    while await world.dispatcher.run_once():
        pass
    await world.say("alice", f"/delete {pid}")
    await world.press("alice", f"delpost:{pid}")
    assert ("console", "bob") not in await world.deliver()


async def test_unfriending_and_blocking_end_care(world: World) -> None:
    await caring(world)
    await world.say("bob", "/unfriend alice")
    assert "Nobody is in your special care" in await world.says("bob", "/care")
    await world.say("alice", "/post after unfriend")
    assert ("console", "bob") not in await world.deliver()
    assert "special care" in await world.says("carol", "/care alice")
    await world.say("alice", "/block carol")
    assert "Nobody is in your special care" in await world.says("carol", "/care")
    await world.say("alice", "/post after block")
    assert ("console", "carol") not in await world.deliver()


async def test_a_banned_friends_posts_never_reach_the_carer(world: World) -> None:
    await caring(world)
    pid = await world.post_id("alice", "/post before the ban")
    while await world.dispatcher.run_once():
        pass
    await world.say("admin", "/mod ban alice spam")
    got = await world.deliver()
    assert ("console", "bob") not in got  # decided again at sending time
    assert "Nobody is in your special care" in await world.says("bob", "/care")  # not shown while banned
    del pid


async def test_the_notice_reads_in_the_carers_language(world: World) -> None:
    await caring(world)
    await world.say("bob", "/lang zh")
    pid = await world.post_id("alice", "/post 你好")
    notice = text((await world.deliver())[("console", "bob")])
    assert notice.startswith(f"#{pid} ⭐ Alice (@alice) 发了说说（特别关心）：")
    assert "⭐ 你的特别关心（1/10）" in await world.says("bob", "/care")


async def test_care_holds_ten_friends_at_most(world: World) -> None:
    for n in range(11):
        await world.befriend("bob", f"friend{n:02}")
    for n in range(10):
        assert "is in your special care" in await world.says("bob", f"/care friend{n:02}")
    assert "10 friends at most" in await world.says("bob", "/care friend10")


async def test_fifteen_parallel_cares_keep_at_most_ten(world: World, crowd: Callable[[int], Awaitable[list[World]]]) -> None:
    for n in range(15):
        await world.befriend("bob", f"friend{n:02}")
    worlds = await crowd(5)
    world.clock.advance(seconds=1)

    async def one(i: int) -> str:
        return text(await worlds[i % len(worlds)].router.handle(make_incoming(f"/care friend{i:02}", user="bob")))

    answers = await asyncio.gather(*(one(i) for i in range(15)))
    assert [a for a in answers if "went wrong" in a] == []
    added = sum("is in your special care" in a for a in answers)
    refused = sum("10 friends at most" in a or "same moment" in a for a in answers)
    assert added == 10 and refused == 5
    assert "(10 of 10)" in await world.says("bob", "/care")


async def care_rows(uows: UnitOfWorkFactory) -> list[Any]:
    async with uows() as uow:
        a, b, c, d = await people(uow, "alice", "bob", "carol", "dave")
        seen: list[Any] = [await uow.social.add_care(a, b, NOW, 2), await uow.social.add_care(a, b, NOW, 2),
                           await uow.social.add_care(a, c, NOW + timedelta(seconds=1), 2),
                           await uow.social.add_care(a, d, NOW, 2), await uow.social.add_care(d, b, NOW, 2)]
        seen += [await uow.social.cared_by(a), await uow.social.carers_of(b)]
        seen += [await uow.social.remove_care(a, b), await uow.social.remove_care(a, b), await uow.social.cared_by(a)]
        await uow.accounts.delete(d)  # cascades
        seen.append(await uow.social.carers_of(b))
        await uow.commit()
    return seen


async def test_the_memory_care_rows_behave_as_the_sql_ones(world: World) -> None:
    seen = await agree(world, care_rows)
    assert seen[:5] == [True, False, True, False, True]

