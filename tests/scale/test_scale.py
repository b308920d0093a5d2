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
import re
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from tests.images import photo
from tests.processes import OPENZONE, ROOT, environment
from tests.conftest import require_pg
from tests.scale.site import (
    DORA, TINA, TOM, Site, browse, discord_says, drained, post_number, posted_on_telegram, rows, running_site,
    telegram_answer, telegram_says, tg_message, until,
)

BURST = 8  # posts each Telegram person sends at once; comments Discord and the console each send


@pytest.fixture
async def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Site]:
    require_pg()
    # The fakes and the web processes live on loopback; PTB, discord.py and aiohttp honour proxies.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    async with running_site(tmp_path) as running:
        yield running


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
    restarted = len(reads)

    await dispatching
    out, _ = await console_done
    printed = out.decode()
    assert console.returncode == 0, printed
    await until("the Telegram burst answered", lambda: posted_on_telegram(tg) - posted_before == BURST * 2)
    await until("Discord's comments answered",
                lambda: sum("Comment added" in m for m in discord_says(dc, DORA)) == BURST)
    # The reader is cancelled only once it has read the restarted web-a too: on a busy machine the
    # bursts can be answered before its next turn comes round.
    await until("the restarted web-a answered the reader", lambda: ("web-a", 200) in reads[restarted:])
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
