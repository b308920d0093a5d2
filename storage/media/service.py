"""The media pipeline core.albums.ports.MediaPipeline asks for: Pillow work in a pool, files in a store.

The store is local disk (a path) or an S3-compatible bucket (`storage.media.s3.S3Store`); the
service and everything above it read and write the same way whichever it is.
"""

from __future__ import annotations

import asyncio
import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from core.albums.ports import ProcessedImage
from storage.media.processing import Limits, check_size, process
from storage.media.store import DiskStore, LocalStore, MediaStore


def configure_pillow(limits: Limits) -> None:
    """Pillow's own decompression-bomb guard at our limit, as an error rather than a warning.

    Image.open raises DecompressionBombError past twice MAX_IMAGE_PIXELS and warns past it; the
    warning becomes an error we turn into a reply. Our own header check refuses anything above
    the limit before decoding either way.
    """
    Image.MAX_IMAGE_PIXELS = limits.max_pixels
    warnings.filterwarnings("error", category=Image.DecompressionBombWarning)


class MediaService:
    """Decode/encode in threads (Pillow releases the GIL while it works), so the loop stays responsive."""

    def __init__(self, store: Path | MediaStore, *, limits: Limits = Limits(), keep_originals: bool = False,
                 workers: int | None = None) -> None:
        self.limits = limits
        self.max_bytes = limits.max_bytes
        self.keep_originals = keep_originals
        self.workers = workers or max(1, os.cpu_count() or 1)
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="media")
        self.store: MediaStore = LocalStore(DiskStore(store), self._pool) if isinstance(store, Path) else store
        configure_pillow(limits)

    def _prepare(self, data: bytes) -> tuple[ProcessedImage, dict[str, tuple[bytes, str]]]:
        """The pool's part: the Pillow work and the content keys; returns the image and what to write by key."""
        done = process(data, self.limits)
        files, writes = {}, {}
        for name, blob in done.renditions.items():
            ext = name.rsplit(".", 1)[1]
            files[name] = key = DiskStore.key_for(blob, ext)
            writes[key] = (blob, ext)  # identical renditions (a small photo's two sizes) are written once
        # An original is stored for re-processing later, never served: it may still carry GPS.
        original = DiskStore.key_for(data, "bin") if self.keep_originals else None
        if original is not None:
            writes[original] = (data, "bin")
        return ProcessedImage(done.width, done.height, done.placeholder, files, original), writes

    async def ingest(self, data: bytes) -> ProcessedImage:
        check_size(len(data), self.limits)  # refuse oversized input before queueing any work
        image, writes = await asyncio.get_running_loop().run_in_executor(self._pool, self._prepare, data)
        await asyncio.gather(*(self.store.put(blob, ext) for blob, ext in writes.values()))
        return image

    async def read(self, key: str) -> bytes | None:
        return await self.store.get(key)

    async def sweep(self, keep: set[str], older_than: float) -> int:
        """Delete stored media no row refers to (`keep`) and older than `older_than` (epoch seconds)."""
        return await self.store.sweep(keep, older_than)

    def close(self) -> None:
        """Stop the pool (what a sync caller can do); `aclose` also closes the store's connections."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def aclose(self) -> None:
        self.close()
        await self.store.close()
