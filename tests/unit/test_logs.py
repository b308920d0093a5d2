"""The log redactor: every configured secret is masked in messages, arguments and tracebacks."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from openzone.logs import MASK, Redactor, secrets_of
from openzone.settings import DatabaseSettings, Settings, Telegram

TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_secrets_of_names_tokens_the_generated_signing_key_and_the_database_password(tmp_path: Path) -> None:
    (tmp_path / "signing.key").write_text("generated-signing-key-0123456789abcdef\n")
    settings = Settings(telegram=Telegram(token=TOKEN), data_dir=tmp_path,
                        database=DatabaseSettings(url="postgresql+asyncpg://oz:pa%24%24word99@db/oz"))
    found = secrets_of(settings)
    assert {TOKEN, "generated-signing-key-0123456789abcdef", "pa$$word99"} <= set(found)


def test_a_secret_is_masked_in_arguments_url_encoded_forms_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    redactor = Redactor([TOKEN]).install()
    try:
        log = logging.getLogger("test.redact")
        with caplog.at_level(logging.DEBUG):
            log.info("HTTP Request: POST %s %r", f"https://api.telegram.org/bot{TOKEN}/getMe", "HTTP/1.1 200 OK")
            log.info("encoded: %s", "bot123456%3AAAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")
            try:
                raise RuntimeError(f"cannot reach /bot{TOKEN}/sendMessage")
            except RuntimeError:
                log.exception("send failed")
    finally:
        redactor.uninstall()
    assert TOKEN not in caplog.text and "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" not in caplog.text
    assert f"/bot{MASK}/getMe" in caplog.text and f"bot{MASK}" in caplog.text
    assert f"cannot reach /bot{MASK}/sendMessage" in caplog.text


def test_short_values_are_not_treated_as_secrets() -> None:
    assert Redactor(["", "abc"]).mask("abc and more") == "abc and more"
