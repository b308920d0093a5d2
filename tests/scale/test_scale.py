"""OpenZone at scale: six `openzone run` processes on one PostgreSQL database, two killed mid-burst.

Two web processes (`--role web`, one host each: its own data_dir; photos in one S3 bucket on a
local moto server), two
outbox workers (`--role worker`), and the two bots (`--role telegram` polling the fake Bot API,
`--role discord` on the fake gateway; each also runs an outbox loop that sends its messenger's
notifications), started at once on a database just migrated. Telegram, Discord and an `openzone
chat` console process send at once while a browser reads both web processes; mid-burst one web
process and one worker get `kill -9` and are started again. Then: every acknowledged post,
comment and photo is there, once; every event reached its recipient exactly once; a cookie from
either web process is accepted by the other (the signing key lives in the database); the photo
is served by both. The waits are safety nets against a hang, never speed assertions.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import inspect
import json
import re
import signal
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import text

from storage import Database
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.conftest import PG_ADMIN, require_pg
from tests.fake_s3 import ACCESS_KEY, SECRET_KEY, Bucket, S3Server
from tests.images import photo
from tests.processes import OPENZONE, ROOT, Server, environment, free_port, openzone, start, write_config
from tests.scale.conftest import admin

TINA, TOM = 5001, 5002  # Telegram users
DORA = 730000000000000001  # a Discord user
START = 120.0  # seconds a process may take to come up on a busy machine (a safety net, not a measure)
BURST = 8  # posts each Telegram person sends at once; comments Discord and the console each send


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


@pytest.fixture
async def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Site]:
    require_pg()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
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


@dataclass
class Before:
    """What Tina set up before the burst: the posts everyone comments on, her private things."""

    tina_post: int
    tom_post: int
    private: str
    link: str


async def before_the_burst(site: Site) -> Before:
    """Tina's and Tom's first posts, Tina's private post and private album with a photo, her zone link."""
    tg = site.telegram
    tina_post = post_number(await telegram_answer(site, TINA, "tina", "/post public hello from tina", "Posted #"))
    tom_post = post_number(await telegram_answer(site, TOM, "tom", "/post public hello from tom", "Posted #"))
    secret = await telegram_answer(site, TINA, "tina", "/post private secret-of-tina", "Posted #")
    await telegram_answer(site, TINA, "tina", "/album new Trip private", "made")
    since = len(tg.calls)
    tg.push_update(tg.photo_message(TINA, photo(), caption="#trip", username="tina", first_name="Tina"))
    await tg.wait_for_call("sendMessage", lambda c: "1 photo added to Trip" in str(c.params), timeout=30, since=since)
    zone = await telegram_answer(site, TINA, "tina", "/zone", "/z/tina?t=")
    link = re.search(r"http://127\.0\.0\.1:\d+(/z/tina\?t=[A-Za-z0-9_\-.]+)", zone)
    assert link is not None, zone
    return Before(tina_post, tom_post, f"/z/tina/p/{post_number(secret)}", link.group(1))


def posted_on_telegram(tg: FakeBotApi) -> int:
    return sum("Posted #" in m for u in (TINA, TOM) for m in telegram_says(tg, u))


async def test_two_web_and_two_worker_processes_lose_nothing_double_nothing_and_agree_when_one_of_each_is_killed(
    site: Site,
) -> None:
    tg, dc = site.telegram, site.discord
    before = await before_the_burst(site)
    posted_before = posted_on_telegram(tg)

    # The burst: Telegram posts, Discord comments on Tina's post, a console session's comments on
    # Tom's post and its own posts, and a browser reading both web processes all along.
    for n in range(BURST):
        tg.push_update(tg_message(tg, TINA, "tina", f"/post public tina-burst-{n}"))
        tg.push_update(tg_message(tg, TOM, "tom", f"/post public tom-burst-{n}"))
    dispatching = asyncio.gather(*(
        dc.dispatch("MESSAGE_CREATE", dc.message_create(None, DORA, f"/comment {before.tina_post} dora-says-{n}"))
        for n in range(BURST)
    ))
    lines = ["/start"] + [f"/comment {before.tom_post} carl-says-{n}" for n in range(BURST)] + \
            [f"/post public carl-burst-{n}" for n in range(BURST // 2)]
    console = await asyncio.create_subprocess_exec(
        str(OPENZONE), "chat", "--as", "carl", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT, env=environment(site.configs["web-b"]), cwd=ROOT,
    )
    console_done = asyncio.create_task(console.communicate(("\n".join(lines) + "\n").encode()))
    reads: list[tuple[str, int]] = []
    reading = asyncio.create_task(browse(site, reads))

    # Mid-burst: kill -9 one web process and one worker, and start them again.
    await until("a third of the Telegram burst answered",
                lambda: posted_on_telegram(tg) - posted_before >= BURST * 2 // 3)
    for name in ("web-a", "worker-a"):
        await site.servers[name].stop(signal.SIGKILL)
    await asyncio.gather(site.restart("web-a"), site.restart("worker-a"))

    await dispatching
    out, _ = await console_done
    printed = out.decode()
    assert console.returncode == 0, printed
    await until("the Telegram burst answered", lambda: posted_on_telegram(tg) - posted_before == BURST * 2)
    await until("Discord's comments answered",
                lambda: sum("Comment added" in m for m in discord_says(dc, DORA)) == BURST)
    reading.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await reading
    assert {web for web, status in reads if status == 200} == {"web-a", "web-b"}, reads

    # Every acknowledged post, comment and photo is there, once.
    acked = {int(n) for u in (TINA, TOM) for m in telegram_says(tg, u) for n in re.findall(r"Posted #(\d+)", m)}
    acked |= {int(n) for n in re.findall(r"Posted #(\d+)", printed)}
    assert len(acked) == 3 + 2 * BURST + BURST // 2, printed
    posts = dict(await rows(site, "SELECT id, body FROM posts"))
    assert acked <= set(posts)
    assert sorted(b for b in posts.values() if "-burst-" in b) == sorted(
        [f"{who}-burst-{n}" for who in ("tina", "tom") for n in range(BURST)]
        + [f"carl-burst-{n}" for n in range(BURST // 2)])
    assert printed.count("Comment added") == BURST, printed
    comments = [b for _, b in await rows(site, "SELECT id, body FROM comments")]
    assert sorted(comments) == sorted([f"dora-says-{n}" for n in range(BURST)] + [f"carl-says-{n}" for n in range(BURST)])
    assert await site.scalar("SELECT count(*) FROM photos") == 1

    # Every event reached its recipient, and exactly once: the bound on repeats is what a killed
    # process had in flight on a messenger, and the killed worker only dispatches (stage 1 is one
    # transaction: what it was doing rolled back, and another worker did it).
    await until("every event dispatched and every delivery sent", lambda: drained(site))
    for owner, commenter in ((TINA, "dora"), (TOM, "carl")):
        heard = "\n".join(telegram_says(tg, owner))
        assert [heard.count(f"{commenter}-says-{n}") for n in range(BURST)] == [1] * BURST, heard
    assert await site.scalar("SELECT count(*) FROM deliveries WHERE platform = 'telegram'") == 2 * BURST

    await one_site(site, before)


async def drained(site: Site) -> bool:
    """No event waits to be dispatched and no messenger delivery to be sent."""
    return (await site.scalar("SELECT count(*) FROM outbox WHERE dispatched_at IS NULL") == 0
            and await site.scalar("SELECT count(*) FROM deliveries WHERE sent_at IS NULL AND NOT gave_up "
                                  "AND platform <> 'console'") == 0)


async def one_site(site: Site, before: Before) -> None:
    """A cookie from either web process opens Tina's private post on the other, and the photo in her
    private album is served by both (from the store they share) to her and to nobody else."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        cookie = ""
        for issuer, reader in (("web-a", "web-b"), ("web-b", "web-a")):
            async with http.get(site.url(issuer, before.link), allow_redirects=False) as resp:
                assert resp.status == 303
                cookie = resp.headers["Set-Cookie"].split(";", 1)[0]
            async with http.get(site.url(reader, before.private), headers={"Cookie": cookie}) as resp:
                assert resp.status == 200 and "secret-of-tina" in await resp.text()
            async with http.get(site.url(reader, before.private)) as resp:
                assert resp.status == 404
        [(photo_id, _)] = await rows(site, "SELECT id, album_id FROM photos")
        served = []
        for web in ("web-a", "web-b"):
            async with http.get(site.url(web, f"/media/p/{photo_id}/320.webp"), headers={"Cookie": cookie}) as resp:
                assert resp.status == 200
                served.append(await resp.read())
            async with http.get(site.url(web, f"/media/p/{photo_id}/320.webp")) as resp:
                assert resp.status == 404
        assert served[0] == served[1] and served[0][:4] == b"RIFF"
    # The photo's files are objects in the bucket, and no host kept a copy of its own.
    assert len(site.bucket.keys()) >= 2, site.bucket.keys()
    assert [p for home in site.configs.values() for p in (home.parent / "data").rglob("*.webp")] == []


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
