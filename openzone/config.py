"""Settings: TOML into frozen, typed dataclasses; a bad value stops start-up naming the key."""

from __future__ import annotations

import os
import tomllib
from datetime import timedelta
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from core.moderation_model import FilterEntry, parse_filter_entry
from core.ratelimit import RateLimits, parse_rate
from core.shop import SHIPPED
from openzone.config_checks import RATE_KEYS, ConfigError, check

DEFAULT_PATH = Path("config.toml")


@dataclass(frozen=True)
class Site:
    public_url: str = "http://127.0.0.1:8080"
    """Base URL people's browsers reach the web view at; links in chat start with it."""
    name: str = "OpenZone"
    """Shown in page titles and the welcome message."""


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


@dataclass(frozen=True)
class Admins:
    telegram: tuple[str, ...] = ()
    """Telegram user ids of admins."""
    discord: tuple[str, ...] = ()
    """Discord user ids of admins."""
    console: tuple[str, ...] = ()
    """Console handles (`openzone chat --as NAME`) of admins."""


@dataclass(frozen=True)
class Worker:
    poll_interval: float = 1.0
    """Seconds between outbox scans when nothing wakes the dispatcher."""


@dataclass(frozen=True)
class Shop:
    catalog: str = ""
    """The shop's catalog TOML; empty: the one shipped in themes/catalog.toml."""
    timezone: str = "UTC"
    """Default time zone for /checkin days (people change theirs with /timezone)."""
    checkin_reward: int = 10
    """Coins for a daily /checkin."""
    streak_days: int = 7
    """Every this-many-th day in a row pays the streak bonus on top."""
    streak_bonus: int = 50
    """Extra coins on each streak_days-th check-in in a row."""
    post_reward: int = 5
    """Coins for the first post of a person's day (0: off)."""
    like_reward: int = 1
    """Coins for each like a post receives (0: off)."""
    like_daily_cap: int = 20
    """At most this many like rewards per person per day (anti-farming)."""

    @property
    def catalog_path(self) -> Path:
        """The catalog file in use."""
        return Path(self.catalog) if self.catalog else SHIPPED


@dataclass(frozen=True)
class Media:
    dir: str = ""
    """Where photo files are kept (content-addressed); empty: data_dir/media."""
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
    posts: str = "30/30m"
    """Posts, blog posts and reshares per account: COUNT/WINDOW (units s, m, h, d)."""
    comments: str = "60/10m"
    """Comments and replies per account."""
    uploads: str = "30/30m"
    """Messages with photos or files per account."""
    reports: str = "10/1h"
    """Reports per account."""
    messages: str = "120/1m"
    """Any message or button press per account (flood protection)."""
    new_account_hours: float = 24.0
    """How long an account counts as new."""
    new_account_factor: float = 0.25
    """New accounts get this fraction of every limit (at least 1)."""

    def rate_limits(self) -> RateLimits:
        buckets = {k: parse_rate(getattr(self, k)) for k in RATE_KEYS}
        return RateLimits(buckets, timedelta(hours=self.new_account_hours), self.new_account_factor)

    def filter_entries(self) -> list[FilterEntry]:
        return [parse_filter_entry(w) for w in self.words]


@dataclass(frozen=True)
class Settings:
    site: Site = Site()
    database: DatabaseSettings = DatabaseSettings()
    web: Web = Web()
    telegram: Telegram = Telegram()
    discord: Discord = Discord()
    admins: Admins = Admins()
    worker: Worker = Worker()
    moderation: Moderation = Moderation()
    media: Media = Media()
    shop: Shop = Shop()
    data_dir: Path = Path("data")

    @property
    def media_dir(self) -> Path:
        return Path(self.media.dir) if self.media.dir else self.data_dir / "media"

    def admin_map(self) -> dict[str, frozenset[str]]:
        return {k: frozenset(str(x) for x in getattr(self.admins, k)) for k in ("telegram", "discord", "console")}


ENV = {
    ("telegram", "token"): "OPENZONE_TELEGRAM_TOKEN",
    ("telegram", "webhook_secret"): "OPENZONE_TELEGRAM_WEBHOOK_SECRET",
    ("discord", "token"): "OPENZONE_DISCORD_TOKEN",
    ("web", "signing_key"): "OPENZONE_SIGNING_KEY",
    ("database", "url"): "OPENZONE_DATABASE_URL",
}
SECTIONS = {"site": Site, "database": DatabaseSettings, "web": Web, "telegram": Telegram,
            "discord": Discord, "admins": Admins, "worker": Worker, "moderation": Moderation, "media": Media, "shop": Shop}


def _same_kind(default: Any, value: Any) -> bool:
    """The TOML value has the default's type (an int may stand for a float; a bool is not a number)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    return isinstance(value, type(default)) or (isinstance(default, float) and isinstance(value, int))


def _section(name: str, cls: type, raw: dict[str, Any]) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(name, raw, "a [table]")
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"{name}.{key}", value, "one of " + ", ".join(known))
        default = known[key].default
        if isinstance(default, tuple):
            if not isinstance(value, list):
                raise ConfigError(f"{name}.{key}", value, "a list")
            value = tuple(str(v) for v in value)
        elif not _same_kind(default, value):
            raise ConfigError(f"{name}.{key}", value, f"a {type(default).__name__}")
        values[key] = value
    for (section, key), env in ENV.items():
        if section == name and os.environ.get(env):
            values[key] = os.environ[env]
    return cls(**values)


def load(path: Path | None = None) -> Settings:
    """--config, else $OPENZONE_CONFIG, else ./config.toml, else defaults (= config.example.toml)."""
    chosen = path or (Path(os.environ["OPENZONE_CONFIG"]) if os.environ.get("OPENZONE_CONFIG") else None)
    raw: dict[str, Any] = {}
    if chosen is not None and not chosen.exists():
        raise ConfigError("--config", str(chosen), "an existing TOML file")
    source = chosen or (DEFAULT_PATH if DEFAULT_PATH.exists() else None)
    if source is not None:
        try:
            raw = tomllib.loads(source.read_text())
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(str(source), "…", f"valid TOML ({exc})") from None
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "data_dir":
            values["data_dir"] = Path(str(value))
        elif key in SECTIONS:
            pass
        else:
            raise ConfigError(key, value, "one of [" + "], [".join(SECTIONS) + "] or data_dir")
    for name, cls in SECTIONS.items():
        values[name] = _section(name, cls, raw.get(name, {}))
    settings = Settings(**values)
    check(settings)
    return settings

