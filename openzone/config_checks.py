"""Checks on loaded settings beyond their types; each failure names the key and what is allowed."""

from __future__ import annotations

import ipaddress
import re
import zoneinfo
from urllib.parse import urlparse

from core.errors import Invalid
from core.moderation.model import parse_filter_entry
from core.ratelimit import BUCKETS, parse_rate
from core.shop.catalog import CatalogError, load_catalog
from core.i18n import shipped_languages
from openzone.settings import QQ, ConfigError, Media, Moderation, Settings, Shop

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$")
_REGION = re.compile(r"^[a-z0-9][a-z0-9\-]{0,62}$")


def check(s: Settings) -> None:
    """Values each of the right type but not allowed: stop start-up naming the key."""
    for key, url in (("site.public_url", s.site.public_url),):
        if url and urlparse(url).scheme not in ("http", "https"):
            raise ConfigError(key, url, "an http:// or https:// URL")
    if not s.database.url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        raise ConfigError("database.url", s.database.url, "sqlite+aiosqlite:///PATH or postgresql+asyncpg://…")
    if not 0 < s.web.port < 65536:
        raise ConfigError("web.port", s.web.port, "a port number 1–65535")
    if s.telegram.mode not in ("polling", "webhook"):
        raise ConfigError("telegram.mode", s.telegram.mode, "polling or webhook")
    if s.telegram.mode == "webhook" and s.telegram.token and len(s.telegram.webhook_secret) < 16:
        raise ConfigError("telegram.webhook_secret", "…", "at least 16 characters (A-Z, a-z, 0-9, _ and -) in webhook mode")
    _check_shards(s.discord.shard_count, s.discord.shard_ids)
    _check_qq(s.qq)
    if s.worker.poll_interval <= 0:
        raise ConfigError("worker.poll_interval", s.worker.poll_interval, "a positive number of seconds")
    _check_moderation(s.moderation)
    _check_media(s.media)
    _check_shop(s.shop)
    _check_observing(s)
    _check_site(s)


def _check_site(s: Settings) -> None:
    try:
        zoneinfo.ZoneInfo(s.site.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError("site.time_zone", s.site.time_zone, "a time zone name like UTC or Asia/Shanghai") from None
    spoken = [lang.code for lang in shipped_languages().all]
    if s.site.language not in spoken:
        raise ConfigError("site.language", s.site.language, " or ".join(spoken))


def _check_shards(count: int, ids: tuple[int, ...]) -> None:
    if count < 0:
        raise ConfigError("discord.shard_count", count, "0 (no sharding) or the number of shards over all processes")
    if ids and count == 0:
        raise ConfigError("discord.shard_ids", list(ids), "[] unless discord.shard_count is set")
    for shard in ids:
        if not 0 <= shard < count:
            raise ConfigError("discord.shard_ids", list(ids), f"shard ids from 0 to {count - 1} (shard_count = {count})")
    if len(set(ids)) != len(ids):
        raise ConfigError("discord.shard_ids", list(ids), "each shard id once")


def _check_media(m: Media) -> None:
    if not 1 <= m.max_mb <= 64:
        raise ConfigError("media.max_mb", m.max_mb, "1–64 (MB)")
    if not 1 <= m.max_megapixels <= 100:
        raise ConfigError("media.max_megapixels", m.max_megapixels, "1–100")
    if not 0 <= m.workers <= 64:
        raise ConfigError("media.workers", m.workers, "0 (one per CPU) to 64")
    if m.store not in ("local", "s3"):
        raise ConfigError("media.store", m.store, 'local or s3')
    if m.store != "s3":
        return
    if m.s3_endpoint and (urlparse(m.s3_endpoint).scheme not in ("http", "https") or not urlparse(m.s3_endpoint).hostname):
        raise ConfigError("media.s3_endpoint", m.s3_endpoint, "an http:// or https:// URL (or empty: AWS S3)")
    if not _BUCKET.match(m.s3_bucket):
        raise ConfigError("media.s3_bucket", m.s3_bucket, 'a bucket name (3–63 of a-z, 0-9, "." and "-") with store = "s3"')
    if not _REGION.match(m.s3_region):
        raise ConfigError("media.s3_region", m.s3_region, "a region name such as us-east-1")
    for key, env in (("s3_access_key", "OPENZONE_S3_ACCESS_KEY"), ("s3_secret_key", "OPENZONE_S3_SECRET_KEY")):
        if not getattr(m, key):
            raise ConfigError(f"media.{key}", "", f'a key with store = "s3" (in the config or {env})')


def _check_qq(qq: QQ) -> None:
    if qq.mode not in ("off", "reverse", "forward"):
        raise ConfigError("qq.mode", qq.mode, "off, reverse or forward")
    if qq.self_id and not qq.self_id.isdigit():
        raise ConfigError("qq.self_id", qq.self_id, "the bot's QQ number (digits), or empty")
    if qq.mode == "forward" and urlparse(qq.ws_url).scheme not in ("ws", "wss"):
        raise ConfigError("qq.ws_url", qq.ws_url, "the OneBot implementation's ws:// or wss:// URL in forward mode")
    if qq.mode == "reverse":
        if not qq.ws_path.startswith("/") or qq.ws_path.startswith(("/z/", "/static/", "/media/")):
            raise ConfigError("qq.ws_path", qq.ws_path, "a path of its own on the web server, such as /onebot/v11/ws")
        # The route is on the public web server: without a token anyone could speak for any QQ user.
        if len(qq.access_token) < 16:
            raise ConfigError("qq.access_token", "…", "at least 16 characters in reverse mode (or OPENZONE_QQ_ACCESS_TOKEN)")


def _check_observing(s: Settings) -> None:
    if s.log.format not in ("text", "json"):
        raise ConfigError("log.format", s.log.format, "text or json")
    if s.metrics.token and len(s.metrics.token) < 16:
        raise ConfigError("metrics.token", "…", "at least 16 characters (or empty: allowed addresses only)")
    if s.metrics.listen:
        listen_address(s.metrics.listen)
    for address in s.metrics.allow:
        try:
            ipaddress.ip_network(address, strict=False)
        except ValueError:
            raise ConfigError("metrics.allow", address, "IP addresses or networks such as 127.0.0.1 or 10.0.0.0/8") from None


def listen_address(value: str) -> tuple[str, int]:
    """`[metrics] listen` as (host, port): HOST:PORT, [IPv6]:PORT."""
    host, sep, port = value.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError("metrics.listen", value, "HOST:PORT such as 127.0.0.1:9464 (or empty: none)")
    return host, int(port)


def _check_moderation(m: Moderation) -> None:
    for key in BUCKETS:
        try:
            parse_rate(getattr(m, key))
        except Invalid:
            raise ConfigError(f"moderation.{key}", getattr(m, key), "COUNT/WINDOW such as 30/30m (units s, m, h, d)") from None
    for word in m.words:
        try:
            parse_filter_entry(word)
        except Invalid:
            raise ConfigError("moderation.words", word, 'words of 1–64 characters, optionally "WORD:hold"') from None
    if not 0 < m.new_account_factor <= 1:
        raise ConfigError("moderation.new_account_factor", m.new_account_factor, "a fraction above 0, at most 1")
    if m.new_account_hours < 0:
        raise ConfigError("moderation.new_account_hours", m.new_account_hours, "0 or more hours")


def _check_shop(shop: Shop) -> None:
    # Its time zone is [site] time_zone's (checked there; the old [shop] timezone when it is read).
    for key in ("checkin_reward", "streak_days", "streak_bonus", "post_reward", "like_reward", "like_daily_cap"):
        value = getattr(shop, key)
        if not 0 <= value <= 1_000_000:
            raise ConfigError(f"shop.{key}", value, "a whole number 0–1000000")
    path = shop.catalog_path
    try:
        load_catalog(path)  # a broken item stops start-up here, named in the message
    except CatalogError as exc:
        raise ConfigError("shop.catalog", str(path), f"a valid catalog — {exc}") from None
