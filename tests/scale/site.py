"""The site of the scale test: six `openzone run` processes, the fakes and the bucket they use.

`running_site` creates a PostgreSQL database, starts the fake Bot API, the fake Discord and a
local S3 server (moto) in the test process, writes one config per process (each its own
data_dir, as on its own host) and starts the processes; the helpers read what the fakes saw.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import inspect
import json
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import text

from storage import Database
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.conftest import PG_ADMIN
from tests.fake_s3 import ACCESS_KEY, SECRET_KEY, Bucket, S3Server
from tests.processes import Server, free_port, openzone, start, write_config
from tests.scale.conftest import admin

TINA, TOM = 5001, 5002  # Telegram users
DORA = 730000000000000001  # a Discord user
START = 120.0  # seconds a process may take to come up on a busy machine (a safety net, not a measure)

@dataclass
class Site:
    """The running processes, the fakes they talk to, and the database they share."""

    db: Database
    telegram: FakeBotApi
    discord: FakeDiscord
    bucket: Bucket
    servers: dict[str, Server]
    args: dict[str, tuple[str, ...]]
    configs: dict[str, Path]
    ports: dict[str, int]

    async def restart(self, name: str) -> None:
        """Start `name` again as it was started (its log continues); wait until it runs."""
        seen = len(self.servers[name].output())
        self.servers[name] = await start(*self.args[name], config=self.configs[name], log=self.servers[name].log)
        await self.servers[name].wait_for("OpenZone running: ", after=seen, timeout=START)

    def url(self, web: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[web]}{path}"

    async def scalar(self, sql: str) -> Any:
        async with self.db.engine.connect() as conn:
            return (await conn.execute(text(sql))).scalar()


@contextlib.asynccontextmanager
async def running_site(tmp_path: Path) -> AsyncIterator[Site]:
    """The six processes on a new PostgreSQL database, the fakes, a bucket; everything stopped after."""
    name = f"oz_scale_{uuid.uuid4().hex[:10]}"
    await admin(f'CREATE DATABASE "{name}"')
    url = f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        telegram, discord = FakeBotApi(), FakeDiscord()
        discord.make_user(DORA, "dora")
        for fake in (telegram, discord):
            await fake.start()
            stack.push_async_callback(fake.stop)
        s3 = S3Server().start()
        stack.callback(s3.stop)
        bucket = s3.new_bucket()
        ports = {"web-a": free_port(), "web-b": free_port()}
        common = (
            f"[site]\npublic_url = \"http://127.0.0.1:{ports['web-a']}\"\n"
            f"[media]\nstore = \"s3\"\ns3_endpoint = \"{s3.endpoint}\"\ns3_bucket = \"{bucket}\"\n"
            f"s3_access_key = \"{ACCESS_KEY}\"\ns3_secret_key = \"{SECRET_KEY}\"\n"
            f"[telegram]\ntoken = \"{telegram.token}\"\napi_base_url = \"{telegram.base_url}\"\n"
            f"file_base_url = \"{telegram.base_file_url}\"\n"
            f"[discord]\ntoken = \"{discord.token}\"\napplication_id = \"{discord.application_id}\"\n"
            f"api_base_url = \"{discord.api_base}\"\ngateway_url = \"{discord.gateway_url}\"\n"
        )
        roles = {"web-a": "web", "web-b": "web", "worker-a": "worker", "worker-b": "worker",
                 "telegram": "telegram", "discord": "discord"}
        configs = {n: write_config(tmp_path / n, url, common + (f"[web]\nport = {ports[n]}\n" if n in ports else ""))
                   for n in roles}
        code, out = await openzone("migrate", config=configs["web-a"])  # as an operator does first
        assert code == 0, out
        args = {n: ("run", "--role", role) for n, role in roles.items()}
        servers = dict(zip(roles, await asyncio.gather(*(
            start(*args[n], config=configs[n], log=tmp_path / f"{n}.log") for n in roles
        )), strict=True))
        db = Database(url)
        stack.push_async_callback(db.dispose)
        built = Site(db, telegram, discord, Bucket(s3, bucket), servers, args, configs, ports)

        async def stop_all() -> None:
            await asyncio.gather(*(s.stop() for s in built.servers.values()))

        stack.push_async_callback(stop_all)
        await asyncio.gather(*(s.wait_for("OpenZone running: ", timeout=START) for s in servers.values()))
        yield built
        codes = await asyncio.gather(*(s.stop() for s in built.servers.values()))
        logs = {n: s.output() for n, s in built.servers.items()}
        assert codes == [0] * len(codes), logs
        assert [n for n, out in logs.items() if "Traceback" in out] == [], logs


def telegram_says(fake: FakeBotApi, chat: int) -> list[str]:
    """Everything the bot sent (or changed) in a Telegram chat, as one text per message."""
    return [html.unescape(json.dumps(m, ensure_ascii=False)) for m in fake.sent_messages(chat)]


def discord_says(fake: FakeDiscord, user: int) -> list[str]:
    channel = str(fake.dm_channel(user)["id"])
    return [json.dumps(m, ensure_ascii=False) for m in fake.messages.values()
            if m["channel_id"] == channel and m["author"]["id"] != str(user)]


async def until(what: str, check: Callable[[], Awaitable[bool] | bool], timeout: float = 45.0) -> None:
    """Wait for `check()` to be true (a safety net against hanging, not a speed assertion)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await _value(check()):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"never happened: {what}")
        await asyncio.sleep(0.1)


async def _value(result: Awaitable[bool] | bool) -> bool:
    return await result if inspect.isawaitable(result) else bool(result)


def post_number(answer: str) -> int:
    found = re.search(r"Posted #(\d+)", answer)
    assert found is not None, answer
    return int(found.group(1))


def tg_message(fake: FakeBotApi, user: int, name: str, said: str) -> dict[str, Any]:
    return fake.text_message(user, said, username=name, first_name=name.capitalize())


async def telegram_answer(site: Site, user: int, name: str, said: str, marker: str) -> str:
    """One Telegram message, waited for until the bot's answer containing `marker` arrives."""
    since = len(site.telegram.calls)
    site.telegram.push_update(tg_message(site.telegram, user, name, said))
    call = await site.telegram.wait_for_call("sendMessage", lambda c: marker in str(c.params), timeout=30, since=since)
    return html.unescape(str(call.params))


async def drained(site: Site) -> bool:
    """No event waits to be dispatched and no messenger delivery to be sent."""
    return (await site.scalar("SELECT count(*) FROM outbox WHERE dispatched_at IS NULL") == 0
            and await site.scalar("SELECT count(*) FROM deliveries WHERE sent_at IS NULL AND NOT gave_up "
                                  "AND platform <> 'console'") == 0)


async def rows(site: Site, sql: str) -> list[tuple[Any, Any]]:
    async with site.db.engine.connect() as conn:
        return [(r[0], r[1]) for r in await conn.execute(text(sql))]


async def browse(site: Site, reads: list[tuple[str, int]]) -> None:
    """A reader alternating between the two web processes until cancelled; each answer's status."""
    async with aiohttp.ClientSession() as http:
        while True:
            for web in ("web-a", "web-b"):
                try:
                    async with http.get(site.url(web, "/z/tina")) as resp:
                        await resp.read()
                        reads.append((web, resp.status))
                except aiohttp.ClientError:
                    reads.append((web, 0))  # killed, or not listening again yet
            await asyncio.sleep(0.05)


def posted_on_telegram(tg: FakeBotApi) -> int:
    return sum("Posted #" in m for u in (TINA, TOM) for m in telegram_says(tg, u))
