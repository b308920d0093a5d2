"""Configuration: defaults equal the example file; bad values name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from openzone.config import ConfigError, Settings, load

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_config_equals_the_built_in_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("OPENZONE_TELEGRAM_TOKEN", "OPENZONE_DISCORD_TOKEN", "OPENZONE_SIGNING_KEY", "OPENZONE_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    assert load(ROOT / "config.example.toml") == Settings()


@pytest.mark.parametrize(("text", "key"), [
    ('[web]\nport = 0', "web.port"),
    ('[web]\nport = "80"', "web.port"),
    ('[telegram]\nmode = "carrier-pigeon"', "telegram.mode"),
    ('[database]\nurl = "mysql://x"', "database.url"),
    ('[site]\npublic_url = "ftp://x"', "site.public_url"),
    ('[sight]\nname = "x"', "sight"),
    ('[web]\nprot = 1', "web.prot"),
    ('[metrics]\nlisten = "9464"', "metrics.listen"),
    ('[metrics]\nlisten = "127.0.0.1:99999"', "metrics.listen"),
])
def test_a_bad_value_stops_start_up_naming_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load(path)
    assert err.value.key == key
    assert "expected" in str(err.value)


def test_secrets_come_from_the_environment_and_stay_out_of_repr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENZONE_TELEGRAM_TOKEN", "123:SECRET")
    settings = load(ROOT / "config.example.toml")
    assert settings.telegram.token == "123:SECRET"
    assert "SECRET" not in repr(settings)
