"""Builders for tests: people who talk to the real handler stack over a real database."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from chat import Incoming, Reply, Sender
from core.albums.ports import MediaPipeline
from core.clock import FixedClock
from core.outbox import Dispatcher
from core.ports import Delivery
from handlers import Router, Services
from openzone.bootstrap import bootstrap
from openzone.runtime import Runtime
from openzone.settings import Admins, DatabaseSettings, Settings, Site
from storage import Database

PUBLIC_URL = "http://zone.test"


def settings_for(db: Database, data_dir: Path | None = None, **sections: object) -> Settings:
    """The built-in configuration, with this test's database and data directory.

    Only where the site lives and who the console's admin is are set, as an operator would;
    every limit and rule is the default. `sections` replace whole sections (a test of a setting).
    """
    if data_dir is None:
        data_dir = Path(tempfile.mkdtemp(prefix="oz-data-"))
        atexit.register(shutil.rmtree, data_dir, True)
    base = Settings(database=DatabaseSettings(url=db.url), data_dir=data_dir, site=Site(public_url=PUBLIC_URL),
                    admins=Admins(console=("admin",)))
    return replace(base, **sections)  # type: ignore[arg-type]


def make_incoming(text: str = "", *, user: str = "alice", platform: str = "console", **kw: object) -> Incoming:
    """An Incoming as a front end would build it, from `user` on `platform`."""
    return Incoming(Sender(platform, user, user.capitalize(), user), text=text, **kw)  # type: ignore[arg-type]


def text(replies: list[Reply]) -> str:
    return "\n".join(r.plain_text for r in replies)


@dataclass
class World:
    """The platform as `openzone run` builds it (openzone.bootstrap), with a clock tests can move."""

    runtime: Runtime
    clock: FixedClock
    inbox: dict[tuple[str, str], list[Reply]] = field(default_factory=dict)

    @classmethod
    async def start(cls, db: Database, settings: Settings | None = None, **kw: object) -> World:
        """Bootstrap on `db` (already migrated) with the test settings, or `settings`."""
        clock = FixedClock()
        runtime = await bootstrap(settings or settings_for(db), db=db, clock=clock, migrate=False, **kw)  # type: ignore[arg-type]
        return cls(runtime, clock)

    @property
    def db(self) -> Database:
        return self.runtime.db

    @property
    def services(self) -> Services:
        return self.runtime.services

    @property
    def router(self) -> Router:
        return self.runtime.router

    @property
    def dispatcher(self) -> Dispatcher:
        return self.runtime.dispatcher

    @property
    def media(self) -> MediaPipeline | None:
        return self.runtime.services.media

    async def close(self) -> None:
        await self.runtime.close()

    @asynccontextmanager
    async def another_process(self) -> AsyncIterator[World]:
        """The platform built again on the same database: nothing of this one's memory carries over."""
        again = await World.start(Database(self.db.engine.url.render_as_string(hide_password=False)))
        try:
            yield again
        finally:
            await again.close()

    async def say(self, user: str, message: str = "", platform: str = "console", **kw: object) -> list[Reply]:
        self.clock.advance(seconds=1)
        return await self.router.handle(make_incoming(message, user=user, platform=platform, **kw))

    async def says(self, user: str, message: str, **kw: object) -> str:
        return text(await self.say(user, message, **kw))

    async def press(self, user: str, action: str, platform: str = "console") -> str:
        return text(await self.router.handle(make_incoming(user=user, platform=platform, action=action)))

    async def deliver(self, platform: str = "console") -> dict[tuple[str, str], list[Reply]]:
        """Run the dispatcher and deliver everything owed; returns what each identity got now."""
        while await self.dispatcher.run_once():
            pass
        got: dict[tuple[str, str], list[Reply]] = {}

        async def send(d: Delivery) -> None:
            r = Reply.from_dict(d.payload)
            got.setdefault((d.platform, d.external_id), []).append(r)
            self.inbox.setdefault((d.platform, d.external_id), []).append(r)

        await self.dispatcher.deliver(platform, send)
        return got

    async def notices(self, user: str, platform: str = "console") -> str:
        got = await self.deliver(platform)
        return text(got.get((platform, user), []))

    async def befriend(self, a: str, b: str) -> None:
        await self.say(b, "/start")
        assert "request sent" in await self.says(a, f"/friend {b}")
        assert "now friends" in await self.says(b, f"/accept {a}")

    async def post_id(self, user: str, message: str) -> int:
        replies = await self.say(user, message)
        ids = [r.post_id for r in replies if r.post_id]
        assert ids, text(replies)
        return ids[0]
