"""Posts whose stored HTML the wired renderer didn't make — written before migration 0020 (none), or under
older rules (markdown.RULES) — get its HTML once a worker starts, so no page renders them per request; an
edit meanwhile keeps its own HTML, and HTML of today's rules is left as it is."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from adapters.web import markdown
from openzone import runtime as runtime_module
from openzone.serve import serve
from storage import Database
from tests.builders import World

OLD = "<!--md0--><p>made under older rules</p>"


async def _html(world: World) -> dict[int, str | None]:
    async with world.db.engine.connect() as conn:
        return {r[0]: r[1] for r in await conn.execute(text("SELECT id, body_html FROM posts ORDER BY id"))}


async def _set(world: World, post_id: int, html: str | None) -> None:
    async with world.db.engine.begin() as conn:
        await conn.execute(text("UPDATE posts SET body_html = :html WHERE id = :id"), {"id": post_id, "html": html})


async def test_missing_and_older_html_is_rendered_again_and_todays_is_left_alone(world: World) -> None:
    bodies = ["plain words", "some **bold** words", "a [link](https://example.org) <script>x</script>"]
    ids = [await world.post_id("alice", f"/post public {body}") for body in bodies]
    kept = markdown.STAMP + "<p>stored under today's rules</p>"
    await _set(world, ids[0], None)
    await _set(world, ids[1], OLD)
    await _set(world, ids[2], kept)

    assert await world.runtime.rerender_bodies() == 2
    html = await _html(world)
    assert html[ids[0]] == markdown.for_storage(bodies[0])
    assert html[ids[1]] == markdown.for_storage(bodies[1]) and "<strong>bold</strong>" in html[ids[1]]
    assert html[ids[2]] == kept
    assert await world.runtime.rerender_bodies() == 0  # nothing left to do: nothing written


async def test_every_post_is_reached_across_batches_and_gaps_in_the_numbers(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runtime_module, "RERENDER_SPAN", 4)  # small batches, to cross several of each kind
    monkeypatch.setattr(runtime_module, "RERENDER_BATCH", 2)
    ids = [await world.post_id(f"user{i % 3}", f"/post public number *{i}*") for i in range(11)]
    async with world.db.engine.begin() as conn:  # two numbers no post has any more
        for table, column in (("feed_items", "post_id"), ("posts", "id")):
            await conn.execute(text(f"DELETE FROM {table} WHERE {column} IN (:a, :b)"), {"a": ids[3], "b": ids[6]})
        await conn.execute(text("UPDATE posts SET body_html = NULL"))

    assert await world.runtime.rerender_bodies() == 9
    html = await _html(world)
    assert set(html) == set(ids) - {ids[3], ids[6]}
    assert all(h is not None and h.startswith(markdown.STAMP) and "<em>" in h for h in html.values())


async def test_an_edit_since_the_body_was_read_keeps_its_own_html(world: World) -> None:
    pid = await world.post_id("alice", "/post public the first text")
    await _set(world, pid, None)
    async with world.db.uow() as uow:
        [(found, body)] = await uow.posts.unrendered(markdown.STAMP, 1, pid, 10)
    await world.says("alice", f"/edit {pid} the *second* text")  # between the read and the write
    async with world.db.uow() as uow:
        assert not await uow.posts.store_html(found, body, markdown.for_storage(body))
        await uow.commit()
    assert (await _html(world))[pid] == markdown.for_storage("the *second* text")


async def test_a_worker_renders_them_as_it_starts(db: Database) -> None:
    world = await World.start(db)
    try:
        pid = await world.post_id("alice", "/post public written *before* the upgrade")
        await _set(world, pid, OLD)
        stop = asyncio.Event()
        running = asyncio.create_task(serve(world.runtime, "worker", stop))
        try:
            for _ in range(200):
                if (await _html(world))[pid] != OLD:
                    break
                await asyncio.sleep(0.02)
        finally:
            stop.set()
            await running
        assert (await _html(world))[pid] == markdown.for_storage("written *before* the upgrade")
    finally:
        await world.close()
