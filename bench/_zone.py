"""A lived-in zone for the web benchmarks, and the people who look at it with links the bot gave them.

@alice has `posts` posts over the last days (a quarter public, friends-only, for her circle
@family and private; some blog posts, some with photos, some shares of friends' posts), comments
with replies and likes on many of them, and five albums (public, friends, @family, private, one
behind a question). Her 30 friends (10 of them in @family) and the strangers each send `/zone
alice` to the bot, as a person would, and keep the signed link it answers with; the benchmark
opens each link once, which is how the web view hands out a session cookie.

Everything is written through core's services and the router of the platform `openzone.bootstrap`
built, so the rows are the rows a real zone has. Setup is not measured.
"""

from __future__ import annotations

import asyncio
import io
import random
import re
import secrets
import tempfile
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from _util import bench_settings, platform
from sqlalchemy import text

from chat import Incoming, Sender
from core.accounts import service as accounts
from core.albums import gate, photos as album_photos, service as albums
from core.albums.ports import ProcessedImage
from core.model import Account
from core.posts import MAX_PAGE, Audience, service as posts
from core.privacy import Viewer
from core.social import circles, friends

OWNER = "alice"
FRIENDS, CIRCLE = 30, 10  # the first CIRCLE friends are in @family


@dataclass
class Person:
    handle: str
    role: str  # owner, circle (a friend in @family), friend, stranger
    link: str = ""
    """Path and query of the signed zone link the bot answered `/zone alice` with."""
    posts: list[int] = field(default_factory=list)
    """Ids of @alice's posts this person may open (asked of core, not guessed)."""
    albums: list[int] = field(default_factory=list)


@dataclass
class Zone:
    people: list[Person]
    first_post: int
    last_post: int


def settings_for(url: str, port: int, key: str, data_dir: str):  # type: ignore[no-untyped-def]
    """The built-in configuration the seeder and the server share: same signing key, same media files."""
    from pathlib import Path

    from openzone.settings import Site, Web

    return bench_settings(url, site=Site(public_url=f"http://127.0.0.1:{port}"),
                          web=Web(port=port, signing_key=key), data_dir=Path(data_dir))


def _jpeg(n: int) -> bytes:
    from PIL import Image, ImageDraw

    rng = random.Random(n)
    im = Image.new("RGB", (1600, 1200), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(im)
    for _ in range(12):
        x, y = rng.randrange(1400), rng.randrange(1000)
        draw.ellipse((x, y, x + rng.randrange(50, 400), y + rng.randrange(50, 400)),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85)
    return out.getvalue()


def seeded(url: str, n_posts: int, n_strangers: int, prefix: str) -> tuple[str, str, Zone]:
    """A session key, a data folder and the owner's zone seeded into `url` (its own event loop): what a page server needs."""
    key, data = secrets.token_urlsafe(32), tempfile.mkdtemp(prefix=prefix)
    return key, data, asyncio.run(seed(url, 8080, key, data, n_posts, n_strangers))


async def seed(url: str, port: int, key: str, data_dir: str, n_posts: int, n_strangers: int) -> Zone:
    runtime = await platform(settings_for(url, port, key, data_dir))
    try:
        zone = await _seed(runtime, n_posts, n_strangers)
        if runtime.db.engine.dialect.name == "postgresql":
            # Fresh statistics, as autovacuum keeps them in production: without them PostgreSQL plans
            # the pages' statements for empty tables, and their costs are not the ones people meet.
            async with runtime.db.engine.begin() as conn:
                await conn.execute(text("ANALYZE"))
        return zone
    finally:
        await runtime.close()


async def _seed(runtime: Any, n_posts: int, n_strangers: int) -> Zone:
    rng = random.Random(16)
    clock = runtime.clock
    render = runtime.services.render_body  # as /post stores them: bodies with their HTML
    start = clock.now() - timedelta(minutes=10 * n_posts)
    people = [Person(OWNER, "owner")]
    people += [Person(f"friend{i:02}", "circle" if i < CIRCLE else "friend") for i in range(FRIENDS)]
    people += [Person(f"stranger{i:02}", "stranger") for i in range(n_strangers)]
    images = [await runtime.services.media.ingest(_jpeg(n)) for n in range(6)]
    async with runtime.db.uow() as uow:
        acc = {p.handle: (await accounts.ensure_account(uow, start, "console", p.handle, p.handle.title(), p.handle))[0]
               for p in people}
        alice = acc[OWNER]
        await accounts.change_bio(uow, alice, "Curious explorer of rabbit holes.")
        for p in people:
            if p.role in ("circle", "friend"):
                await friends.request_friend(uow, start, acc[p.handle], alice)
                await friends.accept_friend(uow, start, alice, acc[p.handle])
        family = await circles.new_circle(uow, alice, "family")
        await circles.add_members(uow, alice, "family", [acc[p.handle] for p in people if p.role == "circle"])
        shared = [(await posts.create_post(uow, start, acc[f"friend{i:02}"], f"Friend {i}'s public news {k}",
                                           Audience(posts.Visibility.PUBLIC), render=render)).id
                  for i in range(10) for k in range(3)]
        await uow.commit()
    audiences = [Audience(posts.Visibility.PUBLIC), Audience(posts.Visibility.FRIENDS),
                 Audience(posts.Visibility.CIRCLE, family.id, family.name), Audience(posts.Visibility.PRIVATE)]
    ids: list[int] = []
    for chunk in range(0, n_posts, 100):
        async with runtime.db.uow() as uow:
            for n in range(chunk, min(chunk + 100, n_posts)):
                ids.append(await _one_post(uow, rng, start + timedelta(minutes=10 * n), n, acc, people, audiences,
                                           images, shared, render))
            await uow.commit()
    await _albums(runtime, rng, acc, images, start)
    await runtime.dispatch_all()  # comments and likes become alice's notifications (her unread count)
    await _links(runtime, people)
    await _visible(runtime, acc, people)
    return Zone(people, min(ids), max(ids))


async def _one_post(uow: Any, rng: random.Random, now: Any, n: int, acc: dict[str, Account], people: list[Person],
                    audiences: list[Audience], images: list[ProcessedImage], shared: list[int], render: Any) -> int:
    alice = acc[OWNER]
    audience = audiences[n % 4]
    if n % 25 == 3:
        post = await posts.create_blog(uow, now, alice, f"Notes from week {n // 25}",
                                       f"# Week {n // 25}\n\nA **longer** entry with a [link](https://example.org/{n}) "
                                       "and a list:\n\n- one\n- two\n\n" + "Some more text. " * 40, audience,
                                       render=render)
    elif n % 40 == 7 and shared:
        post = await posts.share(uow, now, alice, shared.pop(), f"look at this {n}", Audience(posts.Visibility.PUBLIC),
                                 render=render)
    else:
        post = await posts.create_post(uow, now, alice, f"Post number {n} with **some** _markdown_ and a "
                                       f"[link](https://example.org/{n}). #day{n // 20}", audience, render=render)
    if n % 5 == 0:
        await album_photos.add_post_photos(uow, now, alice, post, rng.sample(images, rng.randint(1, 4)))
    able = [p for p in people if p.role != "owner" and _may(p.role, n % 4)]
    for who in rng.sample(able, min(len(able), rng.choice((0, 0, 1, 2, 4, 8)))):
        await posts.like(uow, now, acc[who.handle], post.id)
    if able and n % 3 == 0:
        for k in range(rng.randint(1, 4)):
            comment = await posts.add_comment(uow, now, acc[rng.choice(able).handle], post.id, f"nice one {n}.{k}")
            if k == 0:
                await posts.add_reply(uow, now, alice, comment.id, f"thank you! {n}")
    return post.id


def _may(role: str, audience: int) -> bool:
    """Who may comment on a post of audience index `audience` (public, friends, @family, private)."""
    return audience == 0 or (audience == 1 and role in ("circle", "friend")) or (audience == 2 and role == "circle")


async def _albums(runtime: Any, rng: random.Random, acc: dict[str, Account], images: list[ProcessedImage],
                  now: Any) -> None:
    alice = acc[OWNER]
    async with runtime.db.uow() as uow:
        for title, token in (("Summer trip", "public"), ("Family dinner", "@family"), ("Friends only", "friends"),
                             ("Drafts", "private"), ("Secret garden", "public")):
            album = await albums.create_album(uow, now, alice, title, token, description=f"{title}, the photos.")
            await album_photos.add_photos(uow, now, alice, album, [rng.choice(images) for _ in range(24)],
                                          caption=f"From {title.lower()}")
            if title == "Secret garden":
                await gate.set_question(uow, now, alice, album, "What is the cat called?", "Dinah")
        await uow.commit()


_LINK = re.compile(r"https?://[^/\s]+(/z/[A-Za-z0-9_]+\?t=[A-Za-z0-9_.\-]+)")


async def _links(runtime: Any, people: list[Person]) -> None:
    """Each person asks the bot for their link to @alice's zone, as a person does (`/zone alice`)."""
    for p in people:
        replies = await runtime.router.handle(Incoming(Sender("console", p.handle, p.handle.title(), p.handle),
                                                       text=f"/zone {OWNER}"))
        urls = [b.url for r in replies for row in r.buttons for b in row if b.url]
        found = _LINK.match(urls[0]) if urls else None
        if found is None:
            raise RuntimeError(f"/zone {OWNER} as {p.handle} gave no link: {replies}")
        p.link = found.group(1)


async def _visible(runtime: Any, acc: dict[str, Account], people: list[Person]) -> None:
    """What each kind of viewer may open, asked of core: the pages the benchmark then requests are 200s."""
    alice = acc[OWNER]
    seen: dict[str, tuple[list[int], list[int]]] = {}
    async with runtime.db.uow() as uow:
        for p in people:
            if p.role not in seen:
                viewer = Viewer(acc[p.handle].id)
                ids: list[int] = []
                before = None
                while page := await posts.zone_posts(uow, viewer, alice, before=before, limit=MAX_PAGE):
                    ids += [v.post.id for v in page]
                    before = page[-1].post.id
                listed = await albums.listed_albums(uow, viewer, alice)
                seen[p.role] = (ids, [a.id for a in listed])
            p.posts, p.albums = seen[p.role]
    for p in people:
        if not p.posts or not p.albums:
            raise RuntimeError(f"{p.handle} ({p.role}) may see no post or no album of @{OWNER}")


__all__ = ["OWNER", "Person", "Zone", "seed", "settings_for"]
