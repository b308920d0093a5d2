"""One site, many hosts: on PostgreSQL every host signs and accepts the same links and cookies."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from core.clock import FixedClock
from openzone.keys import rotate
from storage import Database, shared_key
from tests.builders import World, settings_for
from tests.web.conftest import zone_link

EXPIRED = "Your viewing session has expired or was revoked"
on_postgresql = pytest.mark.parametrize("db", ["postgresql"], indirect=True)


async def host(db: Database) -> World:
    """A web host of its own (its own data_dir) on the shared database."""
    return await World.start(db, settings_for(db, Path(tempfile.mkdtemp(prefix="oz-host-"))))


async def cookie_from(world: World, link: str) -> str:
    async with TestClient(TestServer(world.runtime.web_app())) as client:
        resp = await client.get(link, allow_redirects=False)
        assert resp.status == 303, await resp.text()
        return resp.cookies["oz_session"].value


async def page_with(world: World, cookie: str, path: str) -> str:
    async with TestClient(TestServer(world.runtime.web_app())) as client:
        resp = await client.get(path, headers={"Cookie": f"oz_session={cookie}"})
        assert resp.status == 200
        assert "oz_session" not in resp.cookies, "the cookie was cleared"
        return await resp.text()


@on_postgresql
async def test_two_hosts_on_one_postgresql_database_accept_each_others_links_and_cookies(db: Database) -> None:
    one, two = await host(db), await host(db)
    try:
        await one.say("bob", "/start")
        link = await zone_link(one, "alice", "bob")
        cookie = await cookie_from(two, link)  # a link from host one, opened on host two
        assert EXPIRED not in await page_with(one, cookie, "/z/bob")
        assert EXPIRED not in await page_with(two, cookie, "/z/bob")
        back = await cookie_from(one, await zone_link(two, "alice", "bob"))
        assert EXPIRED not in await page_with(two, back, "/z/bob")
    finally:
        await one.close()
        await two.close()


@on_postgresql
async def test_processes_starting_at_once_on_a_new_database_agree_on_one_key(db: Database) -> None:
    now = FixedClock().now()
    keys = await asyncio.gather(*(shared_key(db, "signing_key", f"candidate-{i}", now) for i in range(8)))
    assert len(set(keys)) == 1


@on_postgresql
async def test_rotating_the_key_ends_every_cookie_signed_with_the_old_one(db: Database) -> None:
    one = await host(db)
    try:
        cookie = await cookie_from(one, await zone_link(one, "alice"))
        said = await rotate(one.runtime.settings, db, one.clock.now())
        assert "Restart every OpenZone process" in said
    finally:
        await one.close()
    restarted = await host(db)
    try:
        async with TestClient(TestServer(restarted.runtime.web_app())) as client:
            resp = await client.get("/z/alice", headers={"Cookie": f"oz_session={cookie}"})
            assert EXPIRED in await resp.text()
    finally:
        await restarted.close()


async def test_on_sqlite_the_key_stays_in_the_data_dir_and_is_reused(sqlite_db: Database, tmp_path: Path) -> None:
    first = await World.start(sqlite_db, settings_for(sqlite_db, tmp_path))
    try:
        cookie = await cookie_from(first, await zone_link(first, "alice"))
    finally:
        await first.close()
    assert (tmp_path / "signing.key").stat().st_mode & 0o777 == 0o600
    again = await World.start(sqlite_db, settings_for(sqlite_db, tmp_path))
    try:
        assert EXPIRED not in await page_with(again, cookie, "/z/alice")
    finally:
        await again.close()
