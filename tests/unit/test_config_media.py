"""`[media]`: local disk by default, or an S3-compatible bucket; each missing or bad key named at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from openzone.config import ConfigError, load
from openzone.logs import secrets_of

S3 = '[media]\nstore = "s3"\ns3_endpoint = "http://127.0.0.1:9000"\ns3_bucket = "photos"\n'
KEYS = 's3_access_key = "AKIAFROMCONFIG01"\ns3_secret_key = "secret-from-config-0001"\n'


@pytest.fixture(autouse=True)
def _no_s3_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENZONE_S3_ACCESS_KEY", raising=False)
    monkeypatch.delenv("OPENZONE_S3_SECRET_KEY", raising=False)


def _load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "config.toml"
    path.write_text(text)
    return load(path)


def test_media_stay_on_local_disk_unless_a_bucket_is_configured(tmp_path: Path) -> None:
    settings = _load(tmp_path, 'data_dir = "/srv/oz"\n')
    assert settings.media.store == "local" and settings.media_dir == Path("/srv/oz/media")


def test_a_bucket_with_its_keys_from_the_config(tmp_path: Path) -> None:
    m = _load(tmp_path, S3 + KEYS).media
    assert (m.store, m.s3_endpoint, m.s3_bucket, m.s3_region) == ("s3", "http://127.0.0.1:9000", "photos", "us-east-1")
    assert (m.s3_access_key, m.s3_secret_key) == ("AKIAFROMCONFIG01", "secret-from-config-0001")


def test_the_environment_s_keys_win_over_the_config_s_and_stay_out_of_repr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENZONE_S3_ACCESS_KEY", "AKIAFROMENV00001")
    monkeypatch.setenv("OPENZONE_S3_SECRET_KEY", "secret-from-env-00001")
    settings = _load(tmp_path, S3 + KEYS)
    assert (settings.media.s3_access_key, settings.media.s3_secret_key) == ("AKIAFROMENV00001", "secret-from-env-00001")
    assert "FROMENV" not in repr(settings) and "from-env" not in repr(settings)
    assert {"AKIAFROMENV00001", "secret-from-env-00001"} <= set(secrets_of(settings))  # masked in every log line


def test_keys_from_the_environment_alone_are_enough(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENZONE_S3_ACCESS_KEY", "AKIAFROMENV00001")
    monkeypatch.setenv("OPENZONE_S3_SECRET_KEY", "secret-from-env-00001")
    assert _load(tmp_path, S3).media.s3_secret_key == "secret-from-env-00001"


@pytest.mark.parametrize(("text", "key"), [
    ('[media]\nstore = "ftp"', "media.store"),
    ('[media]\nstore = "s3"\n' + KEYS, "media.s3_bucket"),
    (S3.replace('"photos"', '"Photos_Bucket"') + KEYS, "media.s3_bucket"),
    (S3.replace("http://127.0.0.1:9000", "127.0.0.1:9000") + KEYS, "media.s3_endpoint"),
    (S3 + 's3_region = "US East"\n' + KEYS, "media.s3_region"),
    (S3, "media.s3_access_key"),
    (S3 + 's3_access_key = "AKIAFROMCONFIG01"\n', "media.s3_secret_key"),
    (S3 + KEYS + "s3_bucket_name = 'x'\n", "media.s3_bucket_name"),
    ('[media]\ns3_port = 9000', "media.s3_port"),
])
def test_a_bad_or_missing_media_key_stops_start_up_naming_it(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, text)
    assert err.value.key == key
    assert "expected" in str(err.value)
    assert "secret-from-config" not in str(err.value)


def test_the_s3_keys_are_ignored_while_the_store_is_local(tmp_path: Path) -> None:
    assert _load(tmp_path, '[media]\ns3_bucket = ""\n').media.store == "local"
