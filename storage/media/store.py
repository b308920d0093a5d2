"""Content-addressed media: the key is the SHA-256 of the bytes, so duplicates are stored once.

`DiskStore` is the files on disk (blocking calls); `LocalStore` is the same behind the async face
every store offers the media service (`MediaStore`), as `storage.media.s3.S3Store` does for a bucket.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
from concurrent.futures import Executor
from pathlib import Path
from typing import Protocol

_KEY = re.compile(r"^[0-9a-f]{64}\.(webp|jpg|bin)$")
TYPES = {"webp": "image/webp", "jpg": "image/jpeg", "bin": "application/octet-stream"}


def is_key(key: str) -> bool:
    """A content key as we make them (`<sha256>.<ext>`), nothing else."""
    return bool(_KEY.match(key))


class MediaStore(Protocol):
    """Where the media service keeps renditions: local disk or an S3-compatible bucket."""

    async def put(self, data: bytes, ext: str) -> str:
        """Store `data`, returning its content key; storing the same bytes again renews them."""
        ...

    async def get(self, key: str) -> bytes | None: ...
    async def exists(self, key: str) -> bool: ...

    async def sweep(self, keep: set[str], older_than: float) -> int:
        """Delete what no row refers to (`keep`) and is older than `older_than` (epoch seconds)."""
        ...

    async def close(self) -> None: ...


class DiskStore:
    """`root/ab/cd/abcd….webp`; written atomically (temp file + rename), never modified after."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def key_for(data: bytes, ext: str) -> str:
        return f"{hashlib.sha256(data).hexdigest()}.{ext}"

    def path(self, key: str) -> Path:
        if not is_key(key):  # keys come from our own rows, but never let one walk the tree
            raise ValueError(f"not a media key: {key!r}")
        return self.root / key[:2] / key[2:4] / key

    def put(self, data: bytes, ext: str) -> str:
        """Store `data` (blocking I/O: call from a worker thread); returns its key."""
        key = self.key_for(data, ext)
        target = self.path(key)
        if target.exists():
            # Same bytes, same key: stored once. Touch it, so a sweep running before this upload
            # commits its row can't take the file as an old orphan.
            os.utime(target)
            return key
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".up-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return key

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except (FileNotFoundError, ValueError):
            return None

    def sweep(self, keep: set[str], older_than: float) -> int:
        """Delete files no row refers to (`keep`) and untouched since `older_than` (epoch seconds).

        Blocking I/O: call from a worker thread. The age guard spares uploads still in flight.
        """
        removed = 0
        for path in self.root.glob("??/??/*"):
            key = path.name
            if not _KEY.match(key) or key in keep:
                continue
            try:
                if path.stat().st_mtime < older_than:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed

    def exists(self, key: str) -> bool:
        try:
            return self.path(key).exists()
        except ValueError:
            return False


class LocalStore:
    """A DiskStore for the media service: writes in its pool, reads and sweeps in the loop's default one."""

    def __init__(self, disk: DiskStore, writers: Executor | None = None) -> None:
        self.disk = disk
        self.writers = writers

    async def put(self, data: bytes, ext: str) -> str:
        return await asyncio.get_running_loop().run_in_executor(self.writers, self.disk.put, data, ext)

    async def get(self, key: str) -> bytes | None:
        # The default executor, not the writers: a page's thumbnails must not queue behind uploads.
        return await asyncio.to_thread(self.disk.get, key)

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self.disk.exists, key)

    async def sweep(self, keep: set[str], older_than: float) -> int:
        return await asyncio.to_thread(self.disk.sweep, keep, older_than)

    async def close(self) -> None:
        return None
