"""The signing key of links and cookies: configured, kept in the database, or in a data_dir file.

`[web] signing_key` wins. Otherwise, on PostgreSQL (the database several hosts share) the key is
generated once and kept in the database, so every host signs and accepts the same cookies; on
SQLite (one host) it stays in data_dir/signing.key. `openzone keys rotate` replaces it.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path

from openzone.settings import ConfigError, Settings
from storage import Database, replace_key, shared_key
from storage.state.keys import SIGNING_KEY

MIN_KEY = 32


def _shared(settings: Settings) -> bool:
    return settings.database.url.startswith("postgresql")


def _new() -> str:
    return secrets.token_urlsafe(48)


def _make_dir(path: Path, key: str) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(key, str(path), f"a directory OpenZone can create and write ({exc.strerror})") from None


def _write_file(path: Path, value: str) -> None:
    path.touch(mode=0o600)
    path.write_text(value)


async def signing_key(settings: Settings, db: Database, now: datetime) -> bytes:
    """The configured key, else the database's (PostgreSQL), else data_dir/signing.key (0600)."""
    if settings.web.signing_key:
        key = settings.web.signing_key.encode()
        if len(key) < MIN_KEY:
            raise ConfigError("web.signing_key", "…", f"at least {MIN_KEY} characters")
        return key
    if _shared(settings):
        return (await shared_key(db, SIGNING_KEY, _new(), now)).encode()
    path = settings.data_dir / "signing.key"
    if not path.exists():
        _make_dir(settings.data_dir, "data_dir")
        _write_file(path, _new())
    return path.read_text().strip().encode()


async def rotate(settings: Settings, db: Database, now: datetime) -> str:
    """A new generated key where the current one is kept; says where, or why nothing changed."""
    if settings.web.signing_key:
        return ("The signing key is set in the configuration ([web] signing_key or OPENZONE_SIGNING_KEY): "
                "change it there and restart every process.")
    if _shared(settings):
        await replace_key(db, SIGNING_KEY, _new(), now)
        where = "in the database"
    else:
        _make_dir(settings.data_dir, "data_dir")
        _write_file(settings.data_dir / "signing.key", _new())
        where = f"in {settings.data_dir / 'signing.key'}"
    return (f"New signing key stored {where}. Restart every OpenZone process: until then they sign with "
            "the old key. Every zone link, cookie and feed link handed out so far stops working.")


__all__ = ["rotate", "signing_key"]
