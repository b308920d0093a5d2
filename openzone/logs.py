"""No secret in any log line: the configured secrets are masked whichever library logs them.

httpx logs every Bot API call at INFO with the token in its URL (`POST …/bot<TOKEN>/sendMessage`),
aiohttp and discord.py log requests and gateway traffic at DEBUG, and an exception's text may
quote a URL. Rather than tame each library's loggers, the masking sits in the one place every
record passes through when it is made — the log record factory — so it holds for every logger
and every handler (files, the console, pytest's capture) alike.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from handlers.trace import REQUEST_ID
from openzone.settings import Settings

MASK = "«redacted»"
MIN_SECRET = 6  # shorter values would mask ordinary words; no real token or key is this short
_FORMATTER = logging.Formatter()
# Secrets no setting names: Discord's interaction tokens (valid 15 minutes, enough to answer as
# the bot) travel in webhook URLs and in the gateway events discord.py logs at DEBUG.
PATTERNS = (
    re.compile(r"(/(?:interactions/\d+|webhooks/\d+)/)([^/\s?'\"]+)"),
    re.compile(r"(['\"]token['\"]:\s*['\"])([^'\"]+)"),
)


def secrets_of(settings: Settings) -> list[str]:
    """Every secret the settings carry: bot tokens, the webhook secret, QQ's access token, the signing key,
    DB passwords, S3 keys."""
    found = [settings.telegram.token, settings.telegram.webhook_secret, settings.discord.token,
             settings.web.signing_key, settings.metrics.token, settings.qq.access_token,
             settings.media.s3_access_key, settings.media.s3_secret_key]
    key_file = settings.data_dir / "signing.key"
    if not settings.web.signing_key and key_file.is_file():
        try:
            found.append(key_file.read_text().strip())
        except OSError:
            pass
    password = urlsplit(settings.database.url).password
    if password:
        found += [password, unquote(password)]
    return found


class Redactor:
    """Masks `secrets` (and their URL-encoded forms) in every log record made while installed."""

    def __init__(self, secrets: Iterable[str]) -> None:
        forms = set()
        for s in secrets:
            if s and len(s) >= MIN_SECRET:
                forms |= {s, quote(s, safe=""), quote(s)}
        # Longest first, so a secret containing another is masked whole.
        self.secrets = sorted(forms, key=len, reverse=True)
        self._previous: Callable[..., logging.LogRecord] | None = None

    def mask(self, text: str) -> str:
        for s in self.secrets:
            if s in text:
                text = text.replace(s, MASK)
        for pattern in PATTERNS:
            text = pattern.sub(lambda m: m[1] + MASK, text)
        return text

    def scrub(self, record: logging.LogRecord) -> logging.LogRecord:
        """The record with its message (arguments merged in) and exception text masked."""
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 — a bad format string is logging's to report; mask what is there
            message, record.args = str(record.msg), tuple(self.mask(str(a)) for a in (record.args or ()))  # type: ignore[assignment]
            record.msg = self.mask(message)
        else:
            masked = self.mask(message)
            if masked != message:
                record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.mask(record.stack_info)
        return record

    def install(self) -> Redactor:
        """Wrap the log record factory (once); `uninstall` puts the previous one back."""
        if self._previous is None:
            previous = self._previous = logging.getLogRecordFactory()

            def factory(*args: Any, **kw: Any) -> logging.LogRecord:
                return self.scrub(previous(*args, **kw))

            logging.setLogRecordFactory(factory)
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            logging.setLogRecordFactory(self._previous)
            self._previous = None


def redact_logs(settings: Settings) -> Redactor:
    """Called by `openzone` before anything is built: from here on no log line holds a secret."""
    return Redactor(secrets_of(settings)).install()


TEXT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


class WithRequestId(logging.Filter):
    """Puts the id of the web request or chat update being handled (handlers.trace) on the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, request_id, message (and exc, already masked)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name,
                "request_id": getattr(record, "request_id", "-"), "message": record.getMessage()}
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exc"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def format_handler(handler: logging.Handler, settings: Settings) -> logging.Handler:
    """`handler` writing `[log] format` lines, each with its request or update id."""
    if not any(isinstance(f, WithRequestId) for f in handler.filters):
        handler.addFilter(WithRequestId())
    handler.setFormatter(JsonLines() if settings.log.format == "json" else logging.Formatter(TEXT))
    return handler


def setup_logging(settings: Settings) -> Redactor:
    """Called by `openzone` once settings are loaded: secrets masked, then every root handler formatted."""
    redactor = redact_logs(settings)
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    for handler in root.handlers:
        format_handler(handler, settings)
    return redactor


__all__ = ["MASK", "JsonLines", "Redactor", "WithRequestId", "format_handler", "redact_logs", "secrets_of",
           "setup_logging"]
