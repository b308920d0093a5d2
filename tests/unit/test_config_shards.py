"""`[discord] shard_count` / `shard_ids`: off by default; ids within the count, each once, named on error."""

from __future__ import annotations

from pathlib import Path

import pytest

from openzone.config import ConfigError, load


def _load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "config.toml"
    path.write_text(text)
    return load(path)


def test_the_bot_is_unsharded_unless_a_shard_count_is_set(tmp_path: Path) -> None:
    d = _load(tmp_path, "").discord
    assert (d.shard_count, d.shard_ids) == (0, ())


def test_a_process_names_its_shards_of_the_count(tmp_path: Path) -> None:
    d = _load(tmp_path, "[discord]\nshard_count = 4\nshard_ids = [2, 3]\n").discord
    assert (d.shard_count, d.shard_ids) == (4, (2, 3))


@pytest.mark.parametrize(("text", "key", "allowed"), [
    ("shard_count = -1", "discord.shard_count", "0 (no sharding)"),
    ('shard_count = "4"', "discord.shard_count", "a int"),
    ("shard_count = 4\nshard_ids = [0, 4]", "discord.shard_ids", "shard ids from 0 to 3"),
    ("shard_count = 4\nshard_ids = [-1]", "discord.shard_ids", "shard ids from 0 to 3"),
    ("shard_count = 4\nshard_ids = [1, 1]", "discord.shard_ids", "each shard id once"),
    ("shard_ids = [0]", "discord.shard_ids", "unless discord.shard_count is set"),
    ('shard_count = 4\nshard_ids = ["1"]', "discord.shard_ids", "a list of whole numbers"),
    ("shard_count = 4\nshard_ids = 1", "discord.shard_ids", "a list of whole numbers"),
    ("shards = 4", "discord.shards", "one of"),
])
def test_a_bad_shard_setting_stops_start_up_naming_the_key(tmp_path: Path, text: str, key: str, allowed: str) -> None:
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, "[discord]\n" + text + "\n")
    assert err.value.key == key
    assert allowed in str(err.value)
