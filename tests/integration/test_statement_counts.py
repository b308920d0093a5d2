"""How many statements a command costs (issue 16): counted on the engine the bootstrap built, not timed.

A count is deterministic, so it is pinned exactly: a change that adds a query to every /post shows
up here, and one that saves a query moves the pin down on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event

from tests.builders import World


@dataclass
class Trips:
    statements: list[str] = field(default_factory=list)
    begins: int = 0
    commits: int = 0


@contextmanager
def counted(world: World) -> Iterator[Trips]:
    trips = Trips()
    engine = world.db.engine.sync_engine

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        trips.statements.append(" ".join(sql.split())[:90])

    def begun(_conn: Any) -> None:
        trips.begins += 1

    def committed(_conn: Any) -> None:
        trips.commits += 1

    hooks = (("before_cursor_execute", statement), ("begin", begun), ("commit", committed))
    for name, hook in hooks:
        event.listen(engine, name, hook)
    try:
        yield trips
    finally:
        for name, hook in hooks:
            event.remove(engine, name, hook)


def fused(world: World) -> int:
    """PostgreSQL writes in one statement what SQLite writes in two (a data-modifying WITH): a post and its
    fan-out (storage.posts: publish), a like or a comment and the post's tally. The account's row lock that
    a rate-limit claim needs first is taken by the sender's statement there (storage.accounts), so no
    command spends a statement of its own on it."""
    return 1 if world.db.engine.dialect.name == "postgresql" else 0


async def test_a_post_is_four_statements_in_one_transaction_once_the_days_reward_is_paid(world: World) -> None:
    await world.befriend("alice", "bob")
    assert "Posted #" in await world.says("bob", "/post public this process has read the word filter")
    with counted(world) as first:
        assert "Posted #" in await world.says("alice", "/post public the first today")
    # The sender (with their role, time zone, care and the filter's epoch), the post, its fan-out to
    # friends' feeds, the day's reward (a counter, the wallet and its ledger line), the rate-limit claim.
    assert len(first.statements) == 7 - fused(world), first.statements
    with counted(world) as second:
        assert "Posted #" in await world.says("alice", "/post public the second")
    # The reward's counter says it is paid already: from now on this process knows it.
    assert len(second.statements) == 5 - fused(world), second.statements
    with counted(world) as third:
        assert "Posted #" in await world.says("alice", "/post friends the third")
    assert len(third.statements) == 4 - fused(world), third.statements
    kinds = ["SELECT", "WITH", "INSERT"] if fused(world) else ["SELECT", "INSERT", "INSERT", "INSERT"]
    assert [s.split()[0] for s in third.statements] == kinds
    assert (third.begins, third.commits) == (1, 1)  # one transaction, committed once


async def test_a_post_in_a_group_is_the_same_four_statements(world: World) -> None:
    # Whether the card goes to everyone there is decided from the post just written, not read back.
    for n in range(2):
        assert "Posted #" in await world.says("alice", f"/post public warming up {n}", chat="group")
    for audience in ("public", "friends"):
        with counted(world) as trips:
            assert "Posted #" in await world.says("alice", f"/post {audience} in the group", chat="group")
        assert len(trips.statements) == 4 - fused(world), trips.statements


async def test_a_new_filter_word_reaches_the_next_post_though_the_words_are_not_read_per_message(world: World) -> None:
    await world.say("admin", "/start")
    await world.say("alice", "/start")
    assert "Posted #" in await world.says("alice", "/post public spamword once")
    with counted(world) as trips:
        await world.says("alice", "/post public no filter words read")
    assert not [s for s in trips.statements if "mod_filter_words" in s]
    await world.say("admin", "/mod filter add spamword")
    assert "isn't allowed" in await world.says("alice", "/post public spamword twice")
    await world.say("admin", "/mod filter remove spamword")
    assert "Posted #" in await world.says("alice", "/post public spamword thrice")


async def test_a_word_added_by_another_process_reaches_this_ones_next_post(world: World) -> None:
    other = await World.start(type(world.db)(world.db.url))  # its own engine and caches
    try:
        await world.say("admin", "/start")
        await world.say("alice", "/start")
        assert "Posted #" in await world.says("alice", "/post public eggs are fine")  # this process reads the words
        await other.say("admin", "/mod filter add eggs")
        assert "isn't allowed" in await world.says("alice", "/post public eggs again")
    finally:
        await other.close()


async def test_a_like_is_six_statements_the_check_in_the_claim_and_the_post_read_with_its_author(world: World) -> None:
    await world.befriend("alice", "bob")
    post = await world.post_id("alice", "/post friends like me")
    await world.says("bob", "/feed")
    with counted(world) as trips:
        assert f"Liked #{post} · 👍 1" in await world.says("bob", f"/like {post}")
    # The sender; the like, stored only where bob may see the post (one INSERT … SELECT); the post's
    # tally; the post counted with its author for the reply (PostgreSQL: both in the like's statement); the
    # outbox; the rate-limit claim.
    assert len(trips.statements) == 6 - 2 * fused(world), trips.statements
    assert (trips.begins, trips.commits) == (1, 1)
    with counted(world) as again:
        assert f"You already like #{post} · 👍 1" in await world.says("bob", f"/like {post}")
    assert len(again.statements) == 4 - fused(world), again.statements  # no tally, no outbox


async def test_the_feed_is_three_statements_its_posts_read_with_their_counts_likes_and_authors(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.befriend("carol", "bob")
    for who in ("alice", "carol", "bob"):
        await world.say(who, f"/post friends hello from {who}")
    await world.says("bob", "/feed")
    with counted(world) as trips:
        shown = await world.says("bob", "/feed")
    assert all(f"hello from {who}" in shown for who in ("alice", "carol", "bob")), shown
    # The sender; the page of the feed with each post's counts, bob's like and its author; the rate-limit claim.
    assert len(trips.statements) == 3, trips.statements


async def test_a_comment_is_five_statements_the_check_in_the_insert_and_the_policy_read_with_the_tally(world: World) -> None:
    await world.befriend("alice", "bob")
    post = await world.post_id("alice", "/post friends say something")
    await world.says("bob", "/feed")
    with counted(world) as trips:
        assert f"Comment added to #{post}." in await world.says("bob", f"/comment {post} hello")
    # The sender; the comment, stored only where bob may see the post (one INSERT … SELECT); the post's
    # tally, returning the post (its owner and comment policy; PostgreSQL: in the comment's statement); the
    # outbox; the rate-limit claim.
    assert len(trips.statements) == 5 - fused(world), trips.statements
    assert (trips.begins, trips.commits) == (1, 1)
