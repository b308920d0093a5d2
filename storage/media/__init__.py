"""Media: the Pillow pipeline, the content-addressed store and the service that joins them."""

from __future__ import annotations

from storage.media.processing import Limits, Processed, process
from storage.media.service import MediaService, configure_pillow
from storage.media.store import DiskStore

__all__ = ["DiskStore", "Limits", "MediaService", "Processed", "configure_pillow", "process"]
