"""The outbox across real `openzone run` processes on PostgreSQL, sending to a fake Telegram Bot API.

What the README promises: a clean stop (SIGTERM) finishes the send in flight and hands back
everything else it held at once, so another process sends it now — not when the 60-second lease
ends — and nothing twice; a commit in one process wakes the worker of another (LISTEN/NOTIFY)
well before its fallback poll (30 s); a retry wakes the worker when it falls due.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from pathlib import Path

import asyncpg
import pytest
from aiohttp import ClientSession, web
from prometheus_client.parser import text_string_to_metric_families

from core.outbox import LEASE
from openzone.settings import Worker
from storage import Database, upgrade
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World
from tests.conftest import PG_ADMIN, require_pg
from tests.integration.processes import OpenZone, write_config

POLL = Worker().poll_interval  # the built-in fallback poll: every wait below is well under it
SOON = 15.0  # seconds: "at once" here, well under the poll (30 s) and the lease (60 s)
PEOPLE = [7001 + i for i in range(8)]


class GatedBotApi(FakeBotApi):
    """The fake Bot API, where sendMessage calls past the first `open_for` wait at a gate."""

    def __init__(self, open_for: int) -> None:
        super().__init__()
        self.open_for, self.waiting = open_for, 0
        self.gate = asyncio.Event()

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["method"].lower() == "sendmessage" and not self.gate.is_set():
            await request.read()  # received whole, as Telegram would have it: it will be sent whatever follows
            if self.open_for > 0:
                self.open_for -= 1
            else:
                self.waiting += 1
                try:
                    await self.gate.wait()
                finally:
                    self.waiting -= 1
        return await super()._handle_method(request)

    def chats_sent_to(self) -> list[int]:
        return sorted(int(c.params["chat_id"]) for c in self.calls_to("sendMessage") if c.error is None)


@pytest.fixture
async def pg_database() -> AsyncIterator[Database]:
    """A new, migrated PostgreSQL database of this test's own (its processes share nothing else)."""
    require_pg()
    name = f"oz_proc_{uuid.uuid4().hex[:10]}"
    admin = PG_ADMIN.replace("postgresql+asyncpg", "postgresql")
    conn = await asyncpg.connect(admin)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    db = Database(f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}", pool_size=2)
    await upgrade(db.engine)
    yield db
    await db.dispose()
    conn = await asyncpg.connect(admin)
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


@pytest.fixture
async def world(pg_database: Database) -> AsyncIterator[World]:
    """This test process's own platform on the database: where the people talk (the commits)."""
    built = await World.start(pg_database)
    yield built
    await built.close()


@pytest.fixture
async def processes() -> AsyncIterator[list[OpenZone]]:
    started: list[OpenZone] = []
    yield started
    for p in started:
        await p.kill()


def config(tmp_path: Path, name: str, db: Database, fake: FakeBotApi, **sections: dict[str, object]) -> Path:
    telegram = {"token": fake.token, "api_base_url": fake.base_url, "file_base_url": fake.base_file_url}
    return write_config(tmp_path / f"{name}.toml", db.url, telegram=telegram, **sections)


async def posts_of(world: World, people: list[int]) -> dict[int, int]:
    """Each Telegram person's public post (their account made as they write to the bot)."""
    found = {}
    for person in people:
        replies = await world.say(str(person), "/post public hello", platform="telegram")
        found[person] = next(r.post_id for r in replies if r.post_id)
    return found


async def comment_on(world: World, posts: dict[int, int]) -> None:
    """bob comments on each post: one notice owed to each author, on Telegram."""
    for person, post in posts.items():
        await world.say("bob", f"/comment {post} note for {person}")


async def until(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    async def wait() -> None:
        while not condition():
            await asyncio.sleep(0.05)

    try:
        await asyncio.wait_for(wait(), timeout)
    except asyncio.TimeoutError:
        raise AssertionError(f"not within {timeout}s: {what}") from None


async def holders(db: Database) -> dict[int, int]:
    """pid → how many unsent deliveries that process holds (its lease owner is host:pid:nonce)."""
    async with db.engine.connect() as conn:
        rows = (await conn.exec_driver_sql(
            "SELECT leased_by, count(*) FROM deliveries WHERE sent_at IS NULL AND leased_by IS NOT NULL "
            "GROUP BY leased_by")).all()
    return {int(owner.split(":")[1]): n for owner, n in rows}


async def due_now(db: Database) -> int:
    """Unsent deliveries another process may take right now (none held, none backing off)."""
    async with db.engine.connect() as conn:
        return int((await conn.exec_driver_sql(
            "SELECT count(*) FROM deliveries WHERE sent_at IS NULL AND NOT gave_up AND leased_by IS NULL "
            "AND next_attempt_at <= now()")).scalar_one())


async def test_a_process_stopped_mid_burst_finishes_its_send_and_hands_back_the_rest_at_once_none_twice(
    world: World, processes: list[OpenZone], tmp_path: Path,
) -> None:
    assert SOON < POLL
    fake = GatedBotApi(open_for=0)  # every send waits at the gate until the stop has begun
    await fake.start()
    try:
        await comment_on(world, await posts_of(world, PEOPLE))  # committed, not yet dispatched
        first = await OpenZone.start(config(tmp_path, "first", world.db, fake), role="telegram")
        processes.append(first)
        held: dict[int, int] = {}
        for _ in range(int(SOON / 0.05)):  # it dispatched them all at once and leased them; one is in flight
            held = await holders(world.db)
            if held.get(first.proc.pid) == len(PEOPLE) and fake.waiting == 1:
                break
            await asyncio.sleep(0.05)
        assert held == {first.proc.pid: len(PEOPLE)} and fake.waiting == 1, (held, fake.waiting)

        first.send(signal.SIGTERM)
        await asyncio.sleep(0.3)  # the stop has begun: the send in flight goes on
        fake.gate.set()
        assert await first.stop(None, timeout=SOON) == 0
        assert len(fake.chats_sent_to()) == 1, "the send in flight finished, and no other began"
        assert await holders(world.db) == {}
        assert await due_now(world.db) == len(PEOPLE) - 1, "the rest are handed back: nothing waits for a lease"

        processes.append(await OpenZone.start(config(tmp_path, "second", world.db, fake), role="telegram"))
        await until(lambda: len(fake.chats_sent_to()) >= len(PEOPLE), SOON, "every notice sent")
        await asyncio.sleep(0.5)  # time for a duplicate to show, if one were coming
        assert fake.chats_sent_to() == PEOPLE, "each notice once, none lost"
    finally:
        fake.gate.set()
        await fake.stop()


async def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    async with ClientSession() as http, http.get(url) as resp:
        assert resp.status == 200, await resp.text()
        found = {}
        for family in text_string_to_metric_families(await resp.text()):
            for s in family.samples:
                found[(s.name, tuple(sorted(s.labels.items())))] = s.value
        return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_other_processes_commits_and_hand_backs_wake_the_worker_and_a_retry_wakes_it_when_due(
    world: World, processes: list[OpenZone], tmp_path: Path,
) -> None:
    assert SOON < POLL
    fake = FakeBotApi()
    await fake.start()
    port = free_port()
    try:
        posts = await posts_of(world, PEOPLE[:4])
        held, first, second, third = PEOPLE[:4]
        # This test process holds one notice, as a sender in another process would.
        await comment_on(world, {held: posts[held]})
        await world.runtime.dispatch_all()
        now = datetime.now(timezone.utc)
        async with world.db.uow() as uow:
            assert len(await uow.outbox.lease_deliveries("telegram", 50, now, now + LEASE,
                                                         owner=world.dispatcher.owner)) == 1
            await uow.commit()
        bot = await OpenZone.start(config(tmp_path, "bot", world.db, fake, metrics={"listen": f"127.0.0.1:{port}"}),
                                   role="telegram")
        processes.append(bot)
        await asyncio.sleep(1)  # its first scan is over: it found the notice held and went to sleep
        assert await world.dispatcher.release_leases() == 1  # a clean stop here: the worker there hears of it
        await until(lambda: fake.calls_to("sendMessage"), SOON, "the notice handed back by another process")

        await comment_on(world, {first: posts[first]})
        await until(lambda: len(fake.calls_to("sendMessage")) == 2, SOON, "the notice of a commit made elsewhere")
        assert [int(c.params["chat_id"]) for c in fake.calls_to("sendMessage")] == [held, first]

        fake.fail_next("sendMessage", 429, retry_after=2, chat_id=second)  # Telegram: "wait 2 s"
        fake.fail_next("sendMessage", 403, chat_id=third)  # blocked the bot
        await comment_on(world, {second: posts[second], third: posts[third]})
        await until(lambda: [c for c in fake.calls_to("sendMessage") if c.error is None
                             and int(c.params["chat_id"]) == second], SOON, "the retry, when due")

        def outcome(got: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str) -> float:
            return got.get(("openzone_deliveries_total", (("messenger", "telegram"), ("outcome", name))), 0)

        got: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
        for _ in range(int(SOON / 0.2)):  # the send is recorded a moment after the fake saw it
            got = await scrape(f"http://127.0.0.1:{port}/metrics")
            if outcome(got, "sent") == 3:
                break
            await asyncio.sleep(0.2)
        assert (outcome(got, "sent"), outcome(got, "retried"), outcome(got, "failed")) == (3, 1, 1)
        assert got[("openzone_outbox_lag_seconds", ())] == 0
        assert await bot.stop() == 0
    finally:
        await fake.stop()


async def test_on_sqlite_a_commit_in_another_process_wakes_the_worker_well_before_its_poll(
    sqlite_world: World, processes: list[OpenZone], tmp_path: Path,
) -> None:
    assert SOON < POLL
    fake = FakeBotApi()
    await fake.start()
    try:
        person = PEOPLE[0]
        posts = await posts_of(sqlite_world, [person])
        bot = await OpenZone.start(config(tmp_path, "bot", sqlite_world.db, fake), role="telegram")
        processes.append(bot)
        await comment_on(sqlite_world, posts)  # as `openzone chat` beside `openzone run` would
        await until(lambda: fake.calls_to("sendMessage"), SOON, "the notice of a commit made by another process")
        assert [int(c.params["chat_id"]) for c in fake.calls_to("sendMessage")] == [person]
        assert await bot.stop() == 0
    finally:
        await fake.stop()
