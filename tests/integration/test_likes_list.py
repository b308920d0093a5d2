"""/likes ID: who liked a post, only those the viewer may see — never a banned or blocked person — and bounded."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from core.model import Post, Relation, Visibility, ZoneVisibility
from core.moderation.model import Sanction, SanctionKind
from core.ports import UnitOfWorkFactory
from core.posts.likes import MAX_LIKERS
from core.privacy import ANONYMOUS, Facts, Viewer, evaluate, liker_rule
from tests.builders import World
from tests.fakes import MemoryDatabase
from tests.integration.test_memory_repos_match_sql import agree, people
from tests.privacy_rows import NOW


async def liked_by_everyone(world: World) -> int:
    """alice's public post, liked by bob (a friend of viewer victor), erin (a stranger to him), mallory (he
    blocks her), trudy (she blocks him), and barry (banned afterwards); victor likes it too."""
    await world.befriend("victor", "bob")
    pid = await world.post_id("alice", "/post public Sunset")
    for who in ("bob", "erin", "mallory", "trudy", "barry", "victor"):
        await world.say(who, f"/like {pid}")
    await world.say("victor", "/block mallory")
    await world.say("trudy", "/block victor")
    await world.say("admin", "/mod ban barry spam")
    return pid


# The liker's relation to the viewer (victor) → shown in his /likes?
RELATIONS = {"victor": True, "bob": True, "erin": True, "mallory": False, "trudy": False, "barry": False}


@pytest.mark.parametrize("liker", list(RELATIONS))
async def test_each_liker_shows_to_the_viewer_as_privacy_allows(world: World, liker: str) -> None:
    pid = await liked_by_everyone(world)
    listed = await world.says("victor", f"/likes {pid}")
    assert (f"(@{liker})" in listed) is RELATIONS[liker]
    assert listed.startswith(f"👍 3 people liked #{pid}:")


async def test_the_owner_sees_every_liker_but_the_banned(world: World) -> None:
    pid = await liked_by_everyone(world)
    listed = await world.says("alice", f"/likes {pid}")
    assert listed.startswith(f"👍 5 people liked #{pid}:") and "@barry" not in listed


async def test_a_post_one_may_not_see_has_no_likers_to_show(world: World) -> None:
    pid = await world.post_id("alice", "/post private mine")
    await world.say("alice", f"/like {pid}")
    await world.say("erin", "/start")
    assert await world.says("erin", f"/likes {pid}") == f"⚠️ There is no post #{pid} that you can see."
    other = await world.post_id("alice", "/post public nobody yet")
    assert "Nobody you can see has liked" in await world.says("erin", f"/likes {other}")


async def test_the_list_is_bounded_and_says_how_many_more(world: World) -> None:
    async with world.db.uow() as uow:
        ids = await people(uow, "alice", *(f"fan{n:03}" for n in range(MAX_LIKERS + 3)))
        post = await uow.posts.add(Post(id=0, author_id=ids[0], body="hi", visibility=Visibility.PUBLIC, created_at=NOW))
        for fan in ids[1:]:
            await uow.posts.like(post.id, fan)
        await uow.commit()
    listed = await world.says("alice", f"/likes {post.id}")
    assert listed.startswith(f"👍 {MAX_LIKERS + 3} people liked #{post.id}:")
    assert listed.count("• ") == MAX_LIKERS and listed.endswith("…and 3 more.")


async def test_likes_in_chinese(world: World) -> None:
    pid = await world.post_id("alice", "/post public 你好")
    await world.say("bob", f"/like {pid}")
    await world.say("alice", "/lang zh")
    assert (await world.says("alice", f"/likes {pid}")).startswith(f"👍 1 人赞了 #{pid}：")


async def liker_rows(uows: UnitOfWorkFactory) -> list[Any]:
    async with uows() as uow:
        a, v, f, m, t, b = await people(uow, "alice", "victor", "fred", "mallory", "trudy", "barry")
        post = await uow.posts.add(Post(id=0, author_id=a, body="hi", visibility=Visibility.PUBLIC, created_at=NOW))
        for liker in (v, f, m, t, b):
            await uow.posts.like(post.id, liker)
        await uow.social.block(v, m)
        await uow.social.block(t, v)
        await uow.moderation.put_sanction(Sanction(b, SanctionKind.BAN, None, created_at=NOW))
        seen: list[Any] = [await uow.posts.likers(post.id, v, liker_rule(Viewer(v)), 10),
                           await uow.posts.likers(post.id, v, liker_rule(Viewer(v)), 1),
                           await uow.posts.likers(post.id, None, liker_rule(ANONYMOUS), 10)]
        await uow.commit()
    return seen


async def test_the_memory_likers_behave_as_the_sql_ones(world: World) -> None:
    seen = await agree(world, liker_rows)
    assert [total for _, total in seen] == [2, 2, 4]


async def test_likers_in_sql_and_in_memory_agree_with_core_privacy_for_every_relation(world: World) -> None:
    for uows in (world.db.uow, MemoryDatabase().uow):
        expected: set[int] = set()
        async with uows() as uow:
            [a, v] = await people(uow, "author", "viewer")
            post = await uow.posts.add(Post(id=0, author_id=a, body="x", visibility=Visibility.PUBLIC, created_at=NOW))
            await uow.posts.like(post.id, v)
            expected.add(v)
            for n, (friend, blocks_viewer, blocked, banned) in enumerate(itertools.product([False, True], repeat=4)):
                [liker] = await people(uow, f"liker{n:02}")
                await uow.posts.like(post.id, liker)
                if friend:
                    await uow.social.add_friendship(liker, v)
                if blocks_viewer:
                    await uow.social.block(liker, v)
                if blocked:
                    await uow.social.block(v, liker)
                if banned:
                    await uow.moderation.put_sanction(Sanction(liker, SanctionKind.BAN, None, created_at=NOW))
                facts = Facts(Relation(is_friend=friend, blocked_by_owner=blocks_viewer, blocks_owner=blocked),
                              ZoneVisibility.PUBLIC, owner_banned=banned)
                if evaluate(liker_rule(Viewer(v)), facts):
                    expected.add(liker)
            ids, total = await uow.posts.likers(post.id, v, liker_rule(Viewer(v)), 100)
            await uow.commit()
        assert (set(ids), total) == (expected, len(expected))
        assert len(expected) == 1 + 2  # oneself, and the not-banned, unblocked ones (friend or not)
