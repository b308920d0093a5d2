"""Settings as frozen, typed dataclasses, one docstring per field; plain data (loading is config.py)."""

from __future__ import annotations

from datetime import timedelta
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from core.moderation.model import FilterEntry, parse_filter_entry
from core.ratelimit import (
    BUCKETS, DEFAULT_NEW_ACCOUNT_FACTOR, DEFAULT_NEW_ACCOUNT_HOURS, DEFAULT_RATES, RateLimits, parse_rate,
)
from core.shop.catalog import SHIPPED
from core.shop.rewards import ShopRules


class ConfigError(Exception):
    """A setting that can't be used: names the key, the value and what is allowed."""

    def __init__(self, key: str, value: Any, allowed: str) -> None:
        super().__init__(f"config: {key} = {value!r} is not allowed; expected {allowed}")
        self.key = key


@dataclass(frozen=True)
class Site:
    public_url: str = ""
    """Base URL people's browsers reach the web view at; links in chat start with it.

    Empty: the web view's own address, http://[web] host:port (see Settings.public_url)."""
    name: str = "OpenZone"
    """Shown in page titles and the welcome message."""
    language: str = "en"
    """What people read before they choose (`/lang`) and their messenger says nothing: en or zh_Hans."""
    time_zone: str = "UTC"
    """For people who haven't set /timezone: the times they read and their /checkin's calendar day
    (and for web visitors who aren't signed in). `[shop] timezone` is its old name, still read."""


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = "sqlite+aiosqlite:///./data/openzone.db"
    """SQLAlchemy async URL: sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db."""


@dataclass(frozen=True)
class Web:
    host: str = "127.0.0.1"
    """Interface the web server binds."""
    port: int = 8080
    """Port the web server binds (Telegram webhooks share it)."""
    signing_key: str = field(default="", repr=False)
    """Secret for signed zone links and cookies (or OPENZONE_SIGNING_KEY); generated under data/ if empty."""


@dataclass(frozen=True)
class Telegram:
    token: str = field(default="", repr=False)
    """Bot token from @BotFather (or OPENZONE_TELEGRAM_TOKEN). Empty: Telegram is off."""
    mode: str = "polling"
    """polling or webhook."""
    webhook_secret: str = field(default="", repr=False)
    """Secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token (or OPENZONE_TELEGRAM_WEBHOOK_SECRET)."""
    api_base_url: str = "https://api.telegram.org/bot"
    """Bot API base (a self-hosted Bot API server, or a local fake in tests)."""
    file_base_url: str = "https://api.telegram.org/file/bot"
    """Bot API file download base."""


@dataclass(frozen=True)
class Discord:
    token: str = field(default="", repr=False)
    """Bot token (or OPENZONE_DISCORD_TOKEN). Empty: Discord is off."""
    application_id: str = ""
    """The application's id (Developer Portal → General Information)."""
    dev_guild_id: str = ""
    """If set, slash commands also sync to this guild at once (development)."""
    api_base_url: str = ""
    """Discord-compatible REST base, e.g. http://127.0.0.1:9000/api/v10 (tests); empty: Discord's."""
    gateway_url: str = ""
    """Discord-compatible gateway URL; empty: ask the REST API."""
    shard_count: int = 0
    """Shards the bot's guilds are split into, over all processes; 0: one unsharded connection."""
    shard_ids: tuple[int, ...] = ()
    """The shards this process runs (each 0 … shard_count − 1); empty: all of them."""


@dataclass(frozen=True)
class QQ:
    mode: str = "off"
    """off, reverse (the OneBot v11 implementation connects to our web server at ws_path) or forward
    (we connect to the implementation's WebSocket server at ws_url)."""
    ws_path: str = "/onebot/v11/ws"
    """Reverse mode: the path on the web server the implementation connects to."""
    ws_url: str = ""
    """Forward mode: the implementation's WebSocket server, e.g. ws://127.0.0.1:3001."""
    access_token: str = field(default="", repr=False)
    """The implementation's access token (or OPENZONE_QQ_ACCESS_TOKEN); required in reverse mode."""
    self_id: str = ""
    """The bot's QQ number; if set, a connection logged in as another account is refused."""


@dataclass(frozen=True)
class Admins:
    telegram: tuple[str, ...] = ()
    """Telegram user ids of admins."""
    discord: tuple[str, ...] = ()
    """Discord user ids of admins."""
    qq: tuple[str, ...] = ()
    """QQ numbers of admins."""
    console: tuple[str, ...] = ()
    """Console names (`openzone chat --as NAME`) of admins, in any case."""


@dataclass(frozen=True)
class Worker:
    poll_interval: float = 30.0
    """Seconds between outbox scans when nothing woke the worker: the safety net.

    It wakes at each commit of this process, at other processes' (PostgreSQL: LISTEN/NOTIFY;
    SQLite: its data_version, checked each second) and when a retry falls due."""


@dataclass(frozen=True)
class Shop(ShopRules):
    """`[shop]`: the catalog file, and the earning rules exactly as core reads them (core.shop.rewards.ShopRules).

    Its `timezone` is not read from here: the check-in day's default zone is `[site] time_zone`
    (`Settings.shop_rules`); `[shop] timezone` in a config file is that key's deprecated old name.
    """

    catalog: str = ""
    """The shop's catalog TOML; empty: the one shipped in themes/catalog.toml."""

    @property
    def catalog_path(self) -> Path:
        """The catalog file in use."""
        return Path(self.catalog) if self.catalog else SHIPPED


@dataclass(frozen=True)
class Media:
    store: str = "local"
    """local (files under `dir`) or s3 (an S3-compatible bucket every host shares; the s3_* keys)."""
    dir: str = ""
    """Where photo files are kept with store = "local" (content-addressed); empty: data_dir/media."""
    s3_endpoint: str = ""
    """The S3-compatible server's URL, e.g. http://minio:9000; empty: AWS S3 itself."""
    s3_bucket: str = ""
    """The bucket (created beforehand, kept private: photos are served through the web process)."""
    s3_region: str = "us-east-1"
    """The bucket's region (the one requests are signed for)."""
    s3_access_key: str = field(default="", repr=False)
    """Access key id (OPENZONE_S3_ACCESS_KEY, if set, wins)."""
    s3_secret_key: str = field(default="", repr=False)
    """Secret access key (OPENZONE_S3_SECRET_KEY, if set, wins)."""
    max_mb: int = 16
    """Largest upload accepted, in MB."""
    max_megapixels: int = 33
    """Largest image accepted, in megapixels (checked from the header, before decoding)."""
    keep_originals: bool = False
    """Also keep each uploaded file as sent (never served: it may carry GPS metadata)."""
    workers: int = 0
    """Threads decoding and encoding photos; 0: one per CPU."""


@dataclass(frozen=True)
class Moderation:
    words: tuple[str, ...] = ()
    """Filtered words: "WORD" refuses a message that contains it; "WORD:hold" holds the post for review."""
    posts: str = DEFAULT_RATES["posts"]
    """Posts, blog posts and reshares per account: COUNT/WINDOW (units s, m, h, d)."""
    comments: str = DEFAULT_RATES["comments"]
    """Comments and replies per account."""
    guestbook: str = DEFAULT_RATES["guestbook"]
    """Guestbook entries and the owner's replies to them, per account."""
    uploads: str = DEFAULT_RATES["uploads"]
    """Messages with photos or files per account."""
    reports: str = DEFAULT_RATES["reports"]
    """Reports per account."""
    messages: str = DEFAULT_RATES["messages"]
    """Any message or button press per account, reading included (flood protection; Mastodon allows 300/5m)."""
    new_account_hours: float = DEFAULT_NEW_ACCOUNT_HOURS
    """How long an account counts as new."""
    new_account_factor: float = DEFAULT_NEW_ACCOUNT_FACTOR
    """New accounts get this fraction of the posts, comments, guestbook, uploads and reports limits (at least 1)."""

    def rate_limits(self) -> RateLimits:
        buckets = {k: parse_rate(getattr(self, k)) for k in BUCKETS}
        return RateLimits(buckets, timedelta(hours=self.new_account_hours), self.new_account_factor)

    def filter_entries(self) -> list[FilterEntry]:
        return [parse_filter_entry(w) for w in self.words]


@dataclass(frozen=True)
class MetricsSettings:
    enabled: bool = True
    """Serve Prometheus metrics at /metrics on the web port (and on `listen`, if set)."""
    listen: str = ""
    """HOST:PORT of a server of its own for /metrics, /healthz and /readyz (or OPENZONE_METRICS_LISTEN),
    in every role: what a worker or bot process without the web part is scraped at. Empty: none."""
    token: str = field(default="", repr=False)
    """If set (or OPENZONE_METRICS_TOKEN), a scrape sending `Authorization: Bearer TOKEN` is let in from anywhere."""
    allow: tuple[str, ...] = ("127.0.0.1", "::1")
    """Addresses or networks (CIDR) that may scrape without the token; [] : the token only."""


@dataclass(frozen=True)
class Log:
    format: str = "text"
    """text (one readable line each) or json (one JSON object per line); both carry the request id."""
    access: bool = False
    """One line per web request (method, path, status, time) on the openzone.access logger."""


@dataclass(frozen=True)
class Settings:
    site: Site = Site()
    database: DatabaseSettings = DatabaseSettings()
    web: Web = Web()
    telegram: Telegram = Telegram()
    discord: Discord = Discord()
    qq: QQ = QQ()
    admins: Admins = Admins()
    worker: Worker = Worker()
    moderation: Moderation = Moderation()
    media: Media = Media()
    shop: Shop = Shop()
    metrics: MetricsSettings = MetricsSettings()
    log: Log = Log()
    data_dir: Path = Path("data")
    deprecated: tuple[str, ...] = ()
    """What the config file said in an old way that still works, told once at start (as a warning)."""

    @property
    def shop_rules(self) -> ShopRules:
        """`[shop]`'s earning rules as core reads them, the check-in day's default zone `[site] time_zone`."""
        return replace(self.shop, timezone=self.site.time_zone)

    @property
    def public_url(self) -> str:
        """`site.public_url`, else where `[web]` listens: changing the port moves the links too."""
        if self.site.public_url:
            return self.site.public_url
        host = self.web.host if self.web.host not in ("", "0.0.0.0", "::") else "127.0.0.1"
        return f"http://[{host}]:{self.web.port}" if ":" in host else f"http://{host}:{self.web.port}"

    @property
    def media_dir(self) -> Path:
        return Path(self.media.dir) if self.media.dir else self.data_dir / "media"

    def admin_map(self) -> dict[str, frozenset[str]]:
        found = {k: frozenset(str(x) for x in getattr(self.admins, k)) for k in ("telegram", "discord", "qq", "console")}
        # `--as Alice` is the console identity 'alice' (adapters.console.console_identity), or
        # 'Alice' where migration 0016 kept an old identity's capitals: either is the admin named.
        found["console"] = found["console"] | {name.lower() for name in found["console"]}
        return found
