"""The content-addressed store and the service around it: duplicates once, originals only when asked."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from core.errors import LimitExceeded
from storage.media import DiskStore, MediaService
from tests.images import photo


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


async def test_the_same_photo_twice_is_stored_once_under_the_hash_of_its_bytes(tmp_path: Path) -> None:
    service = MediaService(tmp_path, workers=1)
    first = await service.ingest(photo(900, 600, gps=True))
    second = await service.ingest(photo(900, 600, gps=True))
    assert first.files == second.files
    stored = _files(tmp_path)
    assert len(stored) == 4 and first.original_key is None
    for key in first.files.values():
        data = await service.read(key)
        assert data is not None and key == f"{hashlib.sha256(data).hexdigest()}.{key.rsplit('.', 1)[1]}"
    service.close()


async def test_originals_are_kept_only_when_configured(tmp_path: Path) -> None:
    service = MediaService(tmp_path, workers=1, keep_originals=True)
    upload = photo(900, 600, gps=True)
    done = await service.ingest(upload)
    assert done.original_key is not None and await service.read(done.original_key) == upload
    assert len(_files(tmp_path)) == 5
    service.close()


async def test_an_oversized_upload_is_refused_before_any_work_is_queued(tmp_path: Path) -> None:
    service = MediaService(tmp_path, workers=1)
    with pytest.raises(LimitExceeded):
        await service.ingest(bytes(100 * 1024 * 1024))
    assert _files(tmp_path) == []
    service.close()


def test_keys_that_are_not_content_hashes_never_reach_the_disk(tmp_path: Path) -> None:
    store = DiskStore(tmp_path)
    assert store.get("../../etc/passwd") is None
    assert store.get("a" * 64 + ".exe") is None
    with pytest.raises(ValueError):
        store.path("../" + "a" * 61 + ".jpg")


async def test_a_small_photo_whose_two_sizes_are_identical_is_stored_once_per_format(tmp_path: Path) -> None:
    service = MediaService(tmp_path, workers=1)
    done = await service.ingest(photo(300, 200))
    assert done.files["320.jpg"] == done.files["1280.jpg"] and done.files["320.webp"] == done.files["1280.webp"]
    assert len(_files(tmp_path)) == 2
    service.close()
