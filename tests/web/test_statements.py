"""How many statements a zone page costs (issue 16): the same small number whoever looks, however many posts.

Counted at the database driver (SQLAlchemy's before_cursor_execute), with the page cache off, so
a change that adds a query to every page view fails here rather than only in a benchmark.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import event

from core.accounts import service as accounts
from core.posts import service as posts
from core.model import Visibility
from tests.builders import World
from tests.web.conftest import sign_in


@contextmanager
def counting(world: World) -> Iterator[list[str]]:
    said: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        said.append(statement)

    event.listen(world.db.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield said
    finally:
        event.remove(world.db.engine.sync_engine, "before_cursor_execute", count)


async def _zone_with_posts(world: World, n: int) -> None:
    """alice (friends with bob) with n posts of every audience, some liked and commented on by bob."""
    await world.befriend("alice", "bob")
    await world.say("carol", "/start")
    async with world.db.uow() as uow:
        alice, bob = await accounts.by_handle(uow, "alice"), await accounts.by_handle(uow, "bob")
        audiences = [posts.Audience(v) for v in (Visibility.PUBLIC, Visibility.FRIENDS, Visibility.PRIVATE)]
        for i in range(n):
            post = await posts.create_post(uow, world.clock.now(), alice, f"post {i} with **markdown**",
                                           audiences[i % 3])
            if i % 3 == 0:
                await posts.like(uow, world.clock.now(), bob, post.id)
                await posts.add_comment(uow, world.clock.now(), bob, post.id, f"nice {i}")
        await uow.commit()


async def _statements(world: World, client: TestClient, path: str) -> int:
    with counting(world) as said:
        resp = await client.get(path, allow_redirects=False)
        assert resp.status == 200, await resp.text()
        await resp.read()
    return len(said)


async def test_a_zone_page_is_two_statements_for_a_friend_a_stranger_and_the_public(
    web_world: World,
) -> None:
    await _zone_with_posts(web_world, 30)
    async with TestClient(TestServer(web_world.runtime.web_app(page_ttl=0))) as client:
        for viewer in ("bob", "carol"):  # a friend, a signed-in stranger
            await sign_in(client, web_world, viewer)
            # The zone with its header and the session's account; the day's visit claimed; the posts.
            assert await _statements(web_world, client, "/z/alice") == 3
            # Once the day's visit is on record, claiming it again costs nothing.
            assert await _statements(web_world, client, "/z/alice") == 2
            assert await _statements(web_world, client, "/z/alice?before=20") == 2
        await sign_in(client, web_world, "alice")
        assert await _statements(web_world, client, "/z/alice") == 2  # the owner's own look is no visit
        await sign_in(client, web_world, None)
        assert await _statements(web_world, client, "/z/alice") == 2


async def test_a_zone_page_costs_the_same_statements_with_ten_times_the_posts(web_world: World) -> None:
    await _zone_with_posts(web_world, 60)
    async with TestClient(TestServer(web_world.runtime.web_app(page_ttl=0))) as client:
        await sign_in(client, web_world, "bob")
        await _statements(web_world, client, "/z/alice")
        few = await _statements(web_world, client, "/z/alice")
        async with web_world.db.uow() as uow:
            alice = await accounts.by_handle(uow, "alice")
            for i in range(540):
                await posts.create_post(uow, web_world.clock.now(), alice, f"more {i}",
                                        posts.Audience(Visibility.FRIENDS))
            await uow.commit()
        assert await _statements(web_world, client, "/z/alice") == few == 2


async def test_a_post_page_is_three_statements_whoever_looks(
    web_world: World,
) -> None:
    await _zone_with_posts(web_world, 3)
    async with web_world.db.uow() as uow:
        first = (await uow.posts.by_author((await accounts.by_handle(uow, "alice")).id, None, _public(), before=None,
                                           limit=100))[-1]
    async with TestClient(TestServer(web_world.runtime.web_app(page_ttl=0))) as client:
        # The zone with the session's account; the post with its counts, like, shared original and photos;
        # its comments with their writers and its likers with how many there are and who they are.
        for viewer, expected in (("bob", 3), ("carol", 3), (None, 3)):
            await sign_in(client, web_world, viewer)
            await _statements(web_world, client, f"/z/alice/p/{first.id}")
            assert await _statements(web_world, client, f"/z/alice/p/{first.id}") == expected


def _public() -> Any:
    from core import privacy

    return privacy.content_rule(privacy.ANONYMOUS)


async def test_a_revoked_session_on_a_zone_page_is_the_stranger_and_reads_the_zone_again_as_one(
    web_world: World,
) -> None:
    await _zone_with_posts(web_world, 6)
    async with TestClient(TestServer(web_world.runtime.web_app(page_ttl=0))) as client:
        await sign_in(client, web_world, "bob")
        friend = (await client.get("/z/alice")).headers
        await web_world.says("bob", "/zone revoke")
        # The zone was read for bob with his account, found revoked: read again as the stranger.
        with counting(web_world) as said:
            resp = await client.get("/z/alice")
            body = await resp.text()
        assert len(said) == 3
        assert ("Send /zone to the bot" in body, "post 1 with" in body, "Viewing as" in body) == (True, False, False)
        assert friend["ETag"] != resp.headers["ETag"]


async def test_shares_on_a_zone_page_cost_two_statements_however_many_there_are(web_world: World) -> None:
    await _zone_with_posts(web_world, 3)
    async with web_world.db.uow() as uow:
        alice, bob = await accounts.by_handle(uow, "alice"), await accounts.by_handle(uow, "bob")
        for i in range(4):
            public = posts.Audience(Visibility.PUBLIC)
            original = await posts.create_post(uow, web_world.clock.now(), bob, f"bob's {i}", public)
            await posts.share(uow, web_world.clock.now(), alice, original.id, f"look {i}", public)
        await uow.commit()
    async with TestClient(TestServer(web_world.runtime.web_app(page_ttl=0))) as client:
        for viewer in ("bob", "carol", None):
            await sign_in(client, web_world, viewer)
            await _statements(web_world, client, "/z/alice")
            # The zone; the posts with the four originals the viewer may see, counted, and their authors.
            assert await _statements(web_world, client, "/z/alice") == 2


async def test_an_album_page_is_two_statements_open_or_locked(web_world: World) -> None:
    from tests.images import attachment, photo

    await web_world.befriend("alice", "bob")
    await web_world.say("carol", "/start")
    await web_world.say("alice", "/album new Trip public")
    await web_world.say("alice", "#trip sunset", attachments=(attachment(photo()), attachment(photo(colour=(0, 0, 0)))))
    await web_world.say("alice", "/album new Gate")
    await web_world.says("alice", "/album question Gate Our cat's name? | Dinah")
    async with TestClient(TestServer(web_world.runtime.web_app(page_ttl=0))) as client:
        for viewer in ("alice", "bob", "carol", None):
            await sign_in(client, web_world, viewer)
            for album in (1, 2):  # open to all; gated (locked to all but alice, unlisted to the anonymous)
                await _statements(web_world, client, "/z/alice")
                if viewer is None and album == 2:
                    continue
                await _statements(web_world, client, f"/z/alice/albums/{album}")
                # The zone with the session's account; the album, whether it opens and its photos.
                assert await _statements(web_world, client, f"/z/alice/albums/{album}") == 2, (viewer, album)
