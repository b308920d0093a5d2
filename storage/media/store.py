"""Content-addressed files on disk: the key is the SHA-256 of the bytes, so duplicates are stored once."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

_KEY = re.compile(r"^[0-9a-f]{64}\.(webp|jpg|bin)$")


class DiskStore:
    """`root/ab/cd/abcd….webp`; written atomically (temp file + rename), never modified after."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def key_for(data: bytes, ext: str) -> str:
        return f"{hashlib.sha256(data).hexdigest()}.{ext}"

    def path(self, key: str) -> Path:
        if not _KEY.match(key):  # keys come from our own rows, but never let one walk the tree
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
