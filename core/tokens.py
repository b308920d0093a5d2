"""Signed, expiring viewer tokens for web links, sessions and private feeds (HMAC-SHA256).

A token says "account V may look at zone O until T" and carries V's link epoch: `/zone revoke`
bumps the epoch, so every link, cookie and feed token V was given stops working at once.
Nothing is stored server-side; tampering breaks the signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

LINK_TTL = timedelta(days=7)
SESSION_TTL = timedelta(days=30)
FEED_TTL = timedelta(days=3650)
PURPOSES = ("link", "session", "feed")


@dataclass(frozen=True)
class Claim:
    purpose: str
    viewer_id: int
    owner_id: int  # 0 = any zone (sessions)
    epoch: int
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise ValueError("signing key must be at least 32 bytes")
        self._key = key

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:16]

    def sign(self, claim: Claim) -> str:
        if claim.purpose not in PURPOSES:
            raise ValueError(claim.purpose)
        exp = int(claim.expires_at.timestamp())
        payload = f"{claim.purpose}.{claim.viewer_id}.{claim.owner_id}.{claim.epoch}.{exp}".encode()
        return f"{_b64(payload)}.{_b64(self._mac(payload))}"

    def verify(self, token: str, purpose: str, now: datetime) -> Claim | None:
        """The claim if the token is genuine, of this purpose and unexpired; else None."""
        try:
            body, sig = token.split(".", 1)
            payload = _unb64(body)
            if not hmac.compare_digest(_unb64(sig), self._mac(payload)):
                return None
            kind, viewer, owner, epoch, exp = payload.decode().split(".")
            claim = Claim(kind, int(viewer), int(owner), int(epoch), datetime.fromtimestamp(int(exp), timezone.utc))
        except (ValueError, UnicodeDecodeError):
            return None
        if claim.purpose != purpose or claim.expires_at <= now:
            return None
        return claim

    def bound(self, purpose: str, value: str) -> str:
        """A MAC binding `value` (e.g. a session cookie) to `purpose` (e.g. "csrf"): forms carry it."""
        return _b64(self._mac(f"bound.{purpose}.{value}".encode()))

    def check_bound(self, purpose: str, value: str, mac: str) -> bool:
        """Whether `mac` is `bound(purpose, value)` (compared in constant time)."""
        return hmac.compare_digest(mac.encode(), self.bound(purpose, value).encode())

    def link(self, viewer_id: int, owner_id: int, epoch: int, now: datetime) -> str:
        return self.sign(Claim("link", viewer_id, owner_id, epoch, now + LINK_TTL))

    def session(self, viewer_id: int, epoch: int, now: datetime) -> str:
        return self.sign(Claim("session", viewer_id, 0, epoch, now + SESSION_TTL))

    def feed(self, viewer_id: int, owner_id: int, epoch: int, now: datetime) -> str:
        return self.sign(Claim("feed", viewer_id, owner_id, epoch, now + FEED_TTL))
