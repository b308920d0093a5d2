"""The media pipeline core.album_ports.MediaPipeline asks for: Pillow work in a pool, files in the store."""

from __future__ import annotations

import asyncio
import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from core.album_ports import ProcessedImage
from storage.media.processing import Limits, check_size, process
from storage.media.store import DiskStore


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

    def __init__(self, root: Path, *, limits: Limits = Limits(), keep_originals: bool = False,
                 workers: int | None = None) -> None:
        self.store = DiskStore(root)
        self.limits = limits
        self.max_bytes = limits.max_bytes
        self.keep_originals = keep_originals
        self.workers = workers or max(1, os.cpu_count() or 1)
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="media")
        configure_pillow(limits)

    def _ingest(self, data: bytes) -> ProcessedImage:
        done = process(data, self.limits)
        files = {name: self.store.put(blob, name.rsplit(".", 1)[1]) for name, blob in done.renditions.items()}
        # An original is stored for re-processing later, never served: it may still carry GPS.
        original = self.store.put(data, "bin") if self.keep_originals else None
        return ProcessedImage(done.width, done.height, done.placeholder, files, original)

    async def ingest(self, data: bytes) -> ProcessedImage:
        check_size(len(data), self.limits)  # refuse oversized input before queueing any work
        return await asyncio.get_running_loop().run_in_executor(self._pool, self._ingest, data)

    async def read(self, key: str) -> bytes | None:
        # The default executor, not the pool: a page's thumbnails must not queue behind uploads.
        return await asyncio.to_thread(self.store.get, key)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
