"""What a command function receives: who, what, the transaction, and the shared services."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, Protocol

from chat.messages import Incoming
from core import i18n
from core.accounts import service as accounts
from core.albums.ports import MediaPipeline
from core.model import Account
from core.moderation.actions import Staff
from core.posts.ports import BodyRenderer
from core.ports import Clock, Subscriber, UnitOfWork, UnitOfWorkFactory
from core.i18n import ENGLISH, Language, Languages, shipped_languages
from core.privacy import Viewer
from core.ratelimit import RateLimits
from core.shop.catalog import Catalog, shipped_catalog
from core.shop.looks import PreviewRenderer
from core.shop.rewards import ShopRules
from core.social import friends
from core.tokens import Signer
from handlers.bookkeeping import Bookkeeping
from handlers.registry import Command, Registry

FLOW_TTL = timedelta(minutes=15)
MAX_HINTS = 256


class ZoneLinks(Protocol):
    """The paths of a zone's web pages. The composition root hands the web adapter's own builder
    (adapters.web.urls.PATHS), so the links the bot gives out are the routes the web serves."""

    def zone(self, handle: str) -> str: ...
    def albums(self, handle: str, album_id: int | None = None) -> str: ...
    def photo_page(self, handle: str, photo_id: int) -> str: ...
    def feed(self, handle: str) -> str: ...


@dataclass
class Services:
    """Services shared by every command: wired by the composition root."""

    registry: Registry
    uow_factory: UnitOfWorkFactory
    clock: Clock
    links: ZoneLinks
    public_url: str = "http://127.0.0.1:8080"
    signer: Signer | None = None
    on_commit: Callable[[], None] = lambda: None
    """Wakes this process's outbox worker: called after a commit that added an event (`uow.outbox.added`)."""
    on_limited: Callable[[str], None] = lambda messenger: None
    """Told the messenger of each message a limit refused (the composition root counts them)."""
    admins: dict[str, frozenset[str]] = field(default_factory=dict)
    messengers: tuple[str, ...] = ()
    media: MediaPipeline | None = None
    """Photo processing and storage (albums); None: uploads are refused with a clear reply."""
    limits: RateLimits | None = None
    """Rate limits per account and kind of action; None (tests, benchmarks): no limits."""
    catalog: Catalog = field(default_factory=shipped_catalog)
    """The shop's items (validated at start-up)."""
    shop_rules: ShopRules = field(default_factory=ShopRules)
    previews: PreviewRenderer | None = None
    """Draws theme preview cards for /shop; None: cards go without a picture."""
    render_body: BodyRenderer | None = None
    """A post's Markdown → the HTML readers are shown, stored with each post version as it is written (the
    web's renderer); None: posts are stored without it and rendered when shown."""
    subscribers: list[Subscriber] = field(default_factory=list)
    """Run on each event a command raised (`UnitOfWork.events`), in its transaction, before commit."""
    languages: Languages = field(default_factory=shipped_languages)
    """The languages people may read (catalogs in locale/)."""
    time_zone: str = "UTC"
    """The site's time zone (`[site] time_zone`): times for people who haven't set /timezone."""
    bookkeeping: Bookkeeping = field(init=False)
    """Adapters' notes made after a reply went out (which post a card shows): they ride on the next transaction."""
    _hints: dict[str, Language | None] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.bookkeeping = Bookkeeping(self.uow_factory)

    def hinted(self, locale: str | None) -> Language | None:
        """The language a messenger's locale (`en-US`, `zh-hans`) names, if we speak it (`Languages.match`).

        Remembered per locale string: every message asks (the router, and the adapter for its own
        notes), and the answer changes only with the catalogs, read at start-up."""
        if not locale:
            return None
        try:
            return self._hints[locale]
        except KeyError:
            found = self.languages.match(locale)
            if len(self._hints) < MAX_HINTS:  # messengers say a few dozen; a client may say anything
                self._hints[locale] = found
            return found

    def _signed(self, path: str, viewer: Account | None, owner: Account, now: datetime) -> str:
        base = f"{self.public_url.rstrip('/')}{path}"
        if self.signer is None or viewer is None:
            return base
        return f"{base}?t={self.signer.link(viewer.id, owner.id, viewer.link_epoch, now)}"

    def zone_url(self, viewer: Account | None, owner: Account, now: datetime) -> str:
        """The web link to `owner`'s zone; signed for `viewer` so the page shows what they may see."""
        return self._signed(self.links.zone(owner.handle), viewer, owner, now)

    def album_url(self, viewer: Account | None, owner: Account, album_id: int | None, now: datetime) -> str:
        """The web link to `owner`'s albums (or one album), signed for `viewer` like zone_url."""
        return self._signed(self.links.albums(owner.handle, album_id), viewer, owner, now)

    def photo_url(self, viewer: Account | None, owner: Account, photo_id: int, now: datetime) -> str:
        """The web link to one of `owner`'s album photos (its likes and comments), signed for `viewer` like zone_url."""
        return self._signed(self.links.photo_page(owner.handle, photo_id), viewer, owner, now)

    def feed_url(self, viewer: Account, owner: Account, now: datetime) -> str:
        """A private Atom feed of what `viewer` may see of `owner` (revocable with /zone revoke)."""
        base = self.public_url.rstrip("/") + self.links.feed(owner.handle)
        if self.signer is None:
            return base
        return f"{base}?t={self.signer.feed(viewer.id, owner.id, viewer.link_epoch, now)}"


@dataclass
class Context:
    incoming: Incoming
    account: Account
    uow: UnitOfWork
    now: datetime
    services: Services
    args: dict[str, Any] = field(default_factory=dict)
    command: Command | None = None
    account_is_new: bool = False
    flow: dict[str, Any] | None = None
    """A multi-step flow in progress for the sender (loaded with the account)."""
    deferred: list[Callable[[], Awaitable[Any]]] = field(default_factory=list)
    """Bookkeeping writes to run at the end of the transaction (see `defer`)."""
    staff: Staff | None = None
    """The sender as staff, checked by the router for a command whose role is not `user`."""
    bucket: str | None = None
    """The rate-limit bucket the message counts against besides messages: the router sets it from
    the command or flow it reaches (parsed once), before the guards run. A command that only asks
    for what comes next (`/report 7` without a reason) clears it: the answer counts, as its flow's."""
    language: Language = ENGLISH
    """What the sender reads (the router sets it, and words everything in it: see core.i18n)."""
    time_zone: tzinfo = timezone.utc
    """Where the sender's clock is (their /timezone, else the site's)."""

    def when(self, at: datetime) -> str:
        """A date and time as the sender reads it: their language, their time zone."""
        return i18n.when(at, self.time_zone)

    @property
    def in_group(self) -> bool:
        """The message came from a group chat: replies not marked personal are read by everyone there."""
        return self.incoming.in_group

    def defer(self, write: Callable[[], Awaitable[Any]]) -> None:
        """Run `write` just before commit, in the same transaction (keeps SQLite's write lock short)."""
        self.deferred.append(write)

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.account.id)

    async def target(self, handle: str) -> Account:
        """The person a command names; a banned person is, to everyone but staff, an unknown handle."""
        return await friends.zone_owner(self.uow, self.viewer, await accounts.by_handle(self.uow, handle))

    async def staff_target(self, handle: str) -> Account:
        """The account with this handle, banned or not: for moderators' /mod commands."""
        return await accounts.by_handle(self.uow, handle)

    async def start_flow(self, kind: str, **data: Any) -> None:
        """Remember that the sender's next plain message belongs to a multi-step command."""
        s = self.incoming.sender
        self.flow = {"kind": kind, **data}
        await self.uow.accounts.set_flow(s.platform, s.external_id, self.flow, self.now + FLOW_TTL)

    async def take_flow(self) -> dict[str, Any] | None:
        """The flow in progress, if any, now consumed."""
        flow, self.flow = self.flow, None
        if flow is not None:
            s = self.incoming.sender
            await self.uow.accounts.set_flow(s.platform, s.external_id, None, None)
        return flow

    def zone_url(self, owner: Account) -> str:
        return self.services.zone_url(self.account, owner, self.now)
