"""One time zone setting, `[site] time_zone`: the times people read and their check-in day, until
they set /timezone, and the calendar day of their zone's visits. `[shop] timezone`, its old name, still works and says so at start."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path

import pytest

from openzone.config import ConfigError, load
from storage import Database
from tests.builders import PUBLIC_URL, World


def config(tmp_path: Path, db: Database, *, site: str = "", shop: str = "") -> Path:
    """A config file on the test's database, as an operator writes one, with these `[site]` and `[shop]` lines."""
    path = tmp_path / "config.toml"
    path.write_text(f'data_dir = "{tmp_path}"\n[database]\nurl = "{db.url}"\n'
                    f'[site]\npublic_url = "{PUBLIC_URL}"\n{site}\n[shop]\n{shop}\n[admins]\nconsole = ["admin"]\n')
    return path


async def tokyo_check_in(world: World) -> str:
    world.clock.current = datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc)  # already 2 March in Tokyo
    return await world.says("alice", "/checkin")


async def test_the_site_time_zone_is_the_check_in_day_of_who_set_none(db: Database, tmp_path: Path) -> None:
    world = await World.start(db, load(config(tmp_path, db, site='time_zone = "Asia/Tokyo"')))
    try:
        assert "Checked in for 2 Mar 2026" in await tokyo_check_in(world)
        assert "Your days start at midnight Asia/Tokyo." in await world.says("alice", "/timezone")
    finally:
        await world.close()


async def test_the_site_time_zone_is_the_visit_day_of_a_zone_whose_owner_set_none(db: Database, tmp_path: Path) -> None:
    world = await World.start(db, load(config(tmp_path, db, site='time_zone = "Asia/Tokyo"')))
    try:
        await world.say("alice", "/start")
        world.clock.current = datetime(2026, 3, 1, 14, 30, tzinfo=timezone.utc)  # 23:30 on 1 March in Tokyo
        await world.say("bob", "/posts alice")
        world.clock.current = datetime(2026, 3, 1, 15, 30, tzinfo=timezone.utc)  # 2 March there, still 1 March in UTC
        await world.say("bob", "/posts alice")
        assert "Visits to your zone: 1 today · 2 in all" in await world.says("alice", "/visitors")
    finally:
        await world.close()


async def test_the_old_shop_timezone_still_works_and_warns_at_start(
    db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    settings = load(config(tmp_path, db, shop='timezone = "Asia/Tokyo"'))
    with caplog.at_level(logging.WARNING, logger="openzone.bootstrap"):
        world = await World.start(db, settings)
    try:
        assert [r.getMessage() for r in caplog.records if r.name == "openzone.bootstrap"] == [
            "config: [shop] timezone is deprecated — it is [site] time_zone now (the times people read and their "
            "check-in day alike); write time_zone = 'Asia/Tokyo' under [site] instead."]
        assert settings.site.time_zone == "Asia/Tokyo"
        assert "Checked in for 2 Mar 2026" in await tokyo_check_in(world)
        assert "Your days start at midnight Asia/Tokyo." in await world.says("alice", "/timezone")
    finally:
        await world.close()


def test_the_old_and_new_names_saying_different_zones_stop_start_up(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[site]\ntime_zone = "UTC"\n[shop]\ntimezone = "Asia/Tokyo"\n')
    with pytest.raises(ConfigError) as err:
        load(path)
    assert err.value.key == "shop.timezone" and "keep only [site] time_zone" in str(err.value)
    path.write_text('[shop]\ntimezone = "Mars/Olympus"\n')
    with pytest.raises(ConfigError) as err:
        load(path)
    assert err.value.key == "shop.timezone"
    path.write_text('[site]\ntime_zone = "Asia/Tokyo"\n[shop]\ntimezone = "Asia/Tokyo"\n')
    assert load(path).deprecated  # the same zone twice: it works, and says which name to keep
