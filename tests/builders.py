"""Builders for tests: people who talk to the real handler stack over a real database."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from core.clock import FixedClock
from core.notify import Dispatcher, deliver_pending
from core.ports import Delivery
from core.wallet import like_subscriber
from handlers import App, Chat, Incoming, Reply, Sender, build_chat, build_registry, render_notice
from storage import Database
from storage.media import MediaService
from storage.previews import ThemePreviews


def make_incoming(text: str = "", *, user: str = "alice", platform: str = "console", **kw: object) -> Incoming:
    """An Incoming as a front end would build it, from `user` on `platform`."""
    return Incoming(Sender(platform, user, user.capitalize(), user), text=text, **kw)  # type: ignore[arg-type]


def text(replies: list[Reply]) -> str:
    return "\n".join(r.plain_text for r in replies)


@dataclass
class World:
    """The handler layer on a real database, with a clock tests can move."""

    db: Database
    clock: FixedClock = field(default_factory=FixedClock)
    inbox: dict[tuple[str, str], list[Reply]] = field(default_factory=dict)
    media_dir: Path | None = None

    def __post_init__(self) -> None:
        if self.media_dir is None:
            self.media_dir = Path(tempfile.mkdtemp(prefix="oz-media-"))
            atexit.register(shutil.rmtree, self.media_dir, True)
        self.media = MediaService(self.media_dir, workers=2)
        self.app = App(registry=build_registry(), uow_factory=self.db.uow, clock=self.clock,
                       public_url="http://zone.test", admins={"console": frozenset({"admin"})},
                       previews=ThemePreviews(), media=self.media)
        self.chat: Chat = build_chat(self.app)
        self.dispatcher = Dispatcher(self.db.uow, self.clock, render_notice)
        self.dispatcher.subscribers.append(like_subscriber(self.app.shop_rules))

    async def say(self, user: str, message: str = "", platform: str = "console", **kw: object) -> list[Reply]:
        self.clock.advance(seconds=1)
        return await self.chat.handle(make_incoming(message, user=user, platform=platform, **kw))

    async def says(self, user: str, message: str, **kw: object) -> str:
        return text(await self.say(user, message, **kw))

    async def press(self, user: str, action: str, platform: str = "console") -> str:
        return text(await self.chat.handle(make_incoming(user=user, platform=platform, action=action)))

    async def deliver(self, platform: str = "console") -> dict[tuple[str, str], list[Reply]]:
        """Run the dispatcher and deliver everything owed; returns what each identity got now."""
        while await self.dispatcher.run_once():
            pass
        got: dict[tuple[str, str], list[Reply]] = {}

        async def send(d: Delivery) -> None:
            r = Reply.from_dict(d.payload)
            got.setdefault((d.platform, d.external_id), []).append(r)
            self.inbox.setdefault((d.platform, d.external_id), []).append(r)

        await deliver_pending(self.db.uow, self.clock, platform, send)
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
