"""Rate limits on the built-in defaults: a newcomer's first hour runs free, a script is stopped,
and the bound holds when messages race over separate connections."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import DBAPIError

from core.ratelimit import Limit, RateLimits
from storage.accounts.tables import AccountRow
from openzone.settings import Settings
from tests.builders import World, make_incoming, text


def built_in_limits(world: World) -> None:
    """The limits `openzone run` uses when config.toml says nothing about them."""
    world.services.limits = Settings().moderation.rate_limits()


async def test_a_newcomer_posts_twenty_times_blogs_and_reads_freely_in_their_first_hour_unslowed(world: World) -> None:
    built_in_limits(world)
    await world.befriend("bob", "alice")  # alice is minutes old
    bob_post = await world.post_id("bob", "/post public welcome, alice!")
    answers: list[str] = []
    for n in range(20):
        answers.append(await world.says("alice", f"/post public note {n}"))
        for read in ("/feed", "/posts", "/posts bob", f"/show {bob_post}", "/friends", "/me", "/zone bob"):
            answers.append(await world.says("alice", read))
        answers.append(await world.press("alice", f"more:feed:{bob_post + 1}"))  # paging
        answers.append(await world.press("alice", f"like:{bob_post}") if n == 0 else "")
    answers.append(await world.says("alice", "/blog Day one | It went **well**.\n\nMore tomorrow."))
    answers.append(await world.says("alice", "/help"))
    assert world.clock.now() - (await _created(world, "alice")) < timedelta(hours=1)
    assert [a for a in answers if "Slow down" in a] == []
    assert sum("Posted #" in a for a in answers) == 20
    assert "Blog post #" in answers[-2]


async def _created(world: World, handle: str):  # type: ignore[no-untyped-def]
    async with world.db.uow() as uow:
        account = await uow.accounts.by_handle(handle)
        assert account is not None and account.created_at is not None
        return account.created_at


async def test_a_posting_burst_beyond_the_limit_is_refused_with_the_wait_in_words(world: World) -> None:
    built_in_limits(world)
    await world.say("spammer", "/start")
    answers = [await world.says("spammer", f"/post public buy now {n}") for n in range(31)]
    assert sum("Posted #" in a for a in answers) == 30  # a new account's 30 posts an hour
    assert answers[-1] == "⚠️ Slow down — try again in about an hour."
    assert "buy now 30" not in await world.says("spammer", "/posts")


async def test_a_flood_of_messages_is_refused_and_the_wait_reads_as_people_speak(world: World) -> None:
    built_in_limits(world)
    await world.say("flooder", "/start")
    world.clock.advance(days=2)  # an old account: flood protection is the same for everyone
    presses = [await world.press("flooder", "more:feed:1") for _ in range(300)]  # all in one instant
    assert [p for p in presses if "Slow down" in p] == []
    assert await world.press("flooder", "more:feed:1") == "⚠️ Slow down — try again in about 5 minutes."
    world.clock.advance(seconds=296)
    assert await world.press("flooder", "more:feed:1") == "⚠️ Slow down — try again in a few seconds."
    world.clock.advance(seconds=5)
    assert "Slow down" not in await world.press("flooder", "more:feed:1")


async def test_parallel_posts_over_separate_connections_never_exceed_the_limit(world: World) -> None:
    world.services.limits = RateLimits(limits={"posts": Limit(3, timedelta(minutes=30))})
    await world.say("racer", "/start")
    world.clock.advance(days=2)
    # Each message is its own transaction on its own pooled connection, all racing for 3 slots.
    answers = await asyncio.gather(*(world.router.handle(make_incoming(f"/post public race {n}", user="racer"))
                                     for n in range(8)))
    said = [text(a) for a in answers]
    assert [s for s in said if "went wrong" in s] == []
    assert sum("Posted #" in s for s in said) == 3
    assert sum("Slow down" in s for s in said) == 5
    shown = await world.says("racer", "/posts")
    assert sum(f"race {n}" in shown for n in range(8)) == 3


async def test_parallel_claims_on_the_repository_record_exactly_the_limit(world: World) -> None:
    await world.say("racer", "/start")
    async with world.db.uow() as uow:
        account = await uow.accounts.by_handle("racer")
    assert account is not None
    now = world.clock.now()

    async def claim() -> bool:
        async with world.db.uow() as uow:
            got = await uow.moderation.claim_hit(account.id, "posts", now, 4, now - timedelta(minutes=30))
            await uow.commit()
            return got

    claimed = await asyncio.gather(*(claim() for _ in range(10)))
    assert sum(claimed) == 4
    async with world.db.uow() as uow:
        assert len(await uow.moderation.hits(account.id, "posts", now - timedelta(minutes=30))) == 4


async def test_upkeep_forgets_the_hits_no_window_reaches_back_to_and_keeps_the_rest(world: World) -> None:
    built_in_limits(world)
    await world.say("poster", "/start")
    await world.say("poster", "/post public first")  # counted at the old time
    world.clock.advance(days=1, seconds=1)  # past every built-in window and a day
    await world.say("poster", "/post public second")
    async with world.db.uow() as uow:
        account = await uow.accounts.by_handle("poster")
    assert account is not None
    long_ago = world.clock.now() - timedelta(days=30)

    async def kept() -> int:
        async with world.db.uow() as uow:
            return len(await uow.moderation.hits(account.id, "posts", long_ago))

    assert await kept() == 2
    await world.runtime.sweep()
    assert await kept() == 1  # the second post's hit: still inside its hour


@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
async def test_on_postgresql_the_senders_statement_locks_their_account_until_commit_so_the_claim_locks_nothing(
    world: World,
) -> None:
    await world.say("racer", "/start")
    await world.say("other", "/start")

    async def locked(account_id: int) -> bool:
        """Whether another connection finds the account's row locked (NOWAIT: an error, not a wait)."""
        async with world.db.engine.connect() as conn:
            try:
                await conn.execute(select(AccountRow.id).where(AccountRow.id == account_id)
                                   .with_for_update(key_share=True, nowait=True))
            except DBAPIError:
                return True
            return False

    sent: list[str] = []

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        sent.append(sql)

    async with world.db.uow() as uow:
        other = await uow.accounts.by_identity("console", "other")  # someone else's identity: read, not locked
        found = await uow.accounts.by_identity_state("console", "racer")
        assert found is not None and other is not None
        assert await locked(found.account.id) and not await locked(other.id)
        now = world.clock.now()
        event.listen(world.db.engine.sync_engine, "before_cursor_execute", statement)
        try:
            assert await uow.moderation.claim_hit(found.account.id, "posts", now, 4, now - timedelta(minutes=30))
        finally:
            event.remove(world.db.engine.sync_engine, "before_cursor_execute", statement)
        assert [s for s in sent if "FOR NO KEY UPDATE" in s] == [] and len(sent) == 1, sent
        await uow.commit()
    assert not await locked(found.account.id)
