"""Photos in an S3-compatible bucket (a local moto server): the real pipeline, the real web view, two hosts.

Each test runs on SQLite and PostgreSQL; the platform is built by openzone.bootstrap with
`[media] store = "s3"` exactly as an operator configures it, nothing else changed.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from openzone.settings import ConfigError, Media
from storage import Database
from tests.builders import World, settings_for
from tests.fake_s3 import Bucket, s3, s3_server  # noqa: F401 — fixtures
from tests.images import attachment, photo
from tests.web.conftest import sign_in

SIZES = ("320.webp", "320.jpg", "1280.webp", "1280.jpg")


@pytest.fixture
async def s3_world(db: Database, s3: Bucket, tmp_path: Path) -> AsyncIterator[World]:  # noqa: F811
    built = await World.start(db, settings_for(db, tmp_path / "host-a", media=s3.media_settings()))
    yield built
    await built.close()


async def _friends_photo(world: World, colour: tuple[int, int, int] = (200, 40, 40)) -> int:
    """Alice (friends with dave; erin a stranger) adds a photo to a friends-only album; its photo id."""
    await world.befriend("alice", "dave")
    await world.say("erin", "/start")
    await world.say("alice", "/album new Home friends")
    reply = await world.says("alice", "#home the garden", attachments=(attachment(photo(900, 600, colour, gps=True)),))
    found = re.findall(r"\bp(\d+)", reply)
    assert found, reply
    return int(found[0])


async def test_photos_uploaded_from_chat_are_stored_in_the_bucket_and_nothing_on_disk(
    s3_world: World, s3: Bucket,  # noqa: F811
) -> None:
    await _friends_photo(s3_world)
    async with s3_world.db.uow() as uow:
        keys = await uow.albums.media_keys()
    assert len(keys) == 4 and s3.keys() == keys
    for key in keys:  # content-addressed: each object is named by the hash of its bytes
        assert key == f"{hashlib.sha256(s3.read(key)).hexdigest()}.{key.rsplit('.', 1)[1]}"
    assert b"PhoneMaker" not in b"".join(s3.read(k) for k in keys)  # stripped before it was stored
    assert not s3_world.runtime.settings.media_dir.exists()


async def test_a_friends_only_photo_in_the_bucket_is_served_to_a_friend_and_refused_to_a_stranger(
    s3_world: World, s3: Bucket,  # noqa: F811
) -> None:
    photo_id = await _friends_photo(s3_world)
    async with TestClient(TestServer(s3_world.runtime.web_app())) as client:
        for viewer in ("erin", None):
            await sign_in(client, s3_world, viewer)
            for size in SIZES:
                resp = await client.get(f"/media/p/{photo_id}/{size}")
                assert resp.status == 404, (viewer, size)
        await sign_in(client, s3_world, "dave")
        async with s3_world.db.uow() as uow:
            stored = await uow.albums.get_photo(photo_id)
        assert stored is not None
        for size in SIZES:
            resp = await client.get(f"/media/p/{photo_id}/{size}")
            assert resp.status == 200
            assert await resp.read() == s3.read(stored.files[size])
            assert resp.headers["Content-Type"] == ("image/webp" if size.endswith("webp") else "image/jpeg")
            assert resp.headers["Cache-Control"] == "private, no-cache"


async def test_two_hosts_on_one_database_and_bucket_serve_each_others_photos(
    db: Database, s3: Bucket, tmp_path: Path,  # noqa: F811
) -> None:
    one = await World.start(db, settings_for(db, tmp_path / "host-a", media=s3.media_settings()))
    two = await World.start(db, settings_for(db, tmp_path / "host-b", media=s3.media_settings()))
    try:
        from_one = await _friends_photo(one)
        reply = await two.says("alice", "#home from the other host", attachments=(attachment(photo(700, 500, (9, 99, 9))),))
        from_two = int(re.findall(r"\bp(\d+)", reply)[0])
        for host in (one, two):
            async with TestClient(TestServer(host.runtime.web_app())) as client:
                await sign_in(client, host, "dave")
                for photo_id in (from_one, from_two):
                    for size in SIZES:
                        assert (await client.get(f"/media/p/{photo_id}/{size}")).status == 200, (photo_id, size)
                await sign_in(client, host, "erin")
                assert (await client.get(f"/media/p/{from_two}/320.webp")).status == 404
        # Photos reach chat from the bucket too: the other host attaches one uploaded on the first.
        shown = await two.say("dave", "/album show @alice Home")
        assert any(r.images for r in shown), [r.plain_text for r in shown]
    finally:
        await one.close()
        await two.close()


async def test_the_sweep_deletes_only_unreferenced_objects_older_than_the_grace(
    s3_world: World, s3: Bucket,  # noqa: F811
) -> None:
    await _friends_photo(s3_world)
    media = s3_world.services.media
    async with s3_world.db.uow() as uow:
        keep = await uow.albums.media_keys()
    orphan = await media.store.put(b"left behind by a failed batch", "bin")  # type: ignore[union-attr]
    s3.server.client().put_object(Bucket=s3.name, Key="not-ours.txt", Body=b"someone else's")
    assert await media.sweep(keep, time.time() - 3600) == 0  # type: ignore[union-attr]  # all too young
    assert await media.sweep(keep, time.time() + 60) == 1  # type: ignore[union-attr]
    assert s3.keys() == keep | {"not-ours.txt"} and orphan not in s3.keys()


async def test_a_bucket_that_does_not_exist_stops_start_up_naming_the_key(
    db: Database, s3: Bucket, tmp_path: Path,  # noqa: F811
) -> None:
    settings = settings_for(db, tmp_path, media=replace(s3.media_settings(), s3_bucket="no-such-bucket-here"))
    with pytest.raises(ConfigError) as err:
        await World.start(db, settings)
    assert err.value.key == "media.s3_bucket"
    assert "no-such-bucket-here" in str(err.value) and s3.endpoint in str(err.value)


async def test_an_endpoint_nobody_listens_on_stops_start_up_naming_the_key(db: Database, tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    media = Media(store="s3", s3_endpoint=f"http://127.0.0.1:{port}", s3_bucket="photos",
                  s3_access_key="AKIAEXAMPLE01", s3_secret_key="example-secret-0001")
    with pytest.raises(ConfigError) as err:
        await World.start(db, settings_for(db, tmp_path, media=media))
    assert err.value.key == "media.s3_bucket" and f"127.0.0.1:{port}" in str(err.value)


async def test_the_s3_keys_never_reach_a_log_line_even_in_botocores_debug_output(
    db: Database, s3: Bucket, tmp_path: Path, caplog: pytest.LogCaptureFixture,  # noqa: F811
) -> None:
    import logging

    from openzone.logs import MASK, redact_logs
    from tests.fake_s3 import ACCESS_KEY

    settings = settings_for(db, tmp_path, media=s3.media_settings())
    redactor = redact_logs(settings)
    try:
        with caplog.at_level(logging.DEBUG):  # botocore logs each request's signed headers at DEBUG
            world = await World.start(db, settings)
            try:
                await world.say("alice", "/album new Trip")
                await world.say("alice", "#trip", attachments=(attachment(photo()),))
            finally:
                await world.close()
    finally:
        redactor.uninstall()
    assert f"Credential={MASK}" in caplog.text  # the Authorization header was logged, masked
    assert ACCESS_KEY not in caplog.text and settings.media.s3_secret_key not in caplog.text


async def test_a_name_that_is_not_a_content_key_never_reaches_the_bucket(s3: Bucket) -> None:  # noqa: F811
    from storage.media.s3 import S3Config, S3Store
    from tests.fake_s3 import ACCESS_KEY, SECRET_KEY

    s3.server.client().put_object(Bucket=s3.name, Key="backup.sql", Body=b"someone else's")
    store = S3Store(S3Config(s3.name, s3.endpoint, access_key=ACCESS_KEY, secret_key=SECRET_KEY))
    try:
        assert await store.get("backup.sql") is None and not await store.exists("backup.sql")
        key = await store.put(b"bytes", "jpg")
        assert await store.get(key) == b"bytes" and await store.exists(key)
        assert await store.get("0" * 64 + ".jpg") is None  # well-formed but absent
    finally:
        await store.close()
