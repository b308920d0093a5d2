"""Loading settings: TOML (and environment secrets) into `openzone.settings`; a bad value stops start-up naming the key."""

from __future__ import annotations

import os
import tomllib
import zoneinfo
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from openzone.config_checks import check
from openzone.settings import (
    Admins, ConfigError, DatabaseSettings, Discord, Log, Media, MetricsSettings, Moderation, QQ, Settings, Shop,
    Site, Telegram, Web, Worker,
)

DEFAULT_PATH = Path("config.toml")


ENV = {
    ("telegram", "token"): "OPENZONE_TELEGRAM_TOKEN",
    ("telegram", "webhook_secret"): "OPENZONE_TELEGRAM_WEBHOOK_SECRET",
    ("discord", "token"): "OPENZONE_DISCORD_TOKEN",
    ("qq", "access_token"): "OPENZONE_QQ_ACCESS_TOKEN",
    ("web", "signing_key"): "OPENZONE_SIGNING_KEY",
    ("database", "url"): "OPENZONE_DATABASE_URL",
    ("metrics", "token"): "OPENZONE_METRICS_TOKEN",
    ("media", "s3_access_key"): "OPENZONE_S3_ACCESS_KEY",
    ("media", "s3_secret_key"): "OPENZONE_S3_SECRET_KEY",
    ("metrics", "listen"): "OPENZONE_METRICS_LISTEN",  # one per process when several share a host
}
SECTIONS = {"site": Site, "database": DatabaseSettings, "web": Web, "telegram": Telegram,
            "discord": Discord, "qq": QQ, "admins": Admins, "worker": Worker, "moderation": Moderation, "media": Media, "shop": Shop,
            "metrics": MetricsSettings, "log": Log}


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
        if isinstance(default, tuple) and known[key].type == "tuple[int, ...]":
            if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
                raise ConfigError(f"{name}.{key}", value, "a list of whole numbers")
            value = tuple(value)
        elif isinstance(default, tuple):
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


def _old_time_zone(raw: dict[str, Any], values: dict[str, Any]) -> tuple[str, ...]:
    """`[shop] timezone`, the old name of `[site] time_zone` (one zone for the times shown and the
    check-in day): still read, into `[site]`, with a warning to say where it goes now."""
    shop, site = raw.get("shop", {}), raw.get("site", {})
    if "timezone" not in shop:
        return ()
    old = shop["timezone"]
    try:
        zoneinfo.ZoneInfo(old)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError("shop.timezone", old, "a time zone name like UTC or Europe/Berlin") from None
    if "time_zone" in site and site["time_zone"] != old:
        raise ConfigError("shop.timezone", old, f"no value: it is the old name of site.time_zone, which says "
                          f"{site['time_zone']!r} — keep only [site] time_zone")
    values["site"] = replace(values["site"], time_zone=old)
    return (f"config: [shop] timezone is deprecated — it is [site] time_zone now (the times people read and "
            f"their check-in day alike); write time_zone = {old!r} under [site] instead.",)


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
    values["deprecated"] = _old_time_zone(raw, values)
    settings = Settings(**values)
    check(settings)
    return settings


__all__ = [
    "Admins", "ConfigError", "DatabaseSettings", "Discord", "Media", "Moderation", "QQ", "Settings", "Shop", "Site",
    "Telegram", "Web", "Worker", "load",
]
