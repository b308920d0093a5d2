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
            return key  # same bytes, same key: stored once
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

    def exists(self, key: str) -> bool:
        try:
            return self.path(key).exists()
        except ValueError:
            return False
